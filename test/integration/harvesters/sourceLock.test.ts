import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHarvest } from '../../../harvesters/runner/run.js';
import type { CswSourceConfig } from '../../../src/core/harvest.js';
import { MeridianError } from '../../../src/core/errors.js';
import { FetchHttpClient } from '../../../src/core/http/httpClient.js';
import { HarvestStore } from '../../../src/store/harvestStore.js';
import { openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { cswPage, ReplayServer } from '../../support/replayServer.js';

// The lock is PostgreSQL's, so this runs in the PostgreSQL pass of the suite: a PGlite data directory
// belongs to one process (src/db/dataDirLock.ts, tested in test/unit/db), which runs one harvest at a time.
describe.skipIf(!process.env.DATABASE_URL)('one harvest of a source at a time on postgres', () => {
  let first: TestDatabase;
  let server: ReplayServer;
  const http = new FetchHttpClient({ timeoutMs: 5000, retries: 0 });
  const deps = (handle: TestDatabase) => ({ db: handle.db, http, log: pino({ level: 'silent' }), baseUrl: 'http://meridian.test' });

  beforeAll(async () => {
    server = await ReplayServer.start({ cswRecords: 40, aerisRecords: 20 });
    first = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await first?.dispose();
    await server?.close();
  });

  it('a second harvest of a source being harvested fails at once with Conflict; another source and a later run go ahead', async () => {
    const source: CswSourceConfig = { id: 'locked', kind: 'csw', url: `${server.url}/csw`, pageSize: 10 };
    server.inject(cswPage(1), { kind: 'slow', ms: 1500 });
    const running = runHarvest(source, deps(first), { mode: 'full', concurrency: 2 });
    await new Promise<void>((resolve) => server.once('request', () => resolve()));

    const started = Date.now();
    const second = runHarvest(source, deps(first), { mode: 'full', concurrency: 2 });
    await expect(second).rejects.toThrow(MeridianError);
    await expect(second).rejects.toMatchObject({ code: 'Conflict', message: expect.stringMatching(/being harvested by another process/) });
    expect(Date.now() - started).toBeLessThan(1000);
    // Another source (other records: two sources writing the same records at once may deadlock) goes ahead.
    const other = await runHarvest({ id: 'other', kind: 'csw', url: `${server.url}/aeris/csw`, pageSize: 20 }, deps(first), { mode: 'full', concurrency: 2 });
    expect(other).toMatchObject({ status: 'succeeded', seen: 20 });

    expect(await running).toMatchObject({ status: 'succeeded', seen: 40 });
    // The refused run left no trace: one run of the source, which ended well.
    expect(await new HarvestStore(first.db).runsOf('locked', { limit: 10 })).toHaveLength(1);
    expect(await runHarvest(source, deps(first), { mode: 'full', concurrency: 2 })).toMatchObject({ status: 'succeeded', unchanged: 40 });
  });
});
