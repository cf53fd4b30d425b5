import { pino } from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HarvestScheduler, incrementalRuns } from '../../../harvesters/runner/scheduler.js';
import type { SourceConfig } from '../../../src/core/harvest.js';
import { createApp, protocolDeps } from '../../../src/server.js';
import { HarvestStore } from '../../../src/store/harvestStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { oaiPage, ReplayServer } from '../../support/replayServer.js';
import { testConfig } from '../../support/stacApi.js';

describe.each(DRIVERS)('scheduled harvests on %s', (driver) => {
  let handle: TestDatabase;
  let server: ReplayServer;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    server = await ReplayServer.start({ oaiRecords: 120, oaiPageSize: 50 });
    handle = await openTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.dispose();
    await server?.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('run a source at its cron time and show the run and the next one to curators', async () => {
    // The clock starts just before a minute; only Date is faked, and it moves with real time.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: new Date('2026-11-20T10:00:59.600Z') });
    const source: SourceConfig = { id: 'oai', kind: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: 'iso19139', schedule: '* * * * *' };
    const scheduler = new HarvestScheduler({ sources: [source], run: incrementalRuns({ db: handle.db, log, baseUrl: 'http://meridian.test' }), log });
    const deps = protocolDeps(handle.db, testConfig(), log);
    const app = createApp(deps, { sources: [source], nextRun: (id) => scheduler.nextRun(id) });
    const curator = (await deps.tokens.create('curator', 'curator')).token;
    scheduler.start();
    try {
      await vi.waitFor(() => expect(scheduler.isRunning('oai')).toBe(true), { timeout: 5000, interval: 20 });
      await vi.waitFor(() => expect(scheduler.isRunning('oai')).toBe(false), { timeout: 30_000, interval: 50 });
      const res = await request(app).get('/harvest/sources').set('Authorization', `Bearer ${curator}`);
      expect(res.status).toBe(200);
      expect(res.body.sources[0]).toMatchObject({
        id: 'oai',
        schedule: '* * * * *',
        state: 'idle',
        nextRun: '2026-11-20T10:02:00.000Z',
        lastRun: { mode: 'full', status: 'succeeded', seen: 120, created: 120 },
      });
    } finally {
      await scheduler.stop();
    }
  });

  it('stop interrupts a run in progress and waits for it to end', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: new Date('2026-11-20T11:59:59.600Z') });
    const source: SourceConfig = { id: 'oai-stop', kind: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: 'iso19139', schedule: '0 * * * *' };
    server.inject(oaiPage(1), { kind: 'slow', ms: 20_000 });
    const scheduler = new HarvestScheduler({ sources: [source], run: incrementalRuns({ db: handle.db, log, baseUrl: 'http://meridian.test' }), log });
    const before = server.requests.length;
    scheduler.start();
    await vi.waitFor(() => expect(server.requests.slice(before).some((r) => r.path === '/oai' && r.page === 1)).toBe(true), { timeout: 10_000, interval: 20 });
    const stopping = Date.now();
    await scheduler.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(scheduler.isRunning('oai-stop')).toBe(false);
    const [run] = await new HarvestStore(handle.db).runsOf('oai-stop', { limit: 1 });
    expect(run).toMatchObject({ status: 'interrupted', seen: 50 });
  });
});
