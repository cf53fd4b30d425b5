import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { scratchPostgresDatabase, type DriverName } from './drivers.js';

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
  const scratch = await scratchPostgresDatabase();
  return {
    env: { DATABASE_URL: scratch.url },
    open: () => openDatabase({ driver: 'postgres', url: scratch.url, poolSize: 4 }),
    dispose: () => scratch.drop(),
  };
}
