import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import type { DriverName } from './drivers.js';

/**
 * A database that another process can open too (a PGlite directory on disk, or a throw-away database on
 * the PostgreSQL server): for tests that run `meridian` in a child process and look at the result.
 */
export interface DiskDatabase {
  /** The environment that points `meridian` at this database. */
  readonly env: Readonly<Record<string, string>>;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export async function diskDatabase(driver: DriverName): Promise<DiskDatabase> {
  if (driver === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-pglite-'));
    const dataDir = join(dir, 'data');
    return {
      env: { MERIDIAN_DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => openDatabase({ driver: 'pglite', dataDir }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `meridian_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 4 }),
    async dispose() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
