import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../../src/core/harvest.js';
import type { ProtocolDeps } from '../../../../src/protocols/deps.js';
import { createApp, protocolDeps } from '../../../../src/server.js';
import { HarvestStore } from '../../../../src/store/harvestStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../../support/drivers.js';
import { testConfig } from '../../../support/stacApi.js';

const SOURCES: readonly SourceConfig[] = [
  { id: 'aeris-csw', kind: 'csw', title: 'AERIS catalogue', url: 'https://api.sedoo.fr/aeris-catalogue-prod/csw', schedule: '0 2 * * *' },
  { id: 'private', kind: 'oai-pmh', url: 'https://user:s3cret@oai.example.org/oai?apiKey=abc&set=x', metadataPrefix: 'oai_dc' },
];
const NEXT = new Date('2026-11-21T02:00:00Z');

describe.each(DRIVERS)('harvest routes (%s)', (driver) => {
  let database: TestDatabase;
  let deps: ProtocolDeps;
  let app: Express;
  let curator: string;
  let reader: string;
  const runIds: number[] = [];

  const get = (path: string, token?: string) => {
    const req = request(app).get(path);
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    deps = protocolDeps(database.db, testConfig(), pino({ level: 'silent' }));
    app = createApp(deps, { sources: SOURCES, nextRun: (id) => (id === 'aeris-csw' ? NEXT : undefined) });
    curator = (await deps.tokens.create('curator', 'curator')).token;
    reader = (await deps.tokens.create('reader', 'reader')).token;
    const harvests = new HarvestStore(database.db);
    for (let i = 0; i < 5; i++) {
      const startedAt = `2026-11-1${i}T02:00:00Z`;
      const runId = await harvests.startRun({ sourceId: 'aeris-csw', kind: 'csw', mode: i === 0 ? 'full' : 'incremental', resumed: false, startedAt });
      await harvests.recordBatch({
        runId,
        sourceId: 'aeris-csw',
        counts: { pages: 1, seen: 3, created: i === 0 ? 3 : 0, updated: i === 0 ? 0 : 1, unchanged: 1, deleted: 0, failed: 1 },
        errors: [{ nativeId: `bad-${i}`, reason: 'no title' }],
        seen: [],
      });
      if (i < 4) await harvests.completePass('aeris-csw', runId, startedAt);
      await harvests.finishRun({ runId, sourceId: 'aeris-csw', status: i < 4 ? 'succeeded' : 'failed', ...(i < 4 ? {} : { message: 'upstream failed' }) });
      runIds.push(runId);
    }
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('access', () => {
    it.each(['/harvest/sources', '/harvest/sources/aeris-csw/runs', '/harvest/runs/1'])('%s without a token is 401 with a Bearer challenge', async (path) => {
      const res = await get(path);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body.code).toBe('Unauthorized');
    });

    it('refuses an unknown token with 401 and a reader token with 403', async () => {
      expect((await get('/harvest/sources', 'not-a-token')).status).toBe(401);
      const res = await get('/harvest/sources', reader);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ code: 'Forbidden', description: expect.stringContaining('curator') });
    });
  });

  describe('GET /harvest/sources', () => {
    it('lists the configured sources with their state, last run and next scheduled run', async () => {
      const res = await get('/harvest/sources', curator);
      expect(res.status).toBe(200);
      const [aeris, other] = res.body.sources;
      expect(aeris).toMatchObject({
        id: 'aeris-csw',
        kind: 'csw',
        title: 'AERIS catalogue',
        schedule: '0 2 * * *',
        state: 'failed',
        highWaterMark: '2026-11-13T02:00:00.000Z',
        lastSuccessRun: runIds[3],
        nextRun: '2026-11-21T02:00:00.000Z',
        lastRun: { runId: runIds[4], status: 'failed', message: 'upstream failed', failed: 1 },
      });
      expect(aeris.lastRun.errors).toBeUndefined();
      expect(other).toEqual({ id: 'private', kind: 'oai-pmh', url: 'https://oai.example.org/oai?apiKey=***&set=x', state: 'never-run' });
    });

    it('shows no credentials of a source', async () => {
      const res = await get('/harvest/sources', curator);
      expect(res.text).not.toContain('s3cret');
      expect(res.text).not.toContain('abc');
      expect(res.text).not.toContain('metadataPrefix');
    });
  });

  describe('GET /harvest/sources/{id}/runs', () => {
    it('lists the run reports newest first', async () => {
      const res = await get('/harvest/sources/aeris-csw/runs', curator);
      expect(res.status).toBe(200);
      expect(res.body.runs.map((r: { runId: number }) => r.runId)).toEqual([...runIds].reverse());
      expect(res.body.runs[4]).toMatchObject({ mode: 'full', created: 3, seen: 3, startedAt: '2026-11-10T02:00:00.000Z', status: 'succeeded' });
      expect(res.body.links).toBeUndefined();
    });

    it('pages with limit and a next link', async () => {
      const first = await get('/harvest/sources/aeris-csw/runs?limit=2', curator);
      expect(first.body.runs.map((r: { runId: number }) => r.runId)).toEqual([runIds[4], runIds[3]]);
      const next = first.body.links[0];
      expect(next).toMatchObject({ rel: 'next', href: `/harvest/sources/aeris-csw/runs?limit=2&before=${runIds[3]}` });
      const second = await get(next.href, curator);
      expect(second.body.runs.map((r: { runId: number }) => r.runId)).toEqual([runIds[2], runIds[1]]);
      const third = await get(second.body.links[0].href, curator);
      expect(third.body.runs.map((r: { runId: number }) => r.runId)).toEqual([runIds[0]]);
      expect(third.body.links).toBeUndefined();
    });

    it('is empty for a configured source that never ran, 404 for an unknown one', async () => {
      expect((await get('/harvest/sources/private/runs', curator)).body).toEqual({ runs: [] });
      const res = await get('/harvest/sources/nope/runs', curator);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NotFound');
    });

    it.each(['0', '-1', 'x', '201'])('refuses limit=%s with 400', async (limit) => {
      const res = await get(`/harvest/sources/aeris-csw/runs?limit=${limit}`, curator);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 'InvalidParameter', description: 'limit must be an integer from 1 to 200' });
    });
  });

  describe('GET /harvest/runs/{runId}', () => {
    it('returns one report with the records it skipped', async () => {
      const res = await get(`/harvest/runs/${runIds[2]}`, curator);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ runId: runIds[2], sourceId: 'aeris-csw', mode: 'incremental', updated: 1, errors: [{ nativeId: 'bad-2', reason: 'no title' }] });
    });

    it.each(['999999', 'abc'])('is 404 for run %s', async (id) => {
      const res = await get(`/harvest/runs/${id}`, curator);
      expect(res.status).toBe(404);
    });
  });
});
