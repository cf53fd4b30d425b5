import { MeridianError } from '../core/errors.js';
import { applyMergePatch, canonicalJson, composeMergePatches } from '../core/json.js';
import {
  describeKey,
  keyString,
  recordKeyOf,
  type Provenance,
  type RecordInput,
  type RecordKey,
  type StoredRecord,
} from '../core/record.js';
import type { StacRecord } from '../core/stac.js';
import { stacRecordProblems } from '../core/stacValidation.js';
import type { Database } from '../db/database.js';
import { EFFECTIVE_DOC } from '../db/recordsTable.js';
import { fragment, join, sql } from '../db/sql.js';
import { changedPaths } from './changedPaths.js';
import { contentHash } from './contentHash.js';
import { normalizeLongitudes } from './normalizeStac.js';
import { rowToRecord, type RecordRow } from './recordRow.js';
import { searchColumns } from './searchColumns.js';

export type Change = 'created' | 'updated' | 'overlay' | 'deleted' | 'restored';

export type UpsertOutcome =
  | (RecordKey & { readonly status: 'created' | 'updated' | 'restored'; readonly version: number })
  | (RecordKey & { readonly status: 'unchanged'; readonly version: number })
  | (RecordKey & { readonly status: 'failed'; readonly reason: string });

export interface VersionInfo {
  readonly version: number;
  readonly change: Change;
  readonly changedPaths: readonly string[];
  readonly changedBy: string;
  readonly changedAt: string;
  readonly deleted: boolean;
}

interface ExistingRow {
  pk: number;
  kind: string;
  collection_id: string;
  id: string;
  content_hash: string;
  base: StacRecord;
  overlay: Record<string, unknown> | null;
  version: number;
  deleted: boolean;
  source_id: string | null;
}

/** One row to write, with everything derived from it already computed. */
interface PendingWrite {
  readonly key: RecordKey;
  readonly base: StacRecord;
  /** The base as JSON text, when the caller has it already (its canonical text, hashed). */
  readonly baseText?: string;
  readonly overlay: Record<string, unknown> | null;
  readonly native?: RecordInput['native'];
  readonly provenance?: Provenance;
  readonly hash: string;
  readonly version: number;
  readonly deleted: boolean;
  readonly change: Change;
  readonly changedPaths: readonly string[];
}

/** Rows written by one statement: each row's documents are three parameters, and a statement takes at most 65,535. */
const ROWS_PER_STATEMENT = 5_000;

/** The effective record: the base document with the curator overlay applied. */
export function effectiveDoc(base: StacRecord, overlay: Record<string, unknown> | null): StacRecord {
  return overlay ? (applyMergePatch(base, overlay) as StacRecord) : base;
}

/**
 * The record store: upserts with content-hash de-duplication, curator overlays that survive
 * re-harvests, a version history, and tombstones. The only writer of the `records` table.
 */
export class RecordStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Writes a batch of records in one transaction. An unchanged record (same content hash) writes
   * nothing and keeps its datestamp; an item whose collection does not exist fails alone.
   */
  async upsertMany(inputs: readonly RecordInput[], actor: string): Promise<UpsertOutcome[]> {
    if (inputs.length === 0) return [];
    return this.#db.transaction(async (tx) => {
      const prepared = inputs.map((input) => {
        const doc = normalizeLongitudes(input.doc);
        const baseText = canonicalJson(doc);
        return { input: { ...input, doc }, key: recordKeyOf(doc), baseText, hash: contentHash(baseText, input.native) };
      });
      const existing = await this.#lock(tx, prepared.map((p) => p.key));
      const collections = await this.#existingCollections(
        tx,
        prepared.filter((p) => p.key.kind === 'item').map((p) => p.key.collectionId),
        prepared.filter((p) => p.key.kind === 'collection').map((p) => p.key.id),
      );
      const outcomes: UpsertOutcome[] = [];
      const writes = new Map<string, PendingWrite>();
      for (const { input, key, baseText, hash } of prepared) {
        const problems = stacRecordProblems(input.doc);
        if (problems.length > 0) {
          outcomes.push({ ...key, status: 'failed', reason: `not a valid STAC record: ${problems.join('; ')}` });
          continue;
        }
        if (key.kind === 'item' && !collections.has(key.collectionId)) {
          outcomes.push({ ...key, status: 'failed', reason: `collection "${key.collectionId}" does not exist` });
          continue;
        }
        const before = existing.get(keyString(key));
        if (before && !before.deleted && before.content_hash === hash) {
          outcomes.push({ ...key, status: 'unchanged', version: before.version });
          continue;
        }
        const status = !before ? 'created' : before.deleted ? 'restored' : 'updated';
        const version = (before?.version ?? 0) + 1;
        // A key given twice in one batch: the later document wins.
        writes.set(keyString(key), {
          key,
          base: input.doc,
          baseText,
          overlay: before?.overlay ?? null,
          native: input.native,
          provenance: input.provenance,
          hash,
          version,
          deleted: false,
          change: status,
          changedPaths: before ? changedPaths(before.base, input.doc) : [],
        });
        outcomes.push({ ...key, status, version });
      }
      // Rows written in one key order, as #lock takes its row locks: two runs upserting overlapping batches
      // at the same time then wait for each other instead of deadlocking.
      const inKeyOrder = [...writes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, write]) => write);
      await this.#write(tx, inKeyOrder, actor);
      return outcomes;
    });
  }

  /** The record with this key (the effective document), or undefined; tombstones only when asked. */
  async get(key: RecordKey, opts: { includeDeleted?: boolean } = {}): Promise<StoredRecord | undefined> {
    const rows = await this.#db.query<RecordRow>(sql`
      SELECT r.kind, r.collection_id, r.id, ${EFFECTIVE_DOC} AS doc, r.base, r.overlay, r.native_format, r.native_document,
             r.source_id, r.native_id, r.harvested_at, r.content_hash, r.datestamp, r.version, r.deleted
      FROM records r WHERE r.kind = ${key.kind} AND r.collection_id = ${key.collectionId} AND r.id = ${key.id}`);
    const row = rows[0];
    if (!row || (row.deleted && !opts.includeDeleted)) return undefined;
    return rowToRecord(row);
  }

  /** Like `get`, but a missing record is a NotFound error. */
  async require(key: RecordKey): Promise<StoredRecord> {
    const found = await this.get(key);
    if (!found) throw new MeridianError('NotFound', `${describeKey(key)} does not exist`);
    return found;
  }

  /**
   * Replaces the curator overlay (a JSON merge patch over the base document); `null` removes it.
   * The overlay survives every later upsert of the base document.
   */
  async setOverlay(key: RecordKey, overlay: Record<string, unknown> | null, actor: string): Promise<StoredRecord> {
    await this.#db.transaction(async (tx) => {
      const before = (await this.#lock(tx, [key])).get(keyString(key));
      if (!before || before.deleted) throw new MeridianError('NotFound', `${describeKey(key)} does not exist`);
      await this.#write(
        tx,
        [
          {
            key,
            base: before.base,
            overlay,
            hash: before.content_hash,
            version: before.version + 1,
            deleted: false,
            change: 'overlay',
            changedPaths: changedPaths(effectiveDoc(before.base, before.overlay), effectiveDoc(before.base, overlay)),
          },
        ],
        actor,
        { keepNative: true },
      );
    });
    return this.require(key);
  }

  /**
   * Applies a JSON merge patch from a curator. On a harvested record it goes into the overlay, so that
   * it survives the next harvest; on a record created here it changes the base document.
   */
  async applyPatch(key: RecordKey, patch: Record<string, unknown>, actor: string): Promise<StoredRecord> {
    await this.#db.transaction(async (tx) => {
      const before = (await this.#lock(tx, [key])).get(keyString(key));
      if (!before || before.deleted) throw new MeridianError('NotFound', `${describeKey(key)} does not exist`);
      const harvested = before.source_id !== null;
      const overlay = harvested ? (composeMergePatches(before.overlay ?? {}, patch) as Record<string, unknown>) : before.overlay;
      const base = harvested ? before.base : (applyMergePatch(before.base, patch) as StacRecord);
      const after = effectiveDoc(base, overlay);
      const problems = stacRecordProblems(after);
      if (problems.length > 0) {
        throw new MeridianError('InvalidParameter', `the patched record is not valid STAC: ${problems.join('; ')}`);
      }
      const afterKey = recordKeyOf(after);
      if (afterKey.id !== key.id || afterKey.collectionId !== key.collectionId) {
        throw new MeridianError('InvalidParameter', 'a patch cannot change the id or the collection of a record');
      }
      await this.#write(
        tx,
        [
          {
            key,
            base,
            overlay,
            hash: harvested ? before.content_hash : contentHash(canonicalJson(base)),
            version: before.version + 1,
            deleted: false,
            change: harvested ? 'overlay' : 'updated',
            changedPaths: changedPaths(effectiveDoc(before.base, before.overlay), after),
          },
        ],
        actor,
        { keepNative: true },
      );
    });
    return this.require(key);
  }

  /** Tombstones a record (a collection with all its items). Returns false when there was nothing to delete. */
  async delete(key: RecordKey, actor: string): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const before = (await this.#lock(tx, [key])).get(keyString(key));
      if (!before || before.deleted) return false;
      const targets = key.kind === 'collection' ? await this.#liveItemsOf(tx, key.id) : [];
      await this.#tombstone(tx, [before, ...targets], actor);
      return true;
    });
  }

  /**
   * Refreshes the planner's statistics of the records table. After a bulk load they are stale until
   * autovacuum catches up, and the planner then picks plans that are ten times slower.
   */
  async refreshStatistics(): Promise<void> {
    await this.#db.exec('ANALYZE records');
  }

  /** The history of a record, oldest first. */
  async versions(key: RecordKey): Promise<VersionInfo[]> {
    const rows = await this.#db.query<{
      version: number;
      change: Change;
      changed_paths: string[];
      changed_by: string;
      changed_at: string;
      deleted: boolean;
    }>(sql`
      SELECT v.version, v.change, v.changed_paths, v.changed_by, v.changed_at, v.deleted
      FROM record_versions v JOIN records r ON r.pk = v.record_pk
      WHERE r.kind = ${key.kind} AND r.collection_id = ${key.collectionId} AND r.id = ${key.id}
      ORDER BY v.version`);
    return rows.map((r) => ({
      version: r.version,
      change: r.change,
      changedPaths: r.changed_paths,
      changedBy: r.changed_by,
      changedAt: new Date(r.changed_at).toISOString(),
      deleted: r.deleted,
    }));
  }

  /** The effective document of one version of a record, as it was after that change. */
  async getVersion(key: RecordKey, version: number): Promise<StacRecord | undefined> {
    // The latest version's base is the record's own (migration 009).
    const rows = await this.#db.query<{ base: StacRecord; overlay: Record<string, unknown> | null }>(sql`
      SELECT coalesce(v.base, r.base) AS base, v.overlay FROM record_versions v JOIN records r ON r.pk = v.record_pk
      WHERE r.kind = ${key.kind} AND r.collection_id = ${key.collectionId} AND r.id = ${key.id}
        AND v.version = ${version}`);
    const row = rows[0];
    return row ? effectiveDoc(row.base, row.overlay) : undefined;
  }

  async #lock(tx: Database, keys: readonly RecordKey[]): Promise<Map<string, ExistingRow>> {
    const rows = await tx.query<ExistingRow>(sql`
      SELECT r.pk, r.kind, r.collection_id, r.id, r.content_hash, r.base, r.overlay, r.version, r.deleted, r.source_id
      FROM records r
      JOIN unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.collectionId)}::text[],
                  ${keys.map((k) => k.id)}::text[]) AS k(kind, collection_id, id)
        ON r.kind = k.kind AND r.collection_id = k.collection_id AND r.id = k.id
      ORDER BY r.kind, r.collection_id, r.id
      FOR UPDATE OF r`);
    return new Map(
      rows.map((r) => [keyString({ kind: r.kind as RecordKey['kind'], collectionId: r.collection_id, id: r.id }), r]),
    );
  }

  async #existingCollections(tx: Database, wanted: readonly string[], inBatch: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(wanted)];
    const found = new Set(inBatch);
    if (ids.length === 0) return found;
    const rows = await tx.query<{ id: string }>(sql`
      SELECT id FROM records WHERE kind = 'collection' AND collection_id = '' AND NOT deleted AND id = ANY(${ids}::text[])`);
    for (const r of rows) found.add(r.id);
    return found;
  }

  async #liveItemsOf(tx: Database, collectionId: string): Promise<ExistingRow[]> {
    return tx.query<ExistingRow>(sql`
      SELECT pk, kind, collection_id, id, content_hash, base, overlay, version, deleted, source_id
      FROM records WHERE kind = 'item' AND collection_id = ${collectionId} AND NOT deleted FOR UPDATE`);
  }

  async #tombstone(tx: Database, rows: readonly ExistingRow[], actor: string): Promise<void> {
    await tx.query(sql`
      WITH gone AS (
        UPDATE records SET deleted = true, version = version + 1, datestamp = clock_timestamp(),
               change_seq = nextval('record_change_seq')
        WHERE pk = ANY(${rows.map((r) => r.pk)}::bigint[])
        RETURNING pk, version, datestamp, overlay)
      INSERT INTO record_versions (record_pk, version, change, changed_by, changed_at, base, overlay, deleted)
      SELECT pk, version, 'deleted', ${actor}, datestamp, NULL, overlay, true FROM gone`);
  }

  /** Writes rows in statements of ROWS_PER_STATEMENT, in the order given. */
  async #write(tx: Database, writes: readonly PendingWrite[], actor: string, opts: { keepNative?: boolean } = {}) {
    for (let i = 0; i < writes.length; i += ROWS_PER_STATEMENT) {
      await this.#writeRows(tx, writes.slice(i, i + ROWS_PER_STATEMENT), actor, opts);
    }
  }

  /**
   * Inserts or updates rows and appends their versions, in one statement. An update counts its version
   * from the row itself: a record another transaction created after #lock looked for it is then updated
   * as its next version rather than colliding with that transaction's version 1. The documents travel as
   * parameters of their own, each as its text: inside the JSON of the other columns the server would parse
   * them twice, and a native document's every quote would be escaped and unescaped. The new version row
   * holds no base: the record's is the latest; a trigger copies it into the version row it supersedes.
   */
  async #writeRows(tx: Database, writes: readonly PendingWrite[], actor: string, opts: { keepNative?: boolean }) {
    const rows = writes.map((w, i) => {
      const doc = effectiveDoc(w.base, w.overlay);
      const columns = searchColumns(doc);
      return {
        n: i + 1,
        kind: w.key.kind,
        collection_id: w.key.collectionId,
        id: w.key.id,
        overlay: w.overlay,
        doc: w.overlay ? doc : null,
        native_format: w.native?.format ?? null,
        source_id: w.provenance?.sourceId ?? null,
        native_id: w.provenance?.nativeId ?? null,
        harvested_at: w.provenance?.harvestedAt ?? null,
        content_hash: w.hash,
        geom: columns.geom,
        dt_start: columns.dtStart,
        dt_end: columns.dtEnd,
        search_text: columns.text,
        version: w.version,
        change: w.change,
        changed_paths: w.changedPaths,
      };
    });
    const documents = writes.map(
      (w, i) => fragment`(${i + 1}::integer, ${w.baseText ?? JSON.stringify(w.base)}::jsonb, ${w.native?.document ?? null}::text)`,
    );
    const keepNative = opts.keepNative === true;
    await tx.query(sql`
      WITH documents (n, base, native_document) AS (VALUES ${join(documents, ', ')}), input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
          n integer, kind text, collection_id text, id text, overlay jsonb, doc jsonb, native_format text,
          source_id text, native_id text, harvested_at timestamptz, content_hash text, geom text,
          dt_start timestamptz, dt_end timestamptz, search_text text, version integer, change text, changed_paths jsonb)
        JOIN documents USING (n)
      ), written AS (
        INSERT INTO records AS r (kind, collection_id, id, base, overlay, doc, native_format, native_document,
          source_id, native_id, harvested_at, content_hash, geom, dt_start, dt_end, search_text, datestamp,
          change_seq, version, deleted)
        SELECT kind, collection_id, id, base, overlay, doc, native_format, native_document,
          source_id, native_id, harvested_at, content_hash,
          ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326), dt_start, dt_end,
          to_tsvector('simple', search_text),
          clock_timestamp(), nextval('record_change_seq'), version, false
        FROM input
        ON CONFLICT (kind, collection_id, id) DO UPDATE SET
          base = EXCLUDED.base, overlay = EXCLUDED.overlay, doc = EXCLUDED.doc,
          native_format = CASE WHEN ${keepNative} THEN r.native_format ELSE EXCLUDED.native_format END,
          native_document = CASE WHEN ${keepNative} THEN r.native_document ELSE EXCLUDED.native_document END,
          source_id = CASE WHEN ${keepNative} THEN r.source_id ELSE EXCLUDED.source_id END,
          native_id = CASE WHEN ${keepNative} THEN r.native_id ELSE EXCLUDED.native_id END,
          harvested_at = CASE WHEN ${keepNative} THEN r.harvested_at ELSE EXCLUDED.harvested_at END,
          content_hash = EXCLUDED.content_hash, geom = EXCLUDED.geom, dt_start = EXCLUDED.dt_start,
          dt_end = EXCLUDED.dt_end, search_text = EXCLUDED.search_text, datestamp = EXCLUDED.datestamp,
          change_seq = EXCLUDED.change_seq, version = r.version + 1, deleted = false
        RETURNING r.pk, r.kind, r.collection_id, r.id, r.version, r.datestamp, r.overlay
      )
      INSERT INTO record_versions (record_pk, version, change, changed_paths, changed_by, changed_at, base, overlay, deleted)
      SELECT w.pk, w.version, i.change, ARRAY(SELECT jsonb_array_elements_text(i.changed_paths)), ${actor},
             w.datestamp, NULL, w.overlay, false
      FROM written w JOIN input i ON i.kind = w.kind AND i.collection_id = w.collection_id AND i.id = w.id`);
  }
}
