import { statSync } from 'node:fs';
import type { CrosswalkContext } from '../../crosswalks/crosswalk.js';
import type { RecordInput } from '../core/record.js';
import { STAC_VERSION, type StacCollection } from '../core/stac.js';
import type { RecordStore } from '../store/recordStore.js';
import { recordsFromDocument, type ConvertedDocument } from './recordsFromDocument.js';
import { listInputFiles, readFileDocuments, readStdinDocuments, type ReadProblem, type SourceDocument } from './readDocuments.js';

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  failed: ReadProblem[];
}

export interface ImportOptions {
  readonly batchSize: number;
  /** Batches written at the same time. */
  readonly concurrency: number;
  readonly actor: string;
  /** Context of the crosswalks for non-STAC documents (base URL, collection of the items). */
  readonly crosswalk: CrosswalkContext;
  /** Called with (bytes read, total bytes) as the import goes; total is 0 for standard input. */
  readonly onProgress?: (done: number, total: number, report: ImportReport) => void;
}

/** An import that wrote at least this many records refreshes the planner's statistics at the end. */
const ANALYZE_AFTER = 1000;

/** Items may come before their collection (in another file of a directory): they are tried again at the end. */
const MAX_DEFERRED = 200_000;

/**
 * Imports STAC Collections, Items and ItemCollections (JSON or NDJSON files, directories, standard
 * input), and every metadata format the crosswalks read (detected from content), in batched transactions.
 * Every record is validated by the store; a bad record is reported with its reason and the rest is imported.
 */
export async function importRecords(store: RecordStore, inputs: readonly string[], opts: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, failed: [] };
  if (opts.crosswalk.collection !== undefined) await ensureCollection(store, opts.crosswalk.collection, opts.actor);
  const files = inputs.flatMap((i) => (i === '-' ? ['-'] : listInputFiles(i)));
  const total = files.reduce((sum, f) => sum + (f === '-' ? 0 : statSync(f).size), 0);
  let doneBefore = 0;
  let batch: { input: RecordInput; origin: string }[] = [];
  const deferred: { input: RecordInput; origin: string }[] = [];

  const inFlight = new Set<Promise<void>>();
  const write = async (current: { input: RecordInput; origin: string }[], retrying: boolean) => {
    const outcomes = await store.upsertMany(current.map((b) => b.input), opts.actor);
    outcomes.forEach((outcome, i) => {
      const entry = current[i] as { input: RecordInput; origin: string };
      if (outcome.status === 'failed') {
        const missingCollection = outcome.reason.endsWith('does not exist') && outcome.kind === 'item';
        if (missingCollection && !retrying && deferred.length < MAX_DEFERRED) deferred.push(entry);
        else report.failed.push({ origin: entry.origin, reason: `${outcome.id}: ${outcome.reason}` });
      } else if (outcome.status === 'created' || outcome.status === 'restored') report.created++;
      else if (outcome.status === 'updated') report.updated++;
      else report.unchanged++;
    });
  };
  // Up to `concurrency` batches are written at once (PostgreSQL takes them in parallel; PGlite, one by one).
  const flush = async (retrying: boolean) => {
    if (batch.length > 0) {
      const pending = write(batch, retrying).finally(() => inFlight.delete(pending));
      inFlight.add(pending);
      batch = [];
    }
    while (inFlight.size >= opts.concurrency) await Promise.race(inFlight);
  };
  const drain = () => Promise.all(inFlight);

  for (const file of files) {
    // Unreadable lines are reported in input order, with the records that failed to store.
    const problems = report.failed;
    const documents: AsyncIterable<SourceDocument> = file === '-' ? readStdinDocuments(problems) : readFileDocuments(file, problems);
    for await (const source of documents) {
      const { origin, bytes } = source;
      let converted: ConvertedDocument;
      try {
        converted = recordsFromDocument(source, opts.crosswalk);
      } catch (error) {
        report.failed.push({ origin, reason: (error as Error).message });
        continue;
      }
      for (const input of converted.records) batch.push({ input, origin });
      if (batch.length >= opts.batchSize) {
        await flush(false);
        opts.onProgress?.(doneBefore + bytes, total, report);
      }
    }
    await flush(false);
    await drain();
    doneBefore += file === '-' ? 0 : statSync(file).size;
    opts.onProgress?.(doneBefore, total, report);
  }
  for (const entry of deferred) {
    batch.push(entry);
    if (batch.length >= opts.batchSize) await flush(true);
  }
  await flush(true);
  await drain();
  if (report.created + report.updated >= ANALYZE_AFTER) await store.refreshStatistics();
  return report;
}


/** The collection that imported items go to, created empty (to be curated) when it does not exist yet. */
async function ensureCollection(store: RecordStore, id: string, actor: string): Promise<void> {
  if (await store.get({ kind: 'collection', collectionId: '', id })) return;
  const collection: StacCollection = {
    type: 'Collection',
    stac_version: STAC_VERSION,
    id,
    description: `Records imported into ${id}`,
    license: 'other',
    extent: { spatial: { bbox: [[-180, -90, 180, 90]] }, temporal: { interval: [[null, null]] } },
    links: [],
  };
  const [outcome] = await store.upsertMany([{ doc: collection }], actor);
  if (outcome?.status === 'failed') throw new Error(`cannot create collection ${id}: ${outcome.reason}`);
}
