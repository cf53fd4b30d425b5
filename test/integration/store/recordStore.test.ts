import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem } from '../../../src/core/stac.js';
import { fragment, raw, render, sql } from '../../../src/db/sql.js';
import { RecordStore } from '../../../src/store/recordStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';

describe.each(DRIVERS)('record store on %s', (driver) => {
  let handle: TestDatabase;
  let store: RecordStore;
  const itemKey = (id: string) => ({ kind: 'item' as const, collectionId: 'c1', id });

  beforeAll(async () => {
    handle = await openTestDatabase(driver);
    store = new RecordStore(handle.db);
    await store.upsertMany([{ doc: makeCollection('c1') }], 'test');
  });
  afterAll(() => handle?.dispose());

  it('creates a record with version 1 and reads it back', async () => {
    const [outcome] = await store.upsertMany([{ doc: makeItem('c1', 'a') }], 'alice');
    expect(outcome).toMatchObject({ status: 'created', version: 1 });
    const stored = await store.require(itemKey('a'));
    expect(stored.doc.id).toBe('a');
    expect(stored.version).toBe(1);
    expect(stored.deleted).toBe(false);
    expect(stored.datestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('writes nothing and keeps the datestamp when an unchanged document is upserted again', async () => {
    const before = await store.require(itemKey('a'));
    const countVersions = async () =>
      (await handle.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM record_versions`))[0]!.n;
    const versionsBefore = await countVersions();
    const [outcome] = await store.upsertMany([{ doc: makeItem('c1', 'a') }], 'alice');
    expect(outcome).toMatchObject({ status: 'unchanged', version: 1 });
    const after = await store.require(itemKey('a'));
    expect(after.datestamp).toBe(before.datestamp);
    expect(await countVersions()).toBe(versionsBefore);
  });

  it('keeps the curator overlay when the base document is re-upserted', async () => {
    await store.setOverlay(itemKey('a'), { properties: { title: 'Curated title' } }, 'curator');
    const harvested = makeItem('c1', 'a', { properties: { title: 'Harvested title', platform: 'sat-2' } });
    const [outcome] = await store.upsertMany([{ doc: harvested }], 'harvester');
    expect(outcome).toMatchObject({ status: 'updated', version: 3 });
    const stored = await store.require(itemKey('a'));
    const props = (stored.doc as StacItem).properties;
    expect(props.title).toBe('Curated title');
    expect(props.platform).toBe('sat-2');
    expect((stored.base as StacItem).properties.title).toBe('Harvested title');
  });

  it('stores the effective document only while an overlay changes it; the properties column follows the overlay', async () => {
    const stored = async () =>
      (await handle.db.query<{ copy: boolean; title: string }>(sql`
        SELECT doc IS NOT NULL AS copy, props ->> 'title' AS title FROM records WHERE kind = 'item' AND collection_id = 'c1' AND id = 'o'`))[0];
    await store.upsertMany([{ doc: makeItem('c1', 'o', { properties: { title: 'Harvested' } }) }], 'harvester');
    expect(await stored()).toEqual({ copy: false, title: 'Harvested' });
    await store.setOverlay(itemKey('o'), { properties: { title: 'Curated' } }, 'curator');
    expect(await stored()).toEqual({ copy: true, title: 'Curated' });
    expect(((await store.require(itemKey('o'))).doc as StacItem).properties.title).toBe('Curated');
    await store.setOverlay(itemKey('o'), null, 'curator');
    expect(await stored()).toEqual({ copy: false, title: 'Harvested' });
    expect(((await store.require(itemKey('o'))).doc as StacItem).properties.title).toBe('Harvested');
  });

  it('keeps the short texts of a large record in its row: only its documents go out of line', async () => {
    const toastValues = async (): Promise<number> => {
      const [table] = await handle.db.query<{ name: string }>(sql`SELECT reltoastrelid::regclass::text AS name FROM pg_class WHERE oid = 'records'::regclass`);
      const [count] = await handle.db.query<{ n: number }>(render(fragment`SELECT count(DISTINCT chunk_id)::int AS n FROM ${raw(table!.name)}`));
      return count!.n;
    };
    // Properties and free text that stay above the 2 kB TOAST target even compressed, as a harvested ESGF item's do.
    const noise = () => randomBytes(24).toString('hex');
    const properties = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, noise()]));
    const id = `CMIP6.CMIP.IPSL.IPSL-CM6A-LR.historical.r1i1p1f1.Amon.tas.gr.v20180803-${noise()}`;
    const before = await toastValues();
    await store.upsertMany(
      [{
        doc: makeItem('c1', id, { properties }),
        native: { format: 'esgf-solr', document: JSON.stringify({ noise: Array.from({ length: 200 }, noise) }) },
        provenance: { sourceId: 'esgf', nativeId: id, harvestedAt: '2026-11-21T00:00:00Z' },
      }],
      'harvester',
    );
    // The STAC document and the native document; never the id, native id or content hash.
    expect((await toastValues()) - before).toBe(2);
    expect((await store.require(itemKey(id))).provenance?.nativeId).toBe(id);
  });

  it('keeps every version, readable back, with who changed what', async () => {
    const versions = await store.versions(itemKey('a'));
    expect(versions.map((v) => [v.version, v.change, v.changedBy])).toEqual([
      [1, 'created', 'alice'],
      [2, 'overlay', 'curator'],
      [3, 'updated', 'harvester'],
    ]);
    expect(versions[1]!.changedPaths).toEqual(['properties.title']);
    const v1 = (await store.getVersion(itemKey('a'), 1)) as StacItem;
    expect(v1.properties.title).toBeUndefined();
    const v2 = (await store.getVersion(itemKey('a'), 2)) as StacItem;
    expect(v2.properties.title).toBe('Curated title');
  });

  it('stores a version\'s base once a later version supersedes it, and reads every version back', async () => {
    const key = itemKey('history');
    const titled = (title: string) => makeItem('c1', 'history', { properties: { title } });
    const copies = async () =>
      (await handle.db.query<{ version: number; copy: boolean }>(sql`
        SELECT v.version, v.base IS NOT NULL AS copy FROM record_versions v JOIN records r ON r.pk = v.record_pk
        WHERE r.kind = 'item' AND r.collection_id = 'c1' AND r.id = 'history' ORDER BY v.version`)).map((r) => [r.version, r.copy]);
    await store.upsertMany([{ doc: titled('one') }], 'alice');
    expect(await copies()).toEqual([[1, false]]);
    await store.upsertMany([{ doc: titled('two') }], 'alice');
    await store.setOverlay(key, { properties: { title: 'curated' } }, 'curator');
    await store.delete(key, 'alice');
    await store.upsertMany([{ doc: titled('three') }], 'alice');
    expect(await copies()).toEqual([[1, true], [2, true], [3, true], [4, true], [5, false]]);
    const titles = [];
    for (const version of [1, 2, 3, 4, 5]) titles.push(((await store.getVersion(key, version)) as StacItem).properties.title);
    expect(titles).toEqual(['one', 'two', 'curated', 'curated', 'curated']);
  });

  it('writes a batch larger than one statement takes (three parameters a record, 65,535 a statement)', async () => {
    const items = Array.from({ length: 22_000 }, (_, i) => ({ doc: makeItem('c1', `bulk-${i}`) }));
    const outcomes = await store.upsertMany(items, 'importer');
    expect(outcomes.filter((o) => o.status === 'created')).toHaveLength(22_000);
    expect((await store.require(itemKey('bulk-21999'))).version).toBe(1);
  }, 120_000);

  it('tombstones a deleted record, with a newer datestamp, and restores it on upsert', async () => {
    const before = await store.require(itemKey('a'));
    expect(await store.delete(itemKey('a'), 'alice')).toBe(true);
    expect(await store.get(itemKey('a'))).toBeUndefined();
    const tomb = await store.get(itemKey('a'), { includeDeleted: true });
    expect(tomb?.deleted).toBe(true);
    expect(tomb!.datestamp > before.datestamp).toBe(true);
    expect(await store.delete(itemKey('a'), 'alice')).toBe(false);
    const [outcome] = await store.upsertMany([{ doc: makeItem('c1', 'a') }], 'alice');
    expect(outcome).toMatchObject({ status: 'restored' });
  });

  it('fails an item of an unknown collection alone, and imports the rest of the batch', async () => {
    const outcomes = await store.upsertMany([{ doc: makeItem('nope', 'x') }, { doc: makeItem('c1', 'b') }], 'alice');
    expect(outcomes[0]).toMatchObject({ status: 'failed', reason: 'collection "nope" does not exist' });
    expect(outcomes[1]).toMatchObject({ status: 'created' });
  });

  it('takes ids with slashes, as THREDDS datasets have, and refuses control characters', async () => {
    const [ok, bad] = await store.upsertMany([{ doc: makeItem('c1', 'model/run1/tas.nc') }, { doc: makeItem('c1', 'a\u0001b') }], 'alice');
    expect(ok).toMatchObject({ status: 'created' });
    expect(bad).toMatchObject({ status: 'failed' });
    expect((await store.require(itemKey('model/run1/tas.nc'))).id).toBe('model/run1/tas.nc');
  });

  it('normalises 0..360 longitudes on ingest', async () => {
    await store.upsertMany([{ doc: makeItem('c1', 'east', { lon: 350, lat: 10 }) }], 'alice');
    const stored = (await store.require(itemKey('east'))).doc as StacItem;
    expect(stored.geometry).toEqual({ type: 'Point', coordinates: [-10, 10] });
    expect(stored.bbox).toEqual([-10, 10, -10, 10]);
  });

  it('keeps the native document and provenance', async () => {
    await store.upsertMany(
      [
        {
          doc: makeItem('c1', 'iso'),
          native: { format: 'iso19139', document: '<gmd:MD_Metadata/>' },
          provenance: { sourceId: 'geonetwork', nativeId: 'uuid-1', harvestedAt: '2026-01-01T00:00:00Z' },
        },
      ],
      'harvester',
    );
    const stored = await store.require(itemKey('iso'));
    expect(stored.native).toEqual({ format: 'iso19139', document: '<gmd:MD_Metadata/>' });
    expect(stored.provenance).toEqual({ sourceId: 'geonetwork', nativeId: 'uuid-1', harvestedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('deleting a collection tombstones its items', async () => {
    await store.upsertMany([{ doc: makeCollection('c2') }, { doc: makeItem('c2', 'i1') }], 'alice');
    expect(await store.delete({ kind: 'collection', collectionId: '', id: 'c2' }, 'alice')).toBe(true);
    expect(await store.get({ kind: 'item', collectionId: 'c2', id: 'i1' })).toBeUndefined();
  });
  it('two overlapping batches written at the same time in opposite orders both complete', async () => {
    const ids = Array.from({ length: 200 }, (_, n) => `overlap-${String(n).padStart(3, '0')}`);
    await store.upsertMany(ids.slice(0, 100).map((id) => ({ doc: makeItem('c1', id) })), 'seed');
    const batch = (title: string) => ids.map((id) => ({ doc: makeItem('c1', id, { properties: { title } }) }));
    const [forward, backward] = await Promise.all([
      store.upsertMany(batch('forward'), 'run-1'),
      store.upsertMany(batch('backward').reverse(), 'run-2'),
    ]);
    expect(forward.every((o) => o.status !== 'failed')).toBe(true);
    expect(backward.every((o) => o.status !== 'failed')).toBe(true);
    const stored = await store.require(itemKey('overlap-150'));
    expect(['forward', 'backward']).toContain((stored.doc as StacItem).properties.title);
    expect(stored.version).toBe(2);
  });
});
