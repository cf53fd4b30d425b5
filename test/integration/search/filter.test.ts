import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bboxGeometry } from '../../../src/core/bbox.js';
import type { Geometry } from '../../../src/core/stac.js';
import { fragment, render, sql } from '../../../src/db/sql.js';
import { compileFilter } from '../../../src/search/backends/sql/filter.js';
import type { Cql2Expr } from '../../../src/search/cql2/ast.js';
import { parseCql2Json } from '../../../src/search/cql2/parseJson.js';
import { parseCql2Text } from '../../../src/search/cql2/parseText.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';

/*
 * A small catalogue whose every record is described here, so that each case's expected ids can be worked
 * out by hand. Collection "sentinel-2" holds instants around January 2020 (plus one interval, one undated
 * item and one footprint across the antimeridian); collection "cmip6" holds intervals named after their
 * relation to L = [2000-01-01T00:00:00Z, 2009-12-31T23:59:59Z] in Allen's algebra.
 */

interface ItemRow {
  readonly id: string;
  readonly collection: string;
  /** An instant, an interval [start, end], or null (no time at all). */
  readonly time: string | readonly [string, string] | null;
  readonly geometry: Geometry;
  readonly properties: Readonly<Record<string, unknown>>;
}

const box = (w: number, s: number, e: number, n: number): Geometry => bboxGeometry([w, s, e, n]);
const GLOBE = box(-180, -90, 180, 90);

const S2 = 'sentinel-2';
const ITEMS: readonly ItemRow[] = [
  {
    id: 's2-01', collection: S2, time: '2020-01-15T10:00:00Z', geometry: box(0, 40, 1, 41),
    properties: {
      'eo:cloud_cover': 5, 'eo:snow_cover': 1, platform: 'Sentinel-2A', title: 'Forêt de Fontainebleau',
      code: 'T31_TCJ', instruments: ['msi'], processed: true, created: '2020-01-20T08:00:00Z',
    },
  },
  {
    id: 's2-02', collection: S2, time: '2020-01-15T12:30:00Z', geometry: box(1, 40, 2, 41),
    properties: {
      'eo:cloud_cover': 25, platform: 'sentinel-2b', title: 'Foret landaise', code: 'T31TCJ',
      instruments: ['msi'], processed: false, created: '2020-01-19T08:00:00Z',
    },
  },
  {
    id: 's2-03', collection: S2, time: '2020-02-01T00:00:00Z', geometry: box(10, 45, 12, 47),
    properties: {
      'eo:cloud_cover': 60.5, platform: 'SENTINEL-2A', title: 'Île de la Cité', code: '50%_cloud',
      instruments: ['msi', 'tir'], processed: 'true', created: 'not a date',
    },
  },
  {
    id: 's2-04', collection: S2, time: '2020-01-31T23:59:59Z', geometry: box(10.5, 45.5, 11, 46),
    properties: {
      'eo:cloud_cover': 0, 'eo:snow_cover': 0, platform: 'Sentinel-2B', title: 'ile de Ré', instruments: [],
      created: 20200101,
    },
  },
  {
    id: 's2-05', collection: S2, time: '2021-06-01T00:00:00Z', geometry: box(175, -20, -175, -10),
    properties: { 'eo:cloud_cover': '12', platform: 'Sentinel-2A', title: 'Fiji', instruments: ['msi'] },
  },
  {
    id: 's2-06', collection: S2, time: '2021-06-01T00:00:00Z', geometry: box(-5, 50, -4, 51),
    properties: { title: 'Cornwall', instruments: 'msi' },
  },
  {
    id: 's2-07', collection: S2, time: '2019-12-31T23:00:00Z', geometry: box(20, 35, 21, 36),
    properties: {
      'eo:cloud_cover': 10, 'eo:snow_cover': 15, platform: 'Sentinel-2A', title: 'Crète', instruments: ['msi'],
    },
  },
  {
    id: 's2-08', collection: S2, time: '2020-01-15T00:00:00Z', geometry: { type: 'Point', coordinates: [0.5, 40.5] },
    properties: {
      'eo:cloud_cover': 30, 'eo:snow_cover': 2, platform: 'Sentinel-2B', title: 'Point sample',
      instruments: ['tir', 'msi'],
    },
  },
  {
    id: 's2-09', collection: S2, time: '2020-01-16T00:00:00Z',
    geometry: { type: 'LineString', coordinates: [[-1, 40.5], [3, 40.5]] },
    properties: { 'eo:cloud_cover': 50, platform: 'Sentinel-2A', title: null, instruments: ['tir'] },
  },
  {
    id: 's2-10', collection: S2, time: null, geometry: box(0, 40, 2, 41),
    properties: { 'eo:cloud_cover': 5, platform: 2, title: 'Undated' },
  },
  {
    id: 's2-11', collection: S2, time: ['2020-01-10T00:00:00Z', '2020-01-20T00:00:00Z'], geometry: box(5, 40, 6, 41),
    properties: {
      'eo:cloud_cover': 15, platform: 'Sentinel-2A', title: 'Composite', instruments: ['msi', 'tir', 'swir'],
    },
  },
  ...(
    [
      ['cm-equal', '2000-01-01T00:00:00Z', '2009-12-31T23:59:59Z', { 'cmip6:source_id': 'CESM2', variables: ['tas', 'pr'] }],
      ['cm-later', '2010-01-01T00:00:00Z', '2014-12-31T23:59:59Z', { 'cmip6:source_id': 'CESM2', variables: ['tas'] }],
      ['cm-startedby', '2000-01-01T00:00:00Z', '2014-12-31T23:59:59Z', { 'cmip6:source_id': 'UKESM1-0-LL', variables: ['pr', 'huss'] }],
      ['cm-finishes', '2005-01-01T00:00:00Z', '2009-12-31T23:59:59Z', { 'cmip6:source_id': 'MPI-ESM1-2-HR', variables: ['tas', 'huss'] }],
      ['cm-starts', '2000-01-01T00:00:00Z', '2004-12-31T23:59:59Z', { 'cmip6:source_id': 'IPSL-CM6A-LR' }],
      ['cm-finishedby', '1990-01-01T00:00:00Z', '2009-12-31T23:59:59Z', {}],
      ['cm-during', '2003-01-01T00:00:00Z', '2003-12-31T23:59:59Z', {}],
      ['cm-contains', '1950-01-01T00:00:00Z', '2100-12-31T23:59:59Z', {}],
      ['cm-overlaps', '1995-01-01T00:00:00Z', '2002-12-31T23:59:59Z', {}],
      ['cm-overlappedby', '2008-01-01T00:00:00Z', '2012-12-31T23:59:59Z', {}],
      ['cm-meets', '1990-01-01T00:00:00Z', '2000-01-01T00:00:00Z', {}],
      ['cm-metby', '2009-12-31T23:59:59Z', '2010-12-31T00:00:00Z', {}],
      ['cm-earlier', '1980-01-01T00:00:00Z', '1989-12-31T23:59:59Z', {}],
    ] as const
  ).map(([id, start, end, properties]): ItemRow => ({
    id, collection: 'cmip6', time: [start, end], geometry: GLOBE, properties,
  })),
  {
    id: 'cm-instant', collection: 'cmip6', time: '2005-06-15T12:00:00Z', geometry: GLOBE,
    properties: { 'cmip6:source_id': 42 },
  },
];

const COLLECTIONS = [
  {
    id: 'cmip6', title: 'CMIP6 historical runs', keywords: ['climate', 'model'],
    bbox: [-180, -90, 180, 90], interval: ['1850-01-01T00:00:00Z', null],
  },
  {
    id: S2, title: 'Sentinel-2 Level-2A Europe', keywords: ['optical'],
    bbox: [-10, 35, 30, 60], interval: ['2015-06-23T00:00:00Z', '2022-12-31T23:59:59Z'],
  },
] as const;

function itemDocument(item: ItemRow): unknown {
  const time =
    item.time === null || typeof item.time === 'string'
      ? { datetime: item.time }
      : { datetime: null, start_datetime: item.time[0], end_datetime: item.time[1] };
  return {
    type: 'Feature', stac_version: '1.1.0', id: item.id, collection: item.collection, geometry: item.geometry,
    properties: { ...time, ...item.properties }, links: [], assets: {},
  };
}

async function insertDataset(handle: TestDatabase): Promise<void> {
  for (const item of ITEMS) {
    const [start, end] = item.time === null || typeof item.time === 'string' ? [item.time, item.time] : item.time;
    const doc = JSON.stringify(itemDocument(item));
    await handle.db.query(sql`
      INSERT INTO records (kind, collection_id, id, base, doc, content_hash, geom, dt_start, dt_end, datestamp, change_seq)
      VALUES ('item', ${item.collection}, ${item.id}, ${doc}::jsonb, ${doc}::jsonb, 'test',
        ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(item.geometry)}::text), 4326),
        ${start}::timestamptz, ${end}::timestamptz, now(), nextval('record_change_seq'))`);
  }
  for (const c of COLLECTIONS) {
    const doc = JSON.stringify({
      type: 'Collection', stac_version: '1.1.0', id: c.id, title: c.title, description: c.title,
      keywords: c.keywords, license: 'CC-BY-4.0',
      extent: { spatial: { bbox: [c.bbox] }, temporal: { interval: [c.interval] } }, links: [],
    });
    await handle.db.query(sql`
      INSERT INTO records (kind, id, base, doc, content_hash, geom, dt_start, dt_end, datestamp, change_seq)
      VALUES ('collection', ${c.id}, ${doc}::jsonb, ${doc}::jsonb, 'test',
        ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(bboxGeometry(c.bbox))}::text), 4326),
        ${c.interval[0]}::timestamptz, ${c.interval[1] ?? 'infinity'}::timestamptz, now(), nextval('record_change_seq'))`);
  }
}

/**
 * A case: a CQL2 JSON filter, the same filter in CQL2 text, and the ids it matches. A case marked
 * `astOnly` is a filter that CQL2 refuses but the AST allows (other filter languages build it).
 */
interface FilterCase {
  readonly name: string;
  readonly target?: 'items' | 'collections';
  readonly text?: string;
  readonly astOnly?: boolean;
  readonly filter: unknown;
  readonly expected: readonly string[];
}

const CASES_DIR = fileURLToPath(new URL('./cases/', import.meta.url));
const CASE_FILES = readdirSync(CASES_DIR).filter((f) => f.endsWith('.json')).sort();
const CASES: readonly (FilterCase & { readonly file: string })[] = CASE_FILES.flatMap((file) =>
  (JSON.parse(readFileSync(CASES_DIR + file, 'utf8')) as { cases: FilterCase[] }).cases.map((c) => ({ ...c, file })),
);

const CQL2_CASES = CASES.filter((c) => c.astOnly !== true);

describe('CQL2 filter cases', () => {
  it.each(CQL2_CASES)('$file: $name has the same filter in text and JSON', (c) => {
    expect(parseCql2Text(c.text ?? '')).toEqual(parseCql2Json(c.filter));
  });
});

describe.each(DRIVERS)('CQL2 filters compiled to SQL on %s', (driver) => {
  let handle: TestDatabase;

  beforeAll(async () => {
    handle = await openTestDatabase(driver);
    await insertDataset(handle);
  });
  afterAll(() => handle?.dispose());

  async function matchingIds(filter: Cql2Expr, target: 'items' | 'collections'): Promise<string[]> {
    const kind = target === 'items' ? 'item' : 'collection';
    const where = compileFilter(filter, target);
    const rows = await handle.db.query<{ id: string }>(
      render(fragment`SELECT r.id FROM records r WHERE r.kind = ${kind} AND NOT r.deleted AND ${where}`),
    );
    return rows.map((row) => row.id).sort();
  }

  it.each(CASES)('$file: $name', async (c) => {
    const filter = c.astOnly === true ? (c.filter as Cql2Expr) : parseCql2Json(c.filter);
    expect(await matchingIds(filter, c.target ?? 'items')).toEqual([...c.expected].sort());
  });

  it('keeps a hostile property name and string value out of the SQL and matches nothing', async () => {
    const hostile = "x'); DROP TABLE records; --";
    const filter: Cql2Expr = {
      op: 'or',
      args: [
        { op: '=', args: [{ property: hostile }, 'a'] },
        { op: '=', args: [{ property: 'title' }, hostile] },
        { op: 'like', args: [{ property: hostile }, hostile] },
      ],
    };
    expect(await matchingIds(filter, 'items')).toEqual([]);
    const [count] = await handle.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM records`);
    expect(count?.n).toBe(ITEMS.length + COLLECTIONS.length);
  });
});
