import type { Logger } from 'pino';
import type { HarvestedDocument } from '../../src/core/harvest.js';
import type { JsonValue } from '../../src/core/json.js';
import { keyString, type RecordInput } from '../../src/core/record.js';
import type { StacRecord } from '../../src/core/stac.js';
import type { Database } from '../../src/db/database.js';
import { HarvestStore, type RunCounts, type RunError } from '../../src/store/harvestStore.js';
import { RecordStore } from '../../src/store/recordStore.js';
import { crosswalkDocument } from './crosswalkFor.js';

export interface BatchContext {
  readonly db: Database;
  readonly sourceId: string;
  readonly runId: number;
  readonly actor: string;
  readonly baseUrl: string;
  /** The target collection of the source's items. */
  readonly collection?: string;
  /** Full passes remember every native id they see, for the deletion sweep. */
  readonly recordSeen: boolean;
  readonly log: Logger;
  /** The harvester's enrichment of crosswalked records from a document's supplement. */
  readonly enrich?: (record: StacRecord, supplement: JsonValue) => StacRecord;
}

/** A harvested document with its crosswalk done: STAC records (most documents hold one), a failure, or a deletion. */
export interface PreparedDocument {
  readonly doc: HarvestedDocument;
  readonly records?: readonly StacRecord[];
  readonly failure?: string;
}

/** Crosswalks one document; any failure (unreadable document, failed crosswalk) is the record's alone. */
export function prepareDocument(doc: HarvestedDocument, ctx: BatchContext): PreparedDocument {
  if (doc.deleted) return { doc };
  try {
    const { value, warnings } = crosswalkDocument(doc, { baseUrl: ctx.baseUrl, ...(ctx.collection === undefined ? {} : { collection: ctx.collection }) });
    if (value.length === 0) return { doc, failure: `${doc.format} crosswalk: the document holds no record` };
    if (warnings.length > 0) ctx.log.debug({ nativeId: doc.nativeId, warnings: warnings.length }, 'crosswalk warnings');
    const { supplement } = doc;
    const enrich = ctx.enrich;
    return { doc, records: supplement === undefined || enrich === undefined ? value : value.map((r) => enrich(r, supplement)) };
  } catch (error) {
    return { doc, failure: `${doc.format} crosswalk: ${(error as Error).message}` };
  }
}

/**
 * Stores a batch in one transaction: upserts (with provenance and the native document), tombstones for
 * deletions the source signalled and for records a native id no longer produces, and the batch's share
 * of the run report. Invalid records and missing collections fail alone and are reported.
 */
export async function storeBatch(batch: readonly PreparedDocument[], ctx: BatchContext): Promise<{ counts: RunCounts; errors: RunError[] }> {
  const harvestedAt = new Date().toISOString();
  const toStore = batch.flatMap((p) => (p.records ?? []).map((record) => ({ doc: p.doc, record })));
  const errors: RunError[] = batch.flatMap((p) => (p.failure === undefined ? [] : [{ nativeId: p.doc.nativeId, reason: p.failure }]));
  const inputs: RecordInput[] = toStore.map((p) => ({
    doc: p.record,
    native: { format: p.doc.format, document: p.doc.document },
    provenance: { sourceId: ctx.sourceId, nativeId: p.doc.nativeId, harvestedAt },
  }));
  return ctx.db.transaction(async (tx) => {
    const records = new RecordStore(tx);
    const harvests = new HarvestStore(tx);
    const outcomes = await records.upsertMany(inputs, ctx.actor);
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const written = new Set<string>();
    const storedIds = new Set<string>();
    const failedIds = new Set<string>();
    outcomes.forEach((outcome, i) => {
      const nativeId = toStore[i]?.doc.nativeId ?? '';
      if (outcome.status === 'failed') {
        errors.push({ nativeId, reason: outcome.reason });
        failedIds.add(nativeId);
        return;
      }
      written.add(keyString(outcome));
      storedIds.add(nativeId);
      if (outcome.status === 'created' || outcome.status === 'restored') created++;
      else if (outcome.status === 'updated') updated++;
      else unchanged++;
    });
    const deletedIds = new Set(batch.filter((p) => p.doc.deleted).map((p) => p.doc.nativeId));
    // A native id now giving another record (an ISO record turned from dataset into granule) retires the old
    // one; a document that failed keeps what it gave before.
    const replaced = [...storedIds].filter((id) => !failedIds.has(id));
    const stale = (await harvests.liveRecordsOf(ctx.sourceId, [...replaced, ...deletedIds])).filter(
      (k) => deletedIds.has(k.nativeId) || !written.has(keyString(k)),
    );
    let deleted = 0;
    for (const key of stale) if (await records.delete(key, ctx.actor)) deleted++;
    for (const e of errors) ctx.log.warn({ nativeId: e.nativeId, reason: e.reason }, 'record skipped');
    const counts: RunCounts = {
      pages: batch.filter((p) => p.doc.checkpoint !== undefined).length,
      seen: batch.length,
      created,
      updated,
      unchanged,
      deleted,
      failed: errors.length,
    };
    const seen = ctx.recordSeen ? batch.filter((p) => !p.doc.deleted).map((p) => p.doc.nativeId) : [];
    await harvests.recordBatch({ runId: ctx.runId, sourceId: ctx.sourceId, counts, errors, seen });
    return { counts, errors };
  });
}
