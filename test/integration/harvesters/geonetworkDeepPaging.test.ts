import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHarvest, type RunOptions } from '../../../harvesters/runner/run.js';
import type { GeonetworkSourceConfig } from '../../../src/core/harvest.js';
import { FetchHttpClient } from '../../../src/core/http/httpClient.js';
import { sql } from '../../../src/db/sql.js';
import { HarvestStore } from '../../../src/store/harvestStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { geonetworkPage, ReplayServer, type ReplayRequest } from '../../support/replayServer.js';

/** More records than Elasticsearch pages through with from/size (`max_result_window`, 10,000). */
const COUNT = 12_000;
const PAGE_SIZE = 500;

interface SearchRequest {
  readonly page: number | undefined;
  readonly body: { readonly from?: number; readonly size: number; readonly search_after?: unknown; readonly query: unknown };
}

describe.each(DRIVERS)('a GeoNetwork 4 catalogue beyond 10,000 records on %s', (driver) => {
  let handle: TestDatabase;
  let server: ReplayServer;
  let source: GeonetworkSourceConfig;
  const http = new FetchHttpClient({ timeoutMs: 5000, retries: 1, backoffMs: 10, maxBackoffMs: 50 });
  const run = (mode: RunOptions['mode'], extra: Partial<RunOptions> = {}) =>
    runHarvest(source, { db: handle.db, http, log: pino({ level: 'silent' }), baseUrl: 'http://meridian.test' }, { mode, concurrency: 2, batchSize: 100, ...extra });
  const rows = () =>
    handle.db.query<{ native_id: string; deleted: boolean; version: number }>(sql`
      SELECT native_id, deleted, version FROM records WHERE source_id = ${source.id} ORDER BY native_id`);
  /** The search requests a run made, in order. */
  const searchesDuring = async <T>(action: () => Promise<T>): Promise<{ result: T; searches: SearchRequest[] }> => {
    const before = server.requests.length;
    const result = await action();
    const searches = server.requests
      .slice(before)
      .filter((r) => r.path.endsWith('/_search'))
      .map((r) => ({ page: r.page, body: JSON.parse(r.body) as SearchRequest['body'] }));
    return { result, searches };
  };

  beforeAll(async () => {
    server = await ReplayServer.start({ geonetworkRecords: COUNT });
    handle = await openTestDatabase(driver);
    source = { id: 'gn-large', kind: 'geonetwork', url: `${server.url}/geonetwork`, pageSize: PAGE_SIZE };
  });
  afterAll(async () => {
    await handle?.dispose();
    await server?.close();
  });

  it('a full pass interrupted past the 10,000th record resumes after its last stored hit and ends with every record exactly once', { timeout: 600_000 }, async () => {
    const controller = new AbortController();
    // Page 22 holds hits 11,001 to 11,500: only search_after reaches it.
    const stopAt = (r: ReplayRequest) => {
      if (geonetworkPage(22)(r)) controller.abort(new Error('operator stop'));
    };
    server.on('request', stopAt);
    const { result: interrupted, searches: first } = await searchesDuring(() => run('full', { signal: controller.signal }));
    server.off('request', stopAt);
    expect(interrupted).toMatchObject({ status: 'interrupted', mode: 'full', deleted: 0, swept: false });
    expect(interrupted.created).toBeGreaterThan(10_000);
    const pending = await new HarvestStore(handle.db).pendingPass(source.id);
    expect(pending?.checkpoint).toMatchObject({ searchAfter: [expect.any(Number), expect.any(String)] });

    const { result: resumed, searches: second } = await searchesDuring(() => run('incremental'));
    expect(resumed).toMatchObject({ status: 'succeeded', mode: 'full', resumed: true, failed: 0, deleted: 0, swept: true });
    // The resumed run started at its checkpoint, past the 10,000th hit, not at the first page.
    expect(second[0]?.page).toBeGreaterThanOrEqual(20);
    // Every page after the first continued after the last hit of the page before, never with from/size;
    // the uuid listing that ends the pass (1,000 a page) too.
    const searches = [...first, ...second];
    expect(searches.every(({ body }) => body.from === undefined)).toBe(true);
    const pages = searches.filter(({ body }) => body.size === PAGE_SIZE);
    expect(pages.slice(1).every(({ body }) => Array.isArray(body.search_after))).toBe(true);
    const listing = searches.filter(({ body }) => body.size === 1000);
    expect(listing).toHaveLength(COUNT / 1000 + 1);
    expect(listing.slice(1).every(({ body }) => Array.isArray(body.search_after))).toBe(true);

    const stored = await rows();
    expect(stored.map((r) => r.native_id)).toEqual(server.geonetwork.liveIds());
    expect(stored.every((r) => r.version === 1 && !r.deleted)).toBe(true);
    // Exactly once: the two runs created the 12,000 records between them.
    expect(interrupted.created + resumed.created).toBe(COUNT);
  });

  it('an incremental run reads only what changed, then reconciles all the uuids to delete what is gone', { timeout: 300_000 }, async () => {
    const changed = [5, 10_500].map((i) => server.geonetwork.entries[i]?.id ?? '');
    changed.forEach((id) => server.geonetwork.change(id));
    const purged = [7, 11_900].map((i) => server.geonetwork.entries[i]?.id ?? '');
    purged.forEach((id) => server.geonetwork.purge(id));
    server.geonetwork.add(3);
    // Change dates are compared in whole seconds and `since` is inclusive: start in the next second.
    await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
    const { result: report, searches } = await searchesDuring(() => run('incremental'));
    expect(report).toMatchObject({ status: 'succeeded', mode: 'incremental', seen: 5, created: 3, updated: 2, deleted: 2, swept: true });
    const [changes, ...listing] = searches;
    expect(JSON.stringify(changes?.body.query)).toContain('"changeDate":{"gte"');
    // The uuid listing (1,000 a page) went past the 10,000th hit with search_after.
    expect(listing).toHaveLength(Math.ceil((COUNT + 1) / 1000));
    expect(listing.slice(1).every(({ body }) => Array.isArray(body.search_after))).toBe(true);
    const stored = await rows();
    expect(stored.filter((r) => !r.deleted).map((r) => r.native_id)).toEqual(server.geonetwork.liveIds().sort());
    expect(stored.filter((r) => r.deleted).map((r) => r.native_id)).toEqual(purged.sort());
  });
});
