import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';

export type DriverName = 'pglite' | 'postgres';

/**
 * The database driver the integration suites run on: embedded PGlite, or the PostgreSQL server named by
 * DATABASE_URL when it is set. CI runs the database suite twice, once each way (see .ci/run).
 */
export const DRIVERS: readonly DriverName[] = process.env.DATABASE_URL ? ['postgres'] : ['pglite'];

export interface TestDatabase {
  readonly db: Database;
  /** Closes the database and, on PostgreSQL, drops the throw-away database. */
  dispose(): Promise<void>;
}

/** A fresh, migrated, empty database on the given driver. */
export async function openTestDatabase(driver: DriverName): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const db = await openDatabase({ driver: 'pglite', dataDir: 'memory://' });
    return { db, dispose: () => db.close() };
  }
  const scratch = await scratchPostgresDatabase();
  const db = await openDatabase({ driver: 'postgres', url: scratch.url, poolSize: 4 });
  return {
    db,
    async dispose() {
      await db.close();
      await scratch.drop();
    },
  };
}

/** A new, empty database on the PostgreSQL server of DATABASE_URL, and how to drop it. */
export async function scratchPostgresDatabase(): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `meridian_test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
