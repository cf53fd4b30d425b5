import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEnvelope } from '../../../src/search/backend.js';
import { SqlSearchBackend } from '../../../src/search/backends/sql/sqlSearch.js';
import type { SearchRequest } from '../../../src/search/request.js';
import { RecordStore } from '../../../src/store/recordStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';

/*
 * Pages by position (CSW) and bounded counts look first at the first records of an index walk; what they
 * answer must not depend on it. 2,400 items, more than a probe reads: every fifth is "warm" and lies in
 * the east; the first 1,200 written are all in the west, so that a probe in the order of change finds no
 * eastern item and the search has to go past it.
 */
const ITEMS = 2_400;
const WEST = { bbox: [-10, 40, -5, 45] as [number, number, number, number] };
const EAST = { bbox: [5, 40, 10, 45] as [number, number, number, number] };

function item(i: number) {
  const east = i >= ITEMS / 2;
  return makeItem('obs', `i${String(i).padStart(4, '0')}`, {
    lon: east ? 7 : -7,
    lat: 42,
    datetime: '2020-01-01T00:00:00Z',
    properties: { title: i % 5 === 0 ? `warm sea ${i}` : `cold sea ${i}` },
  });
}

const ids = (records: readonly RecordEnvelope[]): string[] => records.map((r) => r.id);

describe.each(DRIVERS)('positional paging and bounded counts on %s', (driver) => {
  let handle: TestDatabase;
  let search: SqlSearchBackend;

  beforeAll(async () => {
    handle = await openTestDatabase(driver);
    const store = new RecordStore(handle.db);
    await store.upsertMany([{ doc: makeCollection('obs') }], 'test');
    for (let start = 0; start < ITEMS; start += 400) {
      await store.upsertMany(Array.from({ length: 400 }, (_, k) => ({ doc: item(start + k) })), 'test');
    }
    search = new SqlSearchBackend(handle.db, { countLimit: 100_000 });
  }, 120_000);
  afterAll(() => handle?.dispose());

  const request = (spatial: typeof WEST, limit: number, offset: number, q?: string[]): SearchRequest => ({
    target: 'items',
    spatial,
    ...(q ? { q } : {}),
    sortby: [{ field: 'meridian:datestamp', direction: 'asc' }],
    limit,
    page: { offset },
    count: false,
  });

  it('gives the same pages as one read of the whole ordered result, found in the probe or past it', async () => {
    for (const [spatial, q] of [[WEST, undefined], [EAST, ['warm']], [WEST, ['warm']]] as const) {
      const all = ids((await search.search(request(spatial, 2_000, 0, q ? [...q] : undefined))).records);
      for (const offset of [0, 50, 130, 230]) {
        const page = await search.search(request(spatial, 50, offset, q ? [...q] : undefined));
        expect(ids(page.records)).toEqual(all.slice(offset, offset + 50));
        expect(page.next !== undefined).toBe(offset + 50 < all.length);
      }
    }
  });

  it('counts exactly up to the bound, and estimates above it from a sample', async () => {
    const count = async (spatial: typeof WEST, q: string[] | undefined, exactUpTo: number) => {
      const [result] = await search.aggregate({ ...request(spatial, 1, 0, q), aggregations: [{ kind: 'total_count', name: 'n', exactUpTo }] });
      return result;
    };
    // 240 warm items in the east: fewer than the bound
    expect(await count(EAST, ['warm'], 1_000)).toEqual({ name: 'n', kind: 'total_count', value: 240 });
    // 1,200 western items: more than the bound, and the sample (the first written) is all western
    const west = await count(WEST, undefined, 1_000);
    expect(west).toMatchObject({ kind: 'total_count', estimated: true });
    expect(west?.kind === 'total_count' && west.value).toBeGreaterThan(1_000);
    expect(await count(WEST, undefined, 5_000)).toEqual({ name: 'n', kind: 'total_count', value: 1_200 });
  });
});
