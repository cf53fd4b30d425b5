import { mkdirSync } from 'node:fs';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { CallOptions, Database } from './database.js';
import { lockDataDir } from './dataDirLock.js';
import { translateDatabaseError } from './errors.js';
import type { Sql } from './sql.js';

// Same value types as the pg driver: timestamps stay RFC 3339 strings, bigint and numeric become numbers.
const TEXT_PARSERS = {
  [types.TIMESTAMPTZ]: (v: string) => v,
  [types.TIMESTAMP]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

/** Embedded PostgreSQL (PGlite, with PostGIS) in a local directory: no server, no setup. */
export class PgliteDatabase implements Database {
  readonly driver = 'pglite' as const;
  readonly #db: PGlite;
  readonly #target: Queryable;
  readonly #unlock: () => void;

  private constructor(db: PGlite, target: Queryable, unlock: () => void) {
    this.#db = db;
    this.#target = target;
    this.#unlock = unlock;
  }

  /**
   * Opens (creating if needed) a database in `dataDir`, which no other process may have open;
   * `memory://` keeps it in memory.
   */
  static async open(dataDir: string): Promise<PgliteDatabase> {
    const inMemory = dataDir.startsWith('memory://');
    if (!inMemory) mkdirSync(dataDir, { recursive: true });
    const unlock = inMemory ? () => {} : lockDataDir(dataDir);
    try {
      const db = await PGlite.create({ dataDir, extensions: { postgis }, parsers: TEXT_PARSERS });
      return new PgliteDatabase(db, db, unlock);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  async query<R>(q: Sql, _opts?: CallOptions): Promise<R[]> {
    try {
      const result = await this.#target.query<R>(q.text, q.values as unknown[]);
      return result.rows;
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async exec(text: string): Promise<void> {
    try {
      await this.#target.exec(text);
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>, _opts?: CallOptions): Promise<T> {
    if (this.#target !== this.#db) return fn(this);
    return this.#db.transaction((tx) => fn(new PgliteDatabase(this.#db, tx, () => {})));
  }

  async close(): Promise<void> {
    if (this.#target !== this.#db) return;
    await this.#db.close();
    this.#unlock();
  }
}
