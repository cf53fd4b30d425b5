import { MeridianError } from '../core/errors.js';
import type { Checkpoint } from '../core/harvest.js';
import type { RecordKey, RecordKind } from '../core/record.js';
import type { StacRecord } from '../core/stac.js';
import type { CallOptions, Database } from '../db/database.js';
import { fragment, render, sql, type SqlFragment } from '../db/sql.js';
import { timestampToRfc3339 } from '../db/timestamps.js';

export type RunMode = 'full' | 'incremental';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface RunCounts {
  readonly pages: number;
  readonly seen: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
  readonly failed: number;
}

/** A record a run could not store, and why. */
export interface RunError {
  readonly nativeId: string;
  readonly reason: string;
}

export interface RunReport extends RunCounts {
  readonly runId: number;
  readonly sourceId: string;
  readonly mode: RunMode;
  /** The run continued a pass that an earlier run left unfinished. */
  readonly resumed: boolean;
  readonly since?: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly status: RunStatus;
  readonly message?: string;
  /** The deletion sweep ran after this run. */
  readonly swept: boolean;
  readonly errors: readonly RunError[];
}

/** A run report without its list of skipped records (the count is in `failed`). */
export type RunSummary = Omit<RunReport, 'errors'>;

export interface SourceState {
  readonly sourceId: string;
  readonly state: 'idle' | 'running' | 'failed';
  readonly highWaterMark?: string;
  readonly lastSuccessRun?: number;
  readonly lastSuccessAt?: string;
}

/** A pass left unfinished by an earlier run: where and how to resume it. */
export interface PendingPass {
  readonly mode: RunMode;
  readonly since?: string;
  readonly passStartedAt: string;
  readonly checkpoint?: Checkpoint;
  readonly runId: number;
}

export interface HarvestedRecordKey extends RecordKey {
  readonly nativeId: string;
}

interface RunRow {
  run_id: number;
  source_id: string;
  mode: RunMode;
  resumed: boolean;
  since: string | null;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  message: string | null;
  pages: number;
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  swept: boolean;
}

interface KeyRow {
  kind: RecordKind;
  collection_id: string;
  id: string;
  native_id: string;
}

const time = (value: string | null): string | undefined => (value === null ? undefined : timestampToRfc3339(value));
const toKey = (r: KeyRow): HarvestedRecordKey => ({ kind: r.kind, collectionId: r.collection_id, id: r.id, nativeId: r.native_id });

/** How many errors a report carries; the count of failures is always complete. */
const REPORT_ERRORS = 1000;

/** Remembers native ids a full pass has seen (each once). */
function insertSeen(sourceId: string, nativeIds: readonly string[]): SqlFragment {
  return fragment`INSERT INTO harvest_seen (source_id, native_id) SELECT ${sourceId}, n FROM unnest(${[...new Set(nativeIds)]}::text[]) AS n
    ON CONFLICT DO NOTHING`;
}

/** The first key of the advisory locks of harvest runs (the second is the source id's hash). */
const HARVEST_LOCK_SPACE = 0x4d455248;

/**
 * Harvest bookkeeping: source states and high-water marks, run reports, the checkpoint of the pass in
 * progress, the native ids a full pass has seen, the record queries of the deletion sweep, and the lock that
 * keeps two processes from harvesting one source at once.
 */
export class HarvestStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Runs `fn` while this process alone harvests the source. On PostgreSQL an open transaction holds an
   * advisory lock keyed by the source id for the whole run (released by PostgreSQL if the process dies); a
   * second process fails at once with `Conflict`. A PGlite data directory belongs to one process already.
   */
  async exclusively<T>(sourceId: string, fn: () => Promise<T>): Promise<T> {
    if (this.#db.driver !== 'postgres') return fn();
    return this.#db.transaction(async (tx) => {
      const [row] = await tx.query<{ locked: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${HARVEST_LOCK_SPACE}::int, hashtext(${sourceId})) AS locked`);
      if (row?.locked !== true) {
        throw new MeridianError('Conflict', `the source "${sourceId}" is being harvested by another process; run it again once that harvest has ended`);
      }
      // The run's own statements go through the store's database: the locking transaction only holds the lock.
      return fn();
    });
  }

  async sourceState(sourceId: string, opts?: CallOptions): Promise<SourceState | undefined> {
    const rows = await this.#db.query<{
      state: SourceState['state'];
      high_water_mark: string | null;
      last_success_run: number | null;
      last_success_at: string | null;
    }>(sql`SELECT state, high_water_mark, last_success_run, last_success_at FROM harvest_sources WHERE source_id = ${sourceId}`, opts);
    const row = rows[0];
    if (!row) return undefined;
    return {
      sourceId,
      state: row.state,
      ...(row.high_water_mark === null ? {} : { highWaterMark: time(row.high_water_mark) }),
      ...(row.last_success_run === null ? {} : { lastSuccessRun: Number(row.last_success_run) }),
      ...(row.last_success_at === null ? {} : { lastSuccessAt: time(row.last_success_at) }),
    };
  }

  async pendingPass(sourceId: string, opts?: CallOptions): Promise<PendingPass | undefined> {
    const rows = await this.#db.query<{
      mode: RunMode;
      since: string | null;
      pass_started_at: string;
      checkpoint: Checkpoint | null;
      run_id: number;
    }>(sql`SELECT mode, since, pass_started_at, checkpoint, run_id FROM harvest_checkpoints WHERE source_id = ${sourceId}`, opts);
    const row = rows[0];
    if (!row) return undefined;
    return {
      mode: row.mode,
      ...(row.since === null ? {} : { since: time(row.since) }),
      passStartedAt: time(row.pass_started_at) as string,
      ...(row.checkpoint === null ? {} : { checkpoint: row.checkpoint }),
      runId: Number(row.run_id),
    };
  }

  /** Runs of this source still marked running belong to a process that died: they are interrupted. */
  async interruptStaleRuns(sourceId: string, opts?: CallOptions): Promise<number> {
    const rows = await this.#db.query<{ run_id: number }>(sql`
      UPDATE harvest_runs SET status = 'interrupted', finished_at = coalesce(finished_at, now()),
             message = coalesce(message, 'the process stopped during the run')
      WHERE source_id = ${sourceId} AND status = 'running' RETURNING run_id`, opts);
    return rows.length;
  }

  async startRun(run: {
    readonly sourceId: string;
    readonly kind: string;
    readonly mode: RunMode;
    readonly resumed: boolean;
    readonly since?: string;
    readonly startedAt: string;
  }, opts?: CallOptions): Promise<number> {
    const rows = await this.#db.query<{ run_id: number }>(sql`
      INSERT INTO harvest_runs (source_id, mode, resumed, since, started_at, status)
      VALUES (${run.sourceId}, ${run.mode}, ${run.resumed}, ${run.since ?? null}, ${run.startedAt}, 'running')
      RETURNING run_id`, opts);
    await this.#db.query(sql`
      INSERT INTO harvest_sources (source_id, kind, state, updated_at) VALUES (${run.sourceId}, ${run.kind}, 'running', now())
      ON CONFLICT (source_id) DO UPDATE SET kind = EXCLUDED.kind, state = 'running', updated_at = now()`, opts);
    return Number(rows[0]?.run_id);
  }

  /** Starts a new pass from the beginning, replacing any unfinished one and what it had seen. */
  async beginPass(pass: {
    readonly sourceId: string;
    readonly mode: RunMode;
    readonly since?: string;
    readonly passStartedAt: string;
    readonly runId: number;
  }, opts?: CallOptions): Promise<void> {
    await this.#db.query(sql`
      INSERT INTO harvest_checkpoints (source_id, mode, since, pass_started_at, checkpoint, run_id, updated_at)
      VALUES (${pass.sourceId}, ${pass.mode}, ${pass.since ?? null}, ${pass.passStartedAt}, NULL, ${pass.runId}, now())
      ON CONFLICT (source_id) DO UPDATE SET mode = EXCLUDED.mode, since = EXCLUDED.since,
        pass_started_at = EXCLUDED.pass_started_at, checkpoint = NULL, run_id = EXCLUDED.run_id, updated_at = now()`, opts);
    await this.clearSeen(pass.sourceId, opts);
  }

  /** A resumed pass continues under this run. */
  async adoptPass(sourceId: string, runId: number, opts?: CallOptions): Promise<void> {
    await this.#db.query(sql`UPDATE harvest_checkpoints SET run_id = ${runId}, updated_at = now() WHERE source_id = ${sourceId}`, opts);
  }

  /** What one stored batch adds to its run: counts, failures and the native ids seen (full passes). */
  async recordBatch(batch: {
    readonly runId: number;
    readonly sourceId: string;
    readonly counts: RunCounts;
    readonly errors: readonly RunError[];
    readonly seen: readonly string[];
  }, opts?: CallOptions): Promise<void> {
    const c = batch.counts;
    // One statement, one round trip per stored batch.
    await this.#db.query(sql`
      WITH run AS (
        UPDATE harvest_runs SET pages = pages + ${c.pages}, seen = seen + ${c.seen}, created = created + ${c.created},
          updated = updated + ${c.updated}, unchanged = unchanged + ${c.unchanged}, deleted = deleted + ${c.deleted},
          failed = failed + ${c.failed}
        WHERE run_id = ${batch.runId}
      ), errors AS (
        INSERT INTO harvest_run_errors (run_id, native_id, reason)
        SELECT ${batch.runId}, e.native_id, e.reason
        FROM unnest(${batch.errors.map((e) => e.nativeId)}::text[], ${batch.errors.map((e) => e.reason)}::text[]) AS e(native_id, reason)
      )
      ${insertSeen(batch.sourceId, batch.seen)}`, opts);
  }

  /** Where the pass resumes: everything before this checkpoint is stored. */
  async saveCheckpoint(sourceId: string, checkpoint: Checkpoint, opts?: CallOptions): Promise<void> {
    await this.#db.query(sql`
      UPDATE harvest_checkpoints SET checkpoint = ${JSON.stringify(checkpoint)}::jsonb, updated_at = now()
      WHERE source_id = ${sourceId}`, opts);
  }

  async addSeen(sourceId: string, nativeIds: readonly string[], opts?: CallOptions): Promise<void> {
    if (nativeIds.length === 0) return;
    await this.#db.query(render(insertSeen(sourceId, nativeIds)), opts);
  }

  async clearSeen(sourceId: string, opts?: CallOptions): Promise<void> {
    await this.#db.query(sql`DELETE FROM harvest_seen WHERE source_id = ${sourceId}`, opts);
  }

  async countSeen(sourceId: string, opts?: CallOptions): Promise<number> {
    const rows = await this.#db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM harvest_seen WHERE source_id = ${sourceId}`, opts);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * The live records of a source that came from these native ids, one index probe per id. Without
   * statistics (a first harvest, or autovacuum off) the planner reads every record of the source for each
   * batch, with `native_id = ANY(...)` as with a plain join; `OFFSET 0` keeps the lateral probe unflattened.
   */
  async liveRecordsOf(sourceId: string, nativeIds: readonly string[], opts?: CallOptions): Promise<HarvestedRecordKey[]> {
    if (nativeIds.length === 0) return [];
    const rows = await this.#db.query<KeyRow>(sql`
      SELECT r.kind, r.collection_id, r.id, r.native_id FROM unnest(${[...new Set(nativeIds)]}::text[]) AS n(native_id)
      CROSS JOIN LATERAL (
        SELECT kind, collection_id, id, native_id FROM records
        WHERE source_id = ${sourceId} AND native_id = n.native_id AND NOT deleted OFFSET 0) r`, opts);
    return rows.map(toKey);
  }

  /** Every live record of a source with its native id and base document (a published root's files). */
  async liveDocumentsOf(sourceId: string, opts?: CallOptions): Promise<(HarvestedRecordKey & { readonly base: StacRecord })[]> {
    const rows = await this.#db.query<KeyRow & { base: StacRecord }>(sql`
      SELECT kind, collection_id, id, native_id, base FROM records
      WHERE source_id = ${sourceId} AND NOT deleted ORDER BY kind DESC, collection_id, id`, opts);
    return rows.map((r) => ({ ...toKey(r), base: r.base }));
  }

  async countLive(sourceId: string, opts?: CallOptions): Promise<number> {
    const rows = await this.#db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM records WHERE source_id = ${sourceId} AND NOT deleted`, opts);
    return Number(rows[0]?.n ?? 0);
  }

  /** The live records of a source whose native id the pass did not see; items before collections. */
  async unseenLiveRecords(sourceId: string, opts?: CallOptions): Promise<HarvestedRecordKey[]> {
    const rows = await this.#db.query<KeyRow>(sql`
      SELECT r.kind, r.collection_id, r.id, r.native_id FROM records r
      WHERE r.source_id = ${sourceId} AND NOT r.deleted
        AND NOT EXISTS (SELECT 1 FROM harvest_seen s WHERE s.source_id = ${sourceId} AND s.native_id = r.native_id)
      ORDER BY r.kind DESC, r.collection_id, r.id`, opts);
    return rows.map(toKey);
  }

  /** The pass is complete: its start becomes the high-water mark, and its checkpoint and seen ids go. */
  async completePass(sourceId: string, runId: number, highWaterMark: string, opts?: CallOptions): Promise<void> {
    await this.#db.query(sql`DELETE FROM harvest_checkpoints WHERE source_id = ${sourceId}`, opts);
    await this.clearSeen(sourceId, opts);
    await this.#db.query(sql`
      UPDATE harvest_sources SET high_water_mark = ${highWaterMark}, last_success_run = ${runId}, last_success_at = now(), updated_at = now()
      WHERE source_id = ${sourceId}`, opts);
  }

  async finishRun(run: {
    readonly runId: number;
    readonly sourceId: string;
    readonly status: Exclude<RunStatus, 'running'>;
    readonly message?: string;
    readonly swept?: boolean;
    readonly sweptCount?: number;
  }, opts?: CallOptions): Promise<void> {
    await this.#db.query(sql`
      UPDATE harvest_runs SET status = ${run.status}, finished_at = now(), message = ${run.message ?? null},
        swept = ${run.swept === true}, deleted = deleted + ${run.sweptCount ?? 0}
      WHERE run_id = ${run.runId}`, opts);
    await this.#db.query(sql`
      UPDATE harvest_sources SET state = ${run.status === 'failed' ? 'failed' : 'idle'}, updated_at = now()
      WHERE source_id = ${run.sourceId}`, opts);
  }

  /** The state of every source that has run at least once. */
  async sourceStates(opts?: CallOptions): Promise<SourceState[]> {
    const rows = await this.#db.query<{
      source_id: string;
      state: SourceState['state'];
      high_water_mark: string | null;
      last_success_run: number | null;
      last_success_at: string | null;
    }>(sql`SELECT source_id, state, high_water_mark, last_success_run, last_success_at FROM harvest_sources ORDER BY source_id`, opts);
    return rows.map((row) => ({
      sourceId: row.source_id,
      state: row.state,
      ...(row.high_water_mark === null ? {} : { highWaterMark: time(row.high_water_mark) }),
      ...(row.last_success_run === null ? {} : { lastSuccessRun: Number(row.last_success_run) }),
      ...(row.last_success_at === null ? {} : { lastSuccessAt: time(row.last_success_at) }),
    }));
  }

  /** The latest run of each source that has one. */
  async latestRuns(opts?: CallOptions): Promise<RunSummary[]> {
    const rows = await this.#db.query<RunRow>(sql`
      SELECT DISTINCT ON (source_id) * FROM harvest_runs ORDER BY source_id, run_id DESC`, opts);
    return rows.map(rowToSummary);
  }

  /** A source's runs, newest first: at most `limit`, older than run `before` when given. */
  async runsOf(sourceId: string, page: { readonly limit: number; readonly before?: number }, opts?: CallOptions): Promise<RunSummary[]> {
    const rows = await this.#db.query<RunRow>(sql`
      SELECT * FROM harvest_runs WHERE source_id = ${sourceId} AND (${page.before ?? null}::bigint IS NULL OR run_id < ${page.before ?? null}::bigint)
      ORDER BY run_id DESC LIMIT ${page.limit}`, opts);
    return rows.map(rowToSummary);
  }

  async runReport(runId: number, opts?: CallOptions): Promise<RunReport | undefined> {
    const rows = await this.#db.query<RunRow>(sql`SELECT * FROM harvest_runs WHERE run_id = ${runId}`, opts);
    const row = rows[0];
    if (!row) return undefined;
    const errors = await this.#db.query<{ native_id: string; reason: string }>(sql`
      SELECT native_id, reason FROM harvest_run_errors WHERE run_id = ${runId} ORDER BY error_id LIMIT ${REPORT_ERRORS}`, opts);
    return rowToReport(row, errors.map((e) => ({ nativeId: e.native_id, reason: e.reason })));
  }
}

function rowToReport(row: RunRow, errors: readonly RunError[]): RunReport {
  return { ...rowToSummary(row), errors };
}

function rowToSummary(row: RunRow): RunSummary {
  return {
    runId: Number(row.run_id),
    sourceId: row.source_id,
    mode: row.mode,
    resumed: row.resumed,
    ...(row.since === null ? {} : { since: time(row.since) }),
    startedAt: time(row.started_at) as string,
    ...(row.finished_at === null ? {} : { finishedAt: time(row.finished_at) }),
    status: row.status,
    ...(row.message === null ? {} : { message: row.message }),
    pages: row.pages,
    seen: row.seen,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    deleted: row.deleted,
    failed: row.failed,
    swept: row.swept,
  };
}
