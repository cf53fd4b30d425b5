import type { Database, DatabaseConfig } from './database.js';
import { migrate } from './migrate.js';
import { PgliteDatabase } from './pglite.js';
import { PostgresDatabase } from './postgres.js';

/** Opens the configured database (PostgreSQL when a URL is given, else embedded PGlite) and migrates it. */
export async function openDatabase(config: DatabaseConfig, opts: { migrate?: boolean } = {}): Promise<Database> {
  const db =
    config.driver === 'postgres'
      ? await PostgresDatabase.open(config.url, config.poolSize)
      : await PgliteDatabase.open(config.dataDir);
  if (opts.migrate !== false) await migrate(db);
  return db;
}
