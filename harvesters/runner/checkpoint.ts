import type { Checkpoint } from '../../src/core/harvest.js';

/**
 * Where a pass may resume: batches are stored concurrently and may finish out of order, so the stored
 * checkpoint only moves past a batch once it and every batch before it are stored.
 */
export class CheckpointTracker {
  #next = 0;
  /** The first batch not yet known to be stored. */
  #frontier = 0;
  readonly #pending = new Map<number, { done: boolean; checkpoint?: Checkpoint }>();
  #latest: Checkpoint | undefined;

  constructor(start: Checkpoint | undefined) {
    this.#latest = start;
  }

  /** Registers the next batch, with the checkpoint of its last document if it has one; returns its number. */
  open(checkpoint: Checkpoint | undefined): number {
    const seq = this.#next++;
    this.#pending.set(seq, { done: false, ...(checkpoint === undefined ? {} : { checkpoint }) });
    return seq;
  }

  /** Marks a batch stored; returns the new checkpoint when the contiguous stored prefix gained one. */
  stored(seq: number): Checkpoint | undefined {
    const entry = this.#pending.get(seq);
    if (entry) entry.done = true;
    let advanced: Checkpoint | undefined;
    for (let e = this.#pending.get(this.#frontier); e?.done; e = this.#pending.get(this.#frontier)) {
      if (e.checkpoint !== undefined) advanced = e.checkpoint;
      this.#pending.delete(this.#frontier);
      this.#frontier++;
    }
    if (advanced !== undefined) this.#latest = advanced;
    return advanced;
  }

  /** The checkpoint of the contiguous stored prefix: where a retry resumes. */
  get latest(): Checkpoint | undefined {
    return this.#latest;
  }
}
