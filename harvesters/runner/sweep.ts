import type { Logger } from 'pino';
import type { Database } from '../../src/db/database.js';
import { HarvestStore } from '../../src/store/harvestStore.js';
import { RecordStore } from '../../src/store/recordStore.js';

export interface SweepResult {
  readonly swept: boolean;
  readonly deleted: number;
}

/**
 * Tombstones the live records of a source whose native id the complete pass (or listing) did not see.
 * Called only after a full pass that really finished, or after a complete id listing. A pass that saw
 * nothing while records exist is taken for a broken source, not an empty one, and deletes nothing.
 */
export async function sweepUnseen(
  db: Database,
  sourceId: string,
  actor: string,
  log: Logger,
  opts?: { readonly signal?: AbortSignal },
): Promise<SweepResult> {
  const harvests = new HarvestStore(db);
  const records = new RecordStore(db);
  // The live records are counted only when the pass saw nothing: counting them reads every record of the source.
  const live = (await harvests.countSeen(sourceId, opts)) === 0 ? await harvests.countLive(sourceId, opts) : 0;
  if (live > 0) {
    log.warn({ live }, 'the complete pass saw no record at all: nothing is deleted');
    return { swept: false, deleted: 0 };
  }
  let deleted = 0;
  for (const key of await harvests.unseenLiveRecords(sourceId, opts)) {
    opts?.signal?.throwIfAborted();
    if (await records.delete(key, actor)) deleted++;
  }
  if (deleted > 0) log.info({ deleted }, 'records no longer at the source were deleted');
  return { swept: true, deleted };
}
