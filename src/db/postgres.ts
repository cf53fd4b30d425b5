import pg from 'pg';
import type { CallOptions, Database } from './database.js';
import { translateDatabaseError } from './errors.js';
import type { Sql } from './sql.js';

// timestamptz and date columns stay strings: records carry RFC 3339 text, never JS Date objects.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => v);
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

type Client = pg.Pool | pg.PoolClient;

/** A PostgreSQL server (with PostGIS) through a `pg` connection pool. */
export class PostgresDatabase implements Database {
  readonly driver = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #client: Client;

  private constructor(pool: pg.Pool, client: Client) {
    this.#pool = pool;
    this.#client = client;
  }

  static async open(url: string, poolSize = 10): Promise<PostgresDatabase> {
    // No JIT: compiling costs milliseconds that catalogue queries, short by design, never win back; it
    // triggers on cost estimates, which misestimated spatial searches inflate.
    const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const client = await pool.connect();
    client.release();
    return new PostgresDatabase(pool, pool);
  }

  async query<R>(q: Sql, opts?: CallOptions): Promise<R[]> {
    opts?.signal?.throwIfAborted();
    try {
      const result = await this.#client.query({ text: q.text, values: q.values as unknown[] });
      return result.rows as R[];
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async exec(text: string): Promise<void> {
    try {
      await this.#client.query(text);
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>, _opts?: CallOptions): Promise<T> {
    if (this.#client !== this.#pool) return fn(this);
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresDatabase(this.#pool, client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translateDatabaseError(error);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.#client === this.#pool) await this.#pool.end();
  }
}
