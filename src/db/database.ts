import type { Sql } from './sql.js';

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * The one database interface of Meridian, with two drivers: `pg` for a PostgreSQL server and
 * PGlite (PostgreSQL in WebAssembly) embedded in a local data directory. Both speak the same SQL.
 */
export interface Database {
  readonly driver: 'postgres' | 'pglite';
  query<R>(q: Sql, opts?: CallOptions): Promise<R[]>;
  /** Runs several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs `fn` in a transaction; nested calls reuse the outer one. */
  transaction<T>(fn: (tx: Database) => Promise<T>, opts?: CallOptions): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { readonly driver: 'postgres'; readonly url: string; readonly poolSize?: number }
  | { readonly driver: 'pglite'; readonly dataDir: string };
