import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHarvest, type RunOptions } from '../../../harvesters/runner/run.js';
import type { AerisSourceConfig } from '../../../src/core/harvest.js';
import { FetchHttpClient } from '../../../src/core/http/httpClient.js';
import { sql } from '../../../src/db/sql.js';
import { RecordStore } from '../../../src/store/recordStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { aerisRecordRequest, ReplayServer } from '../../support/replayServer.js';

// The CSW records are the real GeoNetwork record with new identifiers; the AERIS REST answers (listing
// and record JSON) follow the documented shapes only: no real AERIS response exists (harvesters/aeris/README.md).

const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));

describe.each(DRIVERS)('harvesting AERIS on %s', (driver) => {
  let handle: TestDatabase;
  let server: ReplayServer;
  let records: RecordStore;
  let source: AerisSourceConfig;
  const http = new FetchHttpClient({ timeoutMs: 1000, retries: 0 });
  const run = (mode: RunOptions['mode']) =>
    runHarvest(source, { db: handle.db, http, log: pino({ level: 'silent' }), baseUrl: 'http://meridian.test' }, { mode, concurrency: 2, batchSize: 10 });
  const live = async () =>
    (await handle.db.query<{ native_id: string }>(sql`SELECT native_id FROM records WHERE source_id = 'aeris' AND NOT deleted ORDER BY native_id`)).map((r) => r.native_id);

  beforeAll(async () => {
    server = await ReplayServer.start({ aerisRecords: 25 });
    handle = await openTestDatabase(driver);
    records = new RecordStore(handle.db);
    source = { id: 'aeris', kind: 'aeris', url: `${server.url}/aeris/csw`, api: `${server.url}/aeris/metadata`, pageSize: 10 };
  });
  afterAll(async () => {
    await handle?.dispose();
    await server?.close();
  });

  it('a full harvest stores the ISO records, each enriched with what its record JSON adds, and goes on without a record JSON', async () => {
    const [withoutJson, failing] = [server.aeris.entries[3]?.id ?? '', server.aeris.entries[4]?.id ?? ''];
    server.aerisWithoutJson.add(withoutJson);
    server.inject(aerisRecordRequest(failing), { kind: 'status', status: 500 });
    const report = await run('full');
    expect(report).toMatchObject({ status: 'succeeded', mode: 'full', seen: 25, created: 25, failed: 0, swept: true });
    expect(await live()).toEqual(server.aeris.liveIds());

    const entry = server.aeris.entries[12];
    const record = await records.require({ kind: 'collection', collectionId: '', id: entry?.id ?? '' });
    // The native document stays the ISO record as the CSW sent it.
    expect(record.native).toEqual({ format: 'iso19139', document: server.aeris.render(entry!) });
    expect(record.doc.title).toBe('Air temperature 12');
    expect(record.doc['meridian:translations']).toMatchObject({ title: { en: 'Air temperature 12', fr: "Température de l'air 12" } });
    expect(record.doc['sci:doi']).toBe('10.25326/12');
    expect(record.doc.keywords).toContain('EUREC4A');
    expect(record.doc.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rel: 'cite-as', href: 'https://doi.org/10.25326/12' }),
        expect.objectContaining({ rel: 'describedby', href: `https://www.aeris-data.fr/catalogue/?uuid=${entry?.id}`, type: 'text/html' }),
        expect.objectContaining({ rel: 'related', href: `https://api.sedoo.fr/aeris-catalogue-prod/data/${entry?.id}` }),
      ]),
    );
    for (const id of [withoutJson, failing]) {
      const plain = await records.require({ kind: 'collection', collectionId: '', id });
      expect(plain.doc['sci:doi']).toBeUndefined();
      expect(plain.doc.links.some((l) => l.rel === 'describedby' && l.href.includes('aeris-data.fr'))).toBe(false);
    }
    server.aerisWithoutJson.clear();
  });

  it('an incremental run reconciles with the REST listing: a record gone from the catalogue is deleted, a broken listing deletes nothing', async () => {
    await nextSecond();
    const listings = () => server.requests.filter((r) => r.path === '/aeris/metadata/summaries').length;
    const before = listings();
    const gone = server.aeris.entries[7]?.id ?? '';
    server.aeris.purge(gone);
    server.aerisSummariesOverride = '{"unexpected": []}';
    const refused = await run('incremental');
    expect(refused).toMatchObject({ status: 'succeeded', mode: 'incremental', deleted: 0, swept: false });
    expect(refused.message).toMatch(/no reconciliation/);
    expect(await live()).toContain(gone);

    server.aerisSummariesOverride = undefined;
    const reconciled = await run('incremental');
    expect(reconciled).toMatchObject({ status: 'succeeded', mode: 'incremental', deleted: 1, swept: true });
    expect(await live()).toEqual(server.aeris.liveIds());
    expect(listings() - before).toBe(2);
  });
});
