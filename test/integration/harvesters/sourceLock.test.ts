import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { runHarvest } from '../../../harvesters/runner/run.js';
import type { CswSourceConfig } from '../../../src/core/harvest.js';
import { MeridianError } from '../../../src/core/errors.js';
import { FetchHttpClient } from '../../../src/core/http/httpClient.js';
import { HarvestStore } from '../../../src/store/harvestStore.js';
import { diskDatabase } from '../../support/diskDatabase.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { cswPage, ReplayServer } from '../../support/replayServer.js';

const MERIDIAN = fileURLToPath(new URL('../../../bin/meridian.js', import.meta.url));

// On PostgreSQL the runner holds an advisory lock per source; a PGlite data directory belongs to one
// process (src/db/dataDirLock.ts), so there a second harvest cannot even open the catalogue.
const postgresLock = () => {
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
    // Another source goes ahead.
    const other = await runHarvest({ id: 'other', kind: 'csw', url: `${server.url}/aeris/csw`, pageSize: 20 }, deps(first), { mode: 'full', concurrency: 2 });
    expect(other).toMatchObject({ status: 'succeeded', seen: 20 });

    expect(await running).toMatchObject({ status: 'succeeded', seen: 40 });
    // The refused run left no trace: one run of the source, which ended well.
    expect(await new HarvestStore(first.db).runsOf('locked', { limit: 10 })).toHaveLength(1);
    expect(await runHarvest(source, deps(first), { mode: 'full', concurrency: 2 })).toMatchObject({ status: 'succeeded', unchanged: 40 });
  });
};

const pgliteLock = () => {
  it('a meridian harvest on a data directory another process has open fails at once, naming that process', async () => {
    const target = await diskDatabase('pglite');
    const db = await target.open();
    const dir = mkdtempSync(join(tmpdir(), 'meridian-lock-'));
    try {
      const config = join(dir, 'meridian.yaml');
      writeFileSync(config, stringifyYaml({ log: { level: 'warn' }, sources: [{ id: 'locked', kind: 'csw', url: 'http://127.0.0.1:9/csw' }] }));
      const child = spawnSync(process.execPath, [MERIDIAN, '--config', config, 'harvest', 'locked'], {
        env: { ...process.env, ...target.env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(child.status).not.toBe(0);
      expect(child.stderr).toMatch(new RegExp(`data directory .* is in use by process ${process.pid}`));
    } finally {
      await db.close();
      await target.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
};

describe.each(DRIVERS)('one harvest of a source at a time on %s', (driver) => {
  if (driver === 'postgres') postgresLock();
  else pgliteLock();
});
