import type { RunCounts } from '../../src/store/harvestStore.js';

/** The running totals of a run, as the progress callback receives them. */
export interface RunProgress extends RunCounts {
  /** How many records the source says the listing holds, when it says. */
  readonly total?: number;
}

export const NO_COUNTS: RunCounts = { pages: 0, seen: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };

export function addCounts(a: RunCounts, b: RunCounts): RunCounts {
  return {
    pages: a.pages + b.pages,
    seen: a.seen + b.seen,
    created: a.created + b.created,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
    deleted: a.deleted + b.deleted,
    failed: a.failed + b.failed,
  };
}
