import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bboxGeometry } from '../../../src/core/bbox.js';
import type { Geometry, StacCollection, StacItem } from '../../../src/core/stac.js';
import { DRIVERS } from '../../support/drivers.js';
import { openStacApi, type StacApi } from '../../support/stacApi.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';
import { validateStac } from '../../support/stacValidator.js';

/*
 * Item and collection search over a small catalogue described in full below, so that every expected
 * answer can be worked out by hand (or by a few lines of plain JavaScript over these same documents):
 *
 * - "dt": instants and intervals (datetime null with start/end) around 2000-01-01;
 * - "am": footprints around the antimeridian, one crossing it and one given in 0..360 longitudes;
 * - "eo": twelve instants with eo:cloud_cover (ties, two missing), platform (one missing) and instruments;
 * - "clim": intervals with accented and differently cased titles, for free text;
 * - "precip": two items, and a collection used by collection search.
 *
 * Identifiers are lower-case ASCII of equal shape, so that any database collation orders them by code point.
 */

const interval = (start: string, end: string) => ({ datetime: null, properties: { start_datetime: start, end_datetime: end } });

const COLLECTIONS: StacCollection[] = [
  makeCollection('dt', {
    title: 'Instants and intervals',
    description: 'Time handling checks',
    license: 'CC-BY-4.0',
    keywords: ['time'],
    extent: { spatial: { bbox: [[-10, 40, 10, 50]] }, temporal: { interval: [['1990-01-01T00:00:00Z', '2010-12-31T23:59:59Z']] } },
  }),
  makeCollection('am', {
    title: 'Pacific islands',
    description: 'Footprints near the date line',
    license: 'CC0-1.0',
    extent: { spatial: { bbox: [[170, -10, -170, 10]] }, temporal: { interval: [['2015-01-01T00:00:00Z', null]] } },
  }),
  makeCollection('eo', {
    title: 'Optical scenes over Europe',
    description: 'Multispectral imagery',
    license: 'proprietary',
    keywords: ['optical', 'Sentinel'],
    extent: { spatial: { bbox: [[-10, 35, 30, 60]] }, temporal: { interval: [['2015-06-23T00:00:00Z', null]] } },
  }),
  makeCollection('clim', {
    title: "Température de l'air, CMIP6",
    description: 'Projections climatiques mensuelles',
    license: 'CC-BY-4.0',
    keywords: ['climate', 'CMIP6'],
    extent: { spatial: { bbox: [[-180, -90, 180, 90]] }, temporal: { interval: [['1850-01-01T00:00:00Z', '2100-12-31T23:59:59Z']] } },
  }),
  makeCollection('precip', {
    title: 'Daily rain gauges',
    description: 'Gridded RAIN totals from gauges',
    license: 'CC-BY-4.0',
    keywords: ['hydrology'],
    extent: { spatial: { bbox: [[-180, -60, 180, 85]] }, temporal: { interval: [['1982-01-01T00:00:00Z', '2020-12-31T23:59:59Z']] } },
  }),
];

const DT_ITEMS: StacItem[] = [
  makeItem('dt', 'dt-i1999', { datetime: '1999-06-15T00:00:00Z' }),
  makeItem('dt', 'dt-i2000', { datetime: '2000-01-01T00:00:00Z' }),
  makeItem('dt', 'dt-i2005', { datetime: '2005-03-01T12:00:00Z' }),
  makeItem('dt', 'dt-r1990', interval('1990-01-01T00:00:00Z', '1999-12-31T23:59:59Z')),
  makeItem('dt', 'dt-r1995', interval('1995-01-01T00:00:00Z', '2005-12-31T23:59:59Z')),
  makeItem('dt', 'dt-r2001', interval('2001-01-01T00:00:00Z', '2010-12-31T23:59:59Z')),
  // A nominal datetime with a range: found anywhere in its range.
  makeItem('dt', 'dt-n2020', {
    datetime: '2020-06-01T00:00:00Z',
    properties: { start_datetime: '2020-01-01T00:00:00Z', end_datetime: '2020-12-31T23:59:59Z' },
  }),
];

const polygon = (w: number, s: number, e: number, n: number): Geometry => ({
  type: 'Polygon',
  coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
});

const AM_ITEMS: StacItem[] = [
  makeItem('am', 'am-east', { lon: 175, lat: 0, datetime: '2021-06-01T00:00:00Z' }),
  makeItem('am', 'am-west', { lon: -175, lat: 0, datetime: '2021-06-01T00:00:00Z' }),
  makeItem('am', 'am-e165', { lon: 165, lat: 0, datetime: '2021-06-01T00:00:00Z' }),
  makeItem('am', 'am-w160', { lon: -160, lat: 0, datetime: '2021-06-01T00:00:00Z' }),
  makeItem('am', 'am-n175', { lon: 175, lat: 30, datetime: '2021-06-01T00:00:00Z' }),
  makeItem('am', 'am-zero', { lon: 0, lat: 0, datetime: '2021-06-01T00:00:00Z' }),
  // A footprint across the antimeridian: two halves, and a bbox with west > east.
  makeItem('am', 'am-span', {
    datetime: '2021-06-01T00:00:00Z',
    geometry: bboxGeometry([170, -5, -170, 5]),
    bbox: [170, -5, -170, 5],
  }),
  // Given on a 0..360 grid: 188..192 E is -172..-168.
  makeItem('am', 'am-g360', {
    datetime: '2021-06-01T00:00:00Z',
    geometry: polygon(188, 2, 192, 4),
    bbox: [188, 2, 192, 4],
  }),
];

interface EoRow {
  readonly n: number;
  readonly datetime: string;
  readonly cloud?: number;
  readonly platform?: string;
  readonly instruments: string[];
}

const EO_ROWS: EoRow[] = [
  { n: 1, datetime: '2021-01-05T10:00:00Z', cloud: 10, platform: 'sentinel-2a', instruments: ['msi'] },
  { n: 2, datetime: '2021-01-20T10:00:00Z', cloud: 55, platform: 'sentinel-2b', instruments: ['msi'] },
  { n: 3, datetime: '2021-02-03T10:00:00Z', cloud: 10, platform: 'sentinel-2a', instruments: ['msi'] },
  { n: 4, datetime: '2021-02-03T10:00:00Z', cloud: 80, platform: 'sentinel-2b', instruments: ['msi'] },
  { n: 5, datetime: '2021-03-15T10:00:00Z', platform: 'sentinel-2a', instruments: ['msi'] },
  { n: 6, datetime: '2021-03-15T10:00:00Z', cloud: 0, platform: 'landsat-8', instruments: ['oli', 'tirs'] },
  { n: 7, datetime: '2021-05-01T10:00:00Z', cloud: 55, platform: 'sentinel-2a', instruments: ['msi'] },
  { n: 8, datetime: '2021-05-02T10:00:00Z', cloud: 33.5, platform: 'sentinel-2b', instruments: ['msi'] },
  { n: 9, datetime: '2022-01-01T00:00:00Z', platform: 'landsat-8', instruments: ['oli', 'tirs'] },
  { n: 10, datetime: '2022-01-01T00:00:00Z', cloud: 99, platform: 'sentinel-2a', instruments: ['msi'] },
  { n: 11, datetime: '2022-07-14T12:00:00Z', cloud: 10, instruments: [] },
  { n: 12, datetime: '2022-12-31T23:59:59Z', cloud: 70, platform: 'sentinel-2b', instruments: ['msi'] },
];

const eoId = (n: number) => `eo-${String(n).padStart(2, '0')}`;

const EO_ITEMS: StacItem[] = EO_ROWS.map((r) =>
  makeItem('eo', eoId(r.n), {
    lon: r.n,
    lat: 45,
    datetime: r.datetime,
    properties: {
      ...(r.cloud !== undefined ? { 'eo:cloud_cover': r.cloud } : {}),
      ...(r.platform !== undefined ? { platform: r.platform } : {}),
      instruments: r.instruments,
      gsd: 10,
    },
    assets: { data: { href: `https://data.example.org/${eoId(r.n)}.tif`, roles: ['data'] } },
  }),
);

const CLIM_ITEMS: StacItem[] = [
  makeItem('clim', 'clim-tas', {
    ...interval('1850-01-01T00:00:00Z', '2014-12-31T23:59:59Z'),
    properties: { ...interval('1850-01-01T00:00:00Z', '2014-12-31T23:59:59Z').properties, title: 'Température de surface', 'cmip6:source_id': 'IPSL-CM6A-LR' },
  }),
  makeItem('clim', 'clim-anm', {
    ...interval('1850-01-01T00:00:00Z', '2014-12-31T23:59:59Z'),
    properties: { ...interval('1850-01-01T00:00:00Z', '2014-12-31T23:59:59Z').properties, title: 'Surface TEMPERATURE anomaly', 'cmip6:source_id': 'CNRM-CM6-1' },
  }),
  makeItem('clim', 'clim-max', {
    ...interval('2015-01-01T00:00:00Z', '2100-12-31T23:59:59Z'),
    properties: { ...interval('2015-01-01T00:00:00Z', '2100-12-31T23:59:59Z').properties, title: 'température maximale', 'cmip6:source_id': 'IPSL-CM6A-LR' },
  }),
  makeItem('clim', 'clim-prc', {
    ...interval('2015-01-01T00:00:00Z', '2100-12-31T23:59:59Z'),
    properties: { ...interval('2015-01-01T00:00:00Z', '2100-12-31T23:59:59Z').properties, title: 'Précipitations mensuelles', 'cmip6:source_id': 'CNRM-CM6-1' },
  }),
];

const PRECIP_ITEMS: StacItem[] = [
  makeItem('precip', 'precip-2019', { datetime: '2019-07-01T00:00:00Z', lon: 10, lat: 50, properties: { title: 'Daily rainfall, July 2019' } }),
  makeItem('precip', 'precip-2020', { datetime: '2020-07-01T00:00:00Z', lon: 10, lat: 50, properties: { title: 'Daily rainfall, July 2020' } }),
];

const ALL_ITEMS = [...DT_ITEMS, ...AM_ITEMS, ...EO_ITEMS, ...CLIM_ITEMS, ...PRECIP_ITEMS];

const sorted = (ids: readonly string[]) => [...ids].sort();

interface FeatureCollection {
  readonly features: StacItem[];
  readonly numberMatched?: number;
  readonly numberReturned: number;
}

/** Start of an item's time range: start_datetime when it has one, else its datetime. */
const timeStart = (item: StacItem): string => String(item.properties.start_datetime ?? item.properties.datetime);

/** The order of JSON values used for sorting: absent (as null) < strings < numbers, as in the documented rule. */
function compareJson(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === undefined || v === null ? 0 : typeof v === 'string' ? 1 : typeof v === 'number' ? 2 : 3);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

type Key = (item: StacItem) => unknown;

/** Sorts items by keys (each ascending or descending) and then by collection and id ascending. */
function jsOrder(items: readonly StacItem[], keys: readonly [Key, 'asc' | 'desc'][]): string[] {
  const all: [Key, 'asc' | 'desc'][] = [...keys, [(i) => i.collection, 'asc'], [(i) => i.id, 'asc']];
  return [...items]
    .sort((a, b) => {
      for (const [key, direction] of all) {
        const c = compareJson(key(a), key(b));
        if (c !== 0) return direction === 'asc' ? c : -c;
      }
      return 0;
    })
    .map((i) => i.id);
}

describe.each(DRIVERS)('STAC search (%s)', (driver) => {
  let api: StacApi;

  const get = async (query: Record<string, string | number>, path = '/search'): Promise<FeatureCollection> => {
    const res = await api.http.get(path).query(query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as FeatureCollection;
  };
  const post = async (body: Record<string, unknown>): Promise<FeatureCollection> => {
    const res = await api.http.post('/search').send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as FeatureCollection;
  };
  const ids = (fc: FeatureCollection) => fc.features.map((f) => f.id);

  beforeAll(async () => {
    api = await openStacApi(driver);
    await api.load([...COLLECTIONS, ...ALL_ITEMS]);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('the whole catalogue is searchable and every item valid', async () => {
    const fc = await get({ limit: 1000 });
    expect(sorted(ids(fc))).toEqual(sorted(ALL_ITEMS.map((i) => i.id)));
    expect(fc.numberMatched).toBe(ALL_ITEMS.length);
    for (const f of fc.features) expect(validateStac(f as unknown as Record<string, unknown>)).toEqual([]);
  });

  describe('datetime on instants and intervals', () => {
    const cases: [string, string, string[]][] = [
      ['an instant equal to an instant item and inside an interval item', '2000-01-01T00:00:00Z', ['dt-i2000', 'dt-r1995']],
      ['the same instant written with an offset', '2000-01-01T01:00:00+01:00', ['dt-i2000', 'dt-r1995']],
      ['an instant on the last second of an interval', '1999-12-31T23:59:59Z', ['dt-r1990', 'dt-r1995']],
      ['an instant inside one interval only', '2008-07-01T00:00:00Z', ['dt-r2001']],
      ['an instant inside the range of an item that also has a nominal datetime', '2020-03-01T00:00:00Z', ['dt-n2020']],
      ['an instant between items', '2012-01-01T00:00:00Z', []],
      [
        'a closed interval, by overlap',
        '1998-01-01T00:00:00Z/2001-06-01T00:00:00Z',
        ['dt-i1999', 'dt-i2000', 'dt-r1990', 'dt-r1995', 'dt-r2001'],
      ],
      ['a closed interval inside two interval items', '2003-01-01T00:00:00Z/2003-12-31T00:00:00Z', ['dt-r1995', 'dt-r2001']],
      ['an interval open at the start (..)', '../2000-01-01T00:00:00Z', ['dt-i1999', 'dt-i2000', 'dt-r1990', 'dt-r1995']],
      ['an interval open at the start (empty)', '/2000-01-01T00:00:00Z', ['dt-i1999', 'dt-i2000', 'dt-r1990', 'dt-r1995']],
      ['an interval open at the end (..)', '2000-01-01T00:00:00Z/..', ['dt-i2000', 'dt-i2005', 'dt-n2020', 'dt-r1995', 'dt-r2001']],
      ['an interval open at the end (empty)', '2000-01-01T00:00:00Z/', ['dt-i2000', 'dt-i2005', 'dt-n2020', 'dt-r1995', 'dt-r2001']],
      ['an interval with fractional seconds', '2005-03-01T11:59:59.5Z/2005-03-01T12:00:00.5Z', ['dt-i2005', 'dt-r1995', 'dt-r2001']],
    ];

    it.each(cases)('%s (%s) finds exactly the items it overlaps', async (_name, datetime, expected) => {
      const fc = await get({ collections: 'dt', datetime, limit: 100 });
      expect(sorted(ids(fc))).toEqual(sorted(expected));
      expect(fc.numberMatched).toBe(expected.length);
      const viaPost = await post({ collections: ['dt'], datetime, limit: 100 });
      expect(sorted(ids(viaPost))).toEqual(sorted(expected));
    });

    it('items with only start and end keep datetime null in the response', async () => {
      const fc = await get({ ids: 'dt-r1995', collections: 'dt' });
      expect(fc.features[0]?.properties).toMatchObject({
        datetime: null,
        start_datetime: '1995-01-01T00:00:00Z',
        end_datetime: '2005-12-31T23:59:59Z',
      });
    });

    it('the items of a collection are filtered by datetime the same way', async () => {
      const fc = await get({ datetime: '../2000-01-01T00:00:00Z', limit: 100 }, '/collections/dt/items');
      expect(sorted(ids(fc))).toEqual(['dt-i1999', 'dt-i2000', 'dt-r1990', 'dt-r1995']);
    });
  });

  describe('antimeridian', () => {
    const cases: [string, string, string[]][] = [
      ['a bbox crossing the antimeridian finds items on both sides and not others', '170,-10,-170,10', ['am-east', 'am-g360', 'am-span', 'am-west']],
      ['its eastern half alone', '172,-10,180,10', ['am-east', 'am-span']],
      ['its western half alone', '-180,-10,-174,10', ['am-span', 'am-west']],
      ['a small box east of the line finds the crossing footprint', '171,-1,172,1', ['am-span']],
      ['a small box west of the line finds the crossing footprint', '-171,-1,-170.5,1', ['am-span']],
      ['a box around the item ingested in 0..360 finds it', '-169,2.5,-168.5,3', ['am-g360']],
      ['a box given in 0..360 longitudes is normalised too', '191,2.5,192,3', ['am-g360']],
      ['a narrow crossing box finds only what it covers', '179,-1,-179,1', ['am-span']],
    ];

    it.each(cases)('%s (bbox %s)', async (_name, bbox, expected) => {
      const fc = await get({ collections: 'am', bbox, limit: 100 });
      expect(sorted(ids(fc))).toEqual(sorted(expected));
      expect(fc.numberMatched).toBe(expected.length);
      const viaPost = await post({ collections: ['am'], bbox: bbox.split(',').map(Number), limit: 100 });
      expect(sorted(ids(viaPost))).toEqual(sorted(expected));
    });

    it('intersects with a multipolygon split at the antimeridian finds both sides', async () => {
      const fc = await post({ collections: ['am'], intersects: bboxGeometry([170, -10, -170, 10]), limit: 100 });
      expect(sorted(ids(fc))).toEqual(['am-east', 'am-g360', 'am-span', 'am-west']);
    });

    it('a filter with s_intersects and a BBOX across the antimeridian finds both sides', async () => {
      const fc = await get({ collections: 'am', filter: 'S_INTERSECTS(geometry, BBOX(170, -10, -170, 10))', limit: 100 });
      expect(sorted(ids(fc))).toEqual(['am-east', 'am-g360', 'am-span', 'am-west']);
    });

    it('an item ingested with 0..360 longitudes is returned with -180..180 longitudes', async () => {
      const res = await api.http.get('/collections/am/items/am-g360').expect(200);
      expect(res.body.bbox).toEqual([-172, 2, -168, 4]);
      const lons = (res.body.geometry.coordinates as number[][][]).flat().map((p) => p[0] as number);
      for (const lon of lons) expect(lon).toBeGreaterThanOrEqual(-180);
      for (const lon of lons) expect(lon).toBeLessThanOrEqual(180);
      expect(sorted(lons.map(String))).toEqual(sorted(['-172', '-168', '-168', '-172', '-172'].map(String)));
      expect(validateStac(res.body)).toEqual([]);
    });

    it('the item whose own bbox crosses the antimeridian keeps that bbox', async () => {
      const res = await api.http.get('/collections/am/items/am-span').expect(200);
      expect(res.body.bbox).toEqual([170, -5, -170, 5]);
    });
  });

  describe('GET and POST give the same results', () => {
    const paris: Geometry = polygon(0, 45, 5, 50);
    const cases: [string, Record<string, string | number>, Record<string, unknown>][] = [
      ['ids', { ids: 'eo-01,dt-i2000,am-east' }, { ids: ['eo-01', 'dt-i2000', 'am-east'] }],
      ['collections', { collections: 'dt,am' }, { collections: ['dt', 'am'] }],
      ['collections as a plain string', { collections: 'precip' }, { collections: 'precip' }],
      ['bbox across the antimeridian', { bbox: '170,-10,-170,10' }, { bbox: [170, -10, -170, 10] }],
      ['intersects', { intersects: JSON.stringify(paris) }, { intersects: paris }],
      ['datetime', { datetime: '2000-01-01T00:00:00Z/..' }, { datetime: '2000-01-01T00:00:00Z/..' }],
      [
        'filter as text on GET and as JSON on POST',
        { filter: "platform = 'sentinel-2a' AND \"eo:cloud_cover\" < 50" },
        {
          filter: {
            op: 'and',
            args: [
              { op: '=', args: [{ property: 'platform' }, 'sentinel-2a'] },
              { op: '<', args: [{ property: 'eo:cloud_cover' }, 50] },
            ],
          },
        },
      ],
      [
        'filter as JSON on GET and as text on POST',
        { filter: JSON.stringify({ op: '>=', args: [{ property: 'eo:cloud_cover' }, 55] }), 'filter-lang': 'cql2-json' },
        { filter: '"eo:cloud_cover" >= 55', 'filter-lang': 'cql2-text' },
      ],
      [
        'filter with a temporal operator',
        { filter: "T_INTERSECTS(datetime, INTERVAL('2000-01-01T00:00:00Z', '2001-06-01T00:00:00Z'))" },
        {
          filter: { op: 't_intersects', args: [{ property: 'datetime' }, { interval: ['2000-01-01T00:00:00Z', '2001-06-01T00:00:00Z'] }] },
          'filter-lang': 'cql2-json',
        },
      ],
      [
        'sortby on two keys',
        { sortby: '-eo:cloud_cover,+datetime', collections: 'eo' },
        { sortby: [{ field: 'eo:cloud_cover', direction: 'desc' }, { field: 'datetime', direction: 'asc' }], collections: ['eo'] },
      ],
      [
        'fields',
        { fields: 'id,properties.datetime,-assets', collections: 'eo' },
        { fields: { include: ['id', 'properties.datetime'], exclude: ['assets'] }, collections: ['eo'] },
      ],
      ['q', { q: 'temperature,rainfall' }, { q: ['temperature', 'rainfall'] }],
      ['q as a plain string on POST', { q: 'Température' }, { q: 'Température' }],
      ['query extension', { query: JSON.stringify({ 'eo:cloud_cover': { lt: 50 }, platform: { eq: 'sentinel-2a' } }) }, { query: { 'eo:cloud_cover': { lt: 50 }, platform: { eq: 'sentinel-2a' } } }],
      ['limit', { limit: 3 }, { limit: 3 }],
      [
        'collections, bbox and datetime together',
        { collections: 'eo,dt', bbox: '0,40,11,50', datetime: '2021-01-01T00:00:00Z/2021-12-31T23:59:59Z' },
        { collections: ['eo', 'dt'], bbox: [0, 40, 11, 50], datetime: '2021-01-01T00:00:00Z/2021-12-31T23:59:59Z' },
      ],
    ];

    it.each(cases)('%s', async (_name, query, body) => {
      const viaGet = await get({ limit: 100, ...query });
      const viaPost = await post({ limit: 100, ...body });
      expect(viaGet.features.length).toBeGreaterThan(0);
      expect(ids(viaPost)).toEqual(ids(viaGet));
      expect(viaPost.numberMatched).toBe(viaGet.numberMatched);
      expect(viaPost.numberReturned).toBe(viaGet.numberReturned);
      expect(viaPost.features).toEqual(viaGet.features);
    });

    it('the second page is the same through GET and POST next links', async () => {
      const first = await get({ collections: 'eo', limit: 5, sortby: '-eo:cloud_cover' });
      const firstPost = await post({ collections: ['eo'], limit: 5, sortby: [{ field: 'eo:cloud_cover', direction: 'desc' }] });
      const nextGet = (first as unknown as { links: { rel: string; href: string }[] }).links.find((l) => l.rel === 'next');
      const nextPost = (firstPost as unknown as { links: { rel: string; href: string; body: Record<string, unknown> }[] }).links.find(
        (l) => l.rel === 'next',
      );
      const url = new URL(String(nextGet?.href));
      const secondGet = await get(Object.fromEntries(url.searchParams));
      const secondPost = await post(nextPost?.body ?? {});
      expect(ids(secondPost)).toEqual(ids(secondGet));
      expect(ids(secondGet)).toHaveLength(5);
    });
  });

  describe('fields', () => {
    it('including only properties.datetime returns no other properties and only identifying members', async () => {
      const fc = await get({ ids: 'eo-01', fields: 'properties.datetime' });
      const [feature] = fc.features;
      expect(feature?.properties).toEqual({ datetime: '2021-01-05T10:00:00Z' });
      expect(Object.keys(feature ?? {}).sort()).toEqual(['collection', 'id', 'properties', 'stac_version', 'type']);
    });

    it('excluding assets drops them and keeps everything else', async () => {
      const fc = await get({ ids: 'eo-01', fields: '-assets' });
      const [feature] = fc.features;
      expect(feature).not.toHaveProperty('assets');
      expect(feature?.geometry).toEqual({ type: 'Point', coordinates: [1, 45] });
      expect(feature?.properties).toEqual({
        datetime: '2021-01-05T10:00:00Z',
        'eo:cloud_cover': 10,
        platform: 'sentinel-2a',
        instruments: ['msi'],
        gsd: 10,
      });
      expect(feature?.links.length).toBeGreaterThan(0);
    });

    it('excluding one property keeps the other properties', async () => {
      const fc = await post({ ids: ['eo-01'], fields: { exclude: ['properties.platform', 'properties.gsd'] } });
      expect(fc.features[0]?.properties).toEqual({ datetime: '2021-01-05T10:00:00Z', 'eo:cloud_cover': 10, instruments: ['msi'] });
      expect(fc.features[0]?.assets).toHaveProperty('data');
    });

    it('a field both included and excluded is included', async () => {
      const fc = await get({ ids: 'eo-01', fields: 'properties.eo:cloud_cover,-properties.eo:cloud_cover' });
      expect(fc.features[0]?.properties).toEqual({ 'eo:cloud_cover': 10 });
      const viaPost = await post({
        ids: ['eo-01'],
        fields: { include: ['properties.eo:cloud_cover'], exclude: ['properties.eo:cloud_cover'] },
      });
      expect(viaPost.features[0]?.properties).toEqual({ 'eo:cloud_cover': 10 });
    });

    it('an include list gives at most the identifying members plus those named', async () => {
      const fc = await post({ collections: ['eo'], fields: { include: ['id'] }, limit: 3 });
      for (const f of fc.features) expect(Object.keys(f).length).toBeLessThanOrEqual(5);
    });

    it('{"fields": null} on POST is a 400 that names fields', async () => {
      const res = await api.http.post('/search').send({ fields: null }).expect(400);
      expect(res.body.description).toMatch(/fields/);
    });
  });

  describe('sortby', () => {
    const dtEo = [...DT_ITEMS, ...EO_ITEMS];
    const eo = EO_ITEMS;

    it('collection ascending then datetime descending matches a JavaScript sort', async () => {
      const fc = await get({ collections: 'dt,eo', sortby: 'collection,-datetime', limit: 100 });
      expect(ids(fc)).toEqual(jsOrder(dtEo, [[(i) => i.collection, 'asc'], [timeStart, 'desc']]));
    });

    it('the reversed keys (collection descending then datetime ascending) match a JavaScript sort', async () => {
      const fc = await get({ collections: 'dt,eo', sortby: '-collection,+datetime', limit: 100 });
      expect(ids(fc)).toEqual(jsOrder(dtEo, [[(i) => i.collection, 'desc'], [timeStart, 'asc']]));
      const viaPost = await post({
        collections: ['dt', 'eo'],
        sortby: [{ field: 'collection', direction: 'desc' }, { field: 'properties.datetime' }],
        limit: 100,
      });
      expect(ids(viaPost)).toEqual(ids(fc));
    });

    it('the default order is datetime descending with collection and id breaking ties', async () => {
      const fc = await get({ collections: 'dt,eo', limit: 100 });
      expect(ids(fc)).toEqual(jsOrder(dtEo, [[timeStart, 'desc']]));
    });

    it('a property with missing values sorts them as lowest: first ascending', async () => {
      const fc = await get({ collections: 'eo', sortby: 'eo:cloud_cover', limit: 100 });
      const expected = jsOrder(eo, [[(i) => i.properties['eo:cloud_cover'], 'asc']]);
      expect(expected.slice(0, 3)).toEqual(['eo-05', 'eo-09', 'eo-06']);
      expect(ids(fc)).toEqual(expected);
    });

    it('a property with missing values sorts them as lowest: last descending', async () => {
      const fc = await get({ collections: 'eo', sortby: '-eo:cloud_cover', limit: 100 });
      const expected = jsOrder(eo, [[(i) => i.properties['eo:cloud_cover'], 'desc']]);
      expect(expected).toEqual(['eo-10', 'eo-04', 'eo-12', 'eo-02', 'eo-07', 'eo-08', 'eo-01', 'eo-03', 'eo-11', 'eo-06', 'eo-05', 'eo-09']);
      expect(ids(fc)).toEqual(expected);
    });

    it('two JSON properties, one with a missing value, in opposite directions', async () => {
      const fc = await get({ collections: 'eo', sortby: 'platform,-eo:cloud_cover', limit: 100 });
      const expected = jsOrder(eo, [
        [(i) => i.properties.platform, 'asc'],
        [(i) => i.properties['eo:cloud_cover'], 'desc'],
      ]);
      expect(expected[0]).toBe('eo-11');
      expect(ids(fc)).toEqual(expected);
    });

    it('sorting does not change which items match', async () => {
      const unsorted = await get({ collections: 'eo', limit: 100 });
      const bySort = await get({ collections: 'eo', sortby: 'platform,-eo:cloud_cover', limit: 100 });
      expect(bySort.numberMatched).toBe(unsorted.numberMatched);
      expect(sorted(ids(bySort))).toEqual(sorted(ids(unsorted)));
    });

    it('sorting by id descending on the items of a collection', async () => {
      const fc = await get({ sortby: '-id', limit: 100 }, '/collections/eo/items');
      expect(ids(fc)).toEqual(EO_ITEMS.map((i) => i.id).sort().reverse());
    });
  });

  describe('aggregation', () => {
    type Bucket = { key: string; frequency: number };
    type Aggregation = { name: string; value?: number; buckets?: Bucket[] };
    const aggregate = async (query: Record<string, string>, path = '/aggregate'): Promise<Record<string, Aggregation>> => {
      const res = await api.http.get(path).query(query);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return Object.fromEntries((res.body.aggregations as Aggregation[]).map((a) => [a.name, a]));
    };
    const tally = (values: readonly (string | undefined)[]) => {
      const counts: Record<string, number> = {};
      for (const v of values) if (v !== undefined) counts[v] = (counts[v] ?? 0) + 1;
      return counts;
    };
    const asCounts = (buckets: readonly Bucket[] = []) => Object.fromEntries(buckets.map((b) => [b.key, b.frequency]));

    it.each([
      ['no filter', {}],
      ['a text filter', { filter: "platform = 'sentinel-2a'" }],
      ['a bbox and datetime', { bbox: '0,40,6,50', datetime: '2021-01-01T00:00:00Z/2021-06-30T00:00:00Z' }],
      ['an antimeridian bbox', { bbox: '170,-10,-170,10' }],
    ])('total_count equals numberMatched of the same search (%s)', async (_name, query) => {
      const aggs = await aggregate({ aggregations: 'total_count', ...query });
      const fc = await get({ limit: 1, ...query });
      expect(fc.numberMatched).toBeGreaterThan(0);
      expect(aggs.total_count?.value).toBe(fc.numberMatched);
    });

    it('platform_frequency buckets equal the counts of platform filters and of the data', async () => {
      const aggs = await aggregate({ aggregations: 'platform_frequency', collections: 'eo' });
      const buckets = aggs.platform_frequency?.buckets ?? [];
      expect(asCounts(buckets)).toEqual(tally(EO_ROWS.map((r) => r.platform)));
      expect(asCounts(buckets)).toEqual({ 'sentinel-2a': 5, 'sentinel-2b': 4, 'landsat-8': 2 });
      for (const bucket of buckets) {
        const fc = await get({ collections: 'eo', filter: `platform='${bucket.key}'`, limit: 1 });
        expect(fc.numberMatched, bucket.key).toBe(bucket.frequency);
      }
    });

    it('a frequency on an array property counts each element', async () => {
      const aggs = await aggregate({ aggregations: 'instruments_frequency', collections: 'eo' });
      expect(asCounts(aggs.instruments_frequency?.buckets)).toEqual(tally(EO_ROWS.flatMap((r) => r.instruments)));
      for (const bucket of aggs.instruments_frequency?.buckets ?? []) {
        const fc = await get({ collections: 'eo', filter: `A_CONTAINS(instruments, ('${bucket.key}'))`, limit: 1 });
        expect(fc.numberMatched, bucket.key).toBe(bucket.frequency);
      }
    });

    it('cmip6:source_id_frequency through POST equals the counts of the same filters', async () => {
      const res = await api.http.post('/aggregate').send({ aggregations: ['cmip6:source_id_frequency', 'total_count'], collections: ['clim'] }).expect(200);
      const agg = (res.body.aggregations as Aggregation[]).find((a) => a.name === 'cmip6:source_id_frequency');
      expect(asCounts(agg?.buckets)).toEqual({ 'IPSL-CM6A-LR': 2, 'CNRM-CM6-1': 2 });
      for (const bucket of agg?.buckets ?? []) {
        const fc = await get({ filter: `"cmip6:source_id"='${bucket.key}'`, limit: 1 });
        expect(fc.numberMatched).toBe(bucket.frequency);
      }
    });

    it('datetime_frequency counts items by month and by year', async () => {
      const monthly = await aggregate({ aggregations: 'datetime_frequency', datetime_frequency_interval: 'month', collections: 'eo' });
      const byMonth = tally(EO_ROWS.map((r) => `${r.datetime.slice(0, 7)}-01T00:00:00Z`));
      expect(asCounts(monthly.datetime_frequency?.buckets)).toEqual(byMonth);
      expect(Object.keys(byMonth)).toHaveLength(7);
      const yearly = await aggregate({ aggregations: 'datetime_frequency', datetime_frequency_interval: 'year', collections: 'eo' });
      expect(asCounts(yearly.datetime_frequency?.buckets)).toEqual({ '2021-01-01T00:00:00Z': 8, '2022-01-01T00:00:00Z': 4 });
      for (const bucket of yearly.datetime_frequency?.buckets ?? []) {
        const year = bucket.key.slice(0, 4);
        const fc = await get({ collections: 'eo', datetime: `${year}-01-01T00:00:00Z/${year}-12-31T23:59:59Z`, limit: 1 });
        expect(fc.numberMatched).toBe(bucket.frequency);
      }
    });

    it('the aggregation of one collection counts only its items', async () => {
      const aggs = await aggregate({ aggregations: 'total_count,platform_frequency' }, '/collections/eo/aggregate');
      expect(aggs.total_count?.value).toBe(EO_ITEMS.length);
      expect(asCounts(aggs.platform_frequency?.buckets)).toEqual({ 'sentinel-2a': 5, 'sentinel-2b': 4, 'landsat-8': 2 });
    });

    it('/aggregations lists frequency aggregations for the properties present', async () => {
      const res = await api.http.get('/aggregations').expect(200);
      const names = (res.body.aggregations as { name: string }[]).map((a) => a.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'total_count',
          'datetime_frequency',
          'platform_frequency',
          'instruments_frequency',
          'eo:cloud_cover_frequency',
          'cmip6:source_id_frequency',
          'title_frequency',
        ]),
      );
      expect(names).not.toContain('datetime_frequency_frequency');
      expect(names.filter((n) => n.endsWith('datetime_frequency'))).toEqual(['datetime_frequency']);
    });

    it('/collections/{id}/aggregations lists only the properties of that collection', async () => {
      const res = await api.http.get('/collections/eo/aggregations').expect(200);
      const names = (res.body.aggregations as { name: string }[]).map((a) => a.name);
      expect(names).toEqual(expect.arrayContaining(['platform_frequency', 'eo:cloud_cover_frequency']));
      expect(names).not.toContain('cmip6:source_id_frequency');
    });
  });

  describe('free text', () => {
    it.each([
      ['an unaccented lower-case word matches accented and upper-case text', 'temperature', ['clim-anm', 'clim-max', 'clim-tas']],
      ['an accented word matches unaccented text', 'Température', ['clim-anm', 'clim-max', 'clim-tas']],
      ['upper case matches too', 'TEMPERATURE', ['clim-anm', 'clim-max', 'clim-tas']],
      ['comma-separated terms are alternatives', 'temperature,precipitations', ['clim-anm', 'clim-max', 'clim-prc', 'clim-tas']],
      ['a word matches as a prefix', 'rainfal', ['precip-2019', 'precip-2020']],
      ['a word present nowhere matches nothing', 'snowfall', []],
    ])('%s (q=%s)', async (_name, q, expected) => {
      const fc = await get({ q, limit: 100 });
      expect(sorted(ids(fc))).toEqual(sorted(expected));
      expect(fc.numberMatched).toBe(expected.length);
    });

    it('q combines with other parameters', async () => {
      const fc = await get({ q: 'temperature', datetime: '2050-01-01T00:00:00Z', limit: 100 });
      expect(ids(fc)).toEqual(['clim-max']);
    });

    it('q applies on the items of a collection', async () => {
      expect(sorted(ids(await get({ q: 'temperature', limit: 100 }, '/collections/clim/items')))).toEqual(['clim-anm', 'clim-max', 'clim-tas']);
      expect(ids(await get({ q: 'rainfall', limit: 100 }, '/collections/clim/items'))).toEqual([]);
    });
  });

  describe('collection search', () => {
    const collectionIds = async (query: Record<string, string | number>) => {
      const res = await api.http.get('/collections').query(query);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      for (const c of res.body.collections) expect(validateStac(c)).toEqual([]);
      expect(res.body.numberMatched).toBe(res.body.collections.length);
      return (res.body.collections as StacCollection[]).map((c) => c.id);
    };

    it.each([
      ['q without accents finds the accented title', { q: 'temperature' }, ['clim']],
      ['q with accents and comma alternatives', { q: 'TEMPÉRATURE,rain' }, ['clim', 'precip']],
      ['q on a keyword', { q: 'optical' }, ['eo']],
      ['bbox across the antimeridian', { bbox: '172,-5,175,5' }, ['am', 'clim', 'precip']],
      ['bbox over Paris', { bbox: '0,45,1,46' }, ['clim', 'dt', 'eo', 'precip']],
      ['datetime before every open extent', { datetime: '1900-01-01T00:00:00Z/1950-01-01T00:00:00Z' }, ['clim']],
      ['datetime instant in 2016', { datetime: '2016-01-01T00:00:00Z' }, ['am', 'clim', 'eo', 'precip']],
      ['datetime open at the end', { datetime: '2050-01-01T00:00:00Z/..' }, ['am', 'clim', 'eo']],
      ['a filter on the licence', { filter: "license = 'CC-BY-4.0'" }, ['clim', 'dt', 'precip']],
      ['a filter and q together', { filter: "license = 'CC-BY-4.0'", q: 'rain' }, ['precip']],
    ])('%s', async (_name, query, expected) => {
      expect(sorted(await collectionIds({ ...query, limit: 100 }))).toEqual(sorted(expected));
    });

    it('sortby orders collections, in both directions', async () => {
      const all = COLLECTIONS.map((c) => c.id).sort();
      expect(await collectionIds({ sortby: 'id' })).toEqual(all);
      expect(await collectionIds({ sortby: '-id' })).toEqual([...all].reverse());
      // Titles start with distinct capitals (D, I, O, P, T), so every collation orders them alike.
      expect(await collectionIds({ sortby: 'title' })).toEqual(['precip', 'dt', 'eo', 'am', 'clim']);
      expect(await collectionIds({ sortby: '-title' })).toEqual(['clim', 'am', 'eo', 'dt', 'precip']);
    });

    it('collection search pages with limit and next links', async () => {
      const first = await api.http.get('/collections').query({ limit: 2, sortby: 'id' }).expect(200);
      expect(first.body.collections.map((c: StacCollection) => c.id)).toEqual(['am', 'clim']);
      const next = (first.body.links as { rel: string; href: string }[]).find((l) => l.rel === 'next');
      const url = new URL(String(next?.href));
      const second = await api.http.get(`/collections${url.search}`).expect(200);
      expect(second.body.collections.map((c: StacCollection) => c.id)).toEqual(['dt', 'eo']);
    });

    it('fields on collection search keep only what is asked', async () => {
      const res = await api.http.get('/collections').query({ fields: 'title', ids: 'eo', sortby: 'id' }).expect(200);
      expect(res.body.collections).toHaveLength(1);
      expect(res.body.collections[0]).toEqual({ type: 'Collection', stac_version: '1.1.0', id: 'eo', title: 'Optical scenes over Europe' });
    });
  });
});
