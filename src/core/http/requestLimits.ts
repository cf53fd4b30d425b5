import { sleep } from './backoff.js';

/** At most `limit` holders at a time; the others wait in arrival order. */
export class Semaphore {
  readonly #limit: number;
  #held = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  async acquire(opts?: { readonly signal?: AbortSignal }): Promise<() => void> {
    opts?.signal?.throwIfAborted();
    if (this.#held >= this.#limit) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          opts?.signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.#waiting.indexOf(wake);
          if (i >= 0) this.#waiting.splice(i, 1);
          reject(opts?.signal?.reason);
        };
        this.#waiting.push(wake);
        opts?.signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else {
      this.#held++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so `held` stays the same.
      if (next) next();
      else this.#held--;
    };
  }
}

/** Spaces requests to one host at least `minIntervalMs` apart, by reserving each host's next free slot. */
export class HostRateLimit {
  readonly #minIntervalMs: number;
  readonly #nextSlot = new Map<string, number>();

  constructor(minIntervalMs: number) {
    this.#minIntervalMs = Math.max(0, minIntervalMs);
  }

  async wait(host: string, opts?: { readonly signal?: AbortSignal }): Promise<void> {
    if (this.#minIntervalMs === 0) return;
    const now = Date.now();
    const slot = Math.max(now, this.#nextSlot.get(host) ?? 0);
    this.#nextSlot.set(host, slot + this.#minIntervalMs);
    if (slot > now) await sleep(slot - now, opts);
  }
}

/**
 * `fn` over every item, at most `limit` calls at a time; the results in the order of the items. For
 * requests that may all go out together, without queueing more of them than the client runs at once.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
