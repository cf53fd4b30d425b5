import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { runHarvest } from '../../../harvesters/runner/run.js';
import type { SourceConfig } from '../../../src/core/harvest.js';
import { FetchHttpClient } from '../../../src/core/http/httpClient.js';
import type { Database } from '../../../src/db/database.js';
import { sql } from '../../../src/db/sql.js';
import { HarvestStore } from '../../../src/store/harvestStore.js';
import { diskDatabase, type DiskDatabase } from '../../support/diskDatabase.js';
import { DRIVERS } from '../../support/drivers.js';
import { geonetworkPage, oaiPage, ReplayServer, type ReplayRequest } from '../../support/replayServer.js';

const MERIDIAN = fileURLToPath(new URL('../../../bin/meridian.js', import.meta.url));
const RECORDS = 1200;

/** A source the replay server lists over pages of 100 records, and what a complete harvest of it ends with. */
interface KilledSource {
  readonly kind: string;
  readonly source: (serverUrl: string) => SourceConfig;
  readonly page: (n: number) => (r: ReplayRequest) => boolean;
  readonly liveIds: (server: ReplayServer) => string[];
}

const SOURCES: readonly KilledSource[] = [
  {
    kind: 'OAI-PMH',
    source: (url) => ({ id: 'killed', kind: 'oai-pmh', url: `${url}/oai`, metadataPrefix: 'iso19139' }),
    page: oaiPage,
    liveIds: (server) => server.oai.liveIds(),
  },
  {
    kind: 'GeoNetwork 4',
    source: (url) => ({ id: 'killed', kind: 'geonetwork', url: `${url}/geonetwork`, pageSize: 100 }),
    page: geonetworkPage,
    liveIds: (server) => server.geonetwork.liveIds(),
  },
];

describe.each(DRIVERS)('a harvest killed with SIGKILL on %s', (driver) => {
  describe.each(SOURCES)('from $kind', ({ source: sourceAt, page, liveIds }) => {
    let server: ReplayServer;
    let target: DiskDatabase;
    let dir: string;
    let db: Database | undefined;

    beforeAll(async () => {
      server = await ReplayServer.start({ oaiRecords: RECORDS, oaiPageSize: 100, geonetworkRecords: RECORDS });
      target = await diskDatabase(driver);
      dir = mkdtempSync(join(tmpdir(), 'meridian-kill-'));
    });
    afterAll(async () => {
      await db?.close();
      await target?.dispose();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('resumes from its last checkpoint and ends with every record exactly once', { timeout: 300_000 }, async () => {
      const source = sourceAt(server.url);
      const config = join(dir, 'meridian.yaml');
      writeFileSync(config, stringifyYaml({ log: { level: 'warn' }, sources: [source] }));
      // Page 6 answers slowly, so that the process is certainly in the middle of the run when it is killed.
      server.inject(page(6), { kind: 'slow', ms: 5000 });
      const child = spawn(process.execPath, [MERIDIAN, '--config', config, 'harvest', 'killed', '--full'], {
        env: { ...process.env, ...target.env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        const onRequest = (r: ReplayRequest) => {
          if (!page(6)(r)) return;
          server.off('request', onRequest);
          resolve();
        };
        server.on('request', onRequest);
        void exited.then(() => reject(new Error(`meridian exited before page 6: ${stderr}`)));
      });
      // Give the batches of the pages already fetched a moment to reach the database, then kill.
      await new Promise((resolve) => setTimeout(resolve, 500));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      db = await target.open();
      const before = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM records WHERE source_id = 'killed'`);
      expect(before[0]?.n).toBeGreaterThan(0);
      expect(before[0]?.n).toBeLessThan(RECORDS);
      const pending = await new HarvestStore(db).pendingPass('killed');
      expect(pending?.mode).toBe('full');
      expect(pending?.checkpoint).toBeDefined();

      const requestsBefore = server.requests.length;
      const http = new FetchHttpClient({ timeoutMs: 10_000, retries: 1, backoffMs: 10 });
      const report = await runHarvest(source, { db, http, log: pino({ level: 'silent' }), baseUrl: 'http://meridian.test' }, { mode: 'incremental', concurrency: 2 });
      expect(report).toMatchObject({ status: 'succeeded', mode: 'full', resumed: true, failed: 0, deleted: 0, swept: true });
      // The resumed run started at the checkpoint, not at the first page.
      expect(server.requests[requestsBefore]?.page).toBeGreaterThan(0);

      const rows = await db.query<{ native_id: string; version: number; deleted: boolean }>(sql`
        SELECT native_id, version, deleted FROM records WHERE source_id = 'killed' ORDER BY native_id`);
      expect(rows.map((r) => r.native_id)).toEqual(liveIds(server));
      // Exactly once: no record was written twice, and the two runs created every record between them.
      expect(rows.every((r) => r.version === 1 && !r.deleted)).toBe(true);
      const runs = await db.query<{ status: string; created: number }>(sql`
        SELECT status, created FROM harvest_runs WHERE source_id = 'killed' ORDER BY run_id`);
      expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
      expect(runs.reduce((sum, r) => sum + r.created, 0)).toBe(RECORDS);
    });
  });
});

