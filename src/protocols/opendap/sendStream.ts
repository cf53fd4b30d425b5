/**
 * Writes a response body chunk by chunk with back-pressure, reading the next chunk while the socket
 * sends the current one (one chunk ahead, no more).
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

export interface StreamTotals {
  readonly bytes: number;
  readonly chunks: number;
}

export interface SendStreamOptions {
  /** Aborted when the client leaves: the reading stops and the call rejects. */
  readonly signal: AbortSignal;
  /** Called with each Buffer once the socket has taken all of its bytes, so that it can be reused. */
  readonly sent?: (chunk: Buffer) => void;
  /** Totals so far, also after a failure. */
  readonly progress?: (totals: StreamTotals) => void;
}

const ignore = (): void => undefined;

/** Ends the response after the last chunk; on failure leaves it to the caller (headers are already sent). */
export async function sendStream(res: ServerResponse, body: AsyncIterable<Buffer | string>, opts: SendStreamOptions): Promise<void> {
  const { signal, sent } = opts;
  const iterator = body[Symbol.asyncIterator]();
  let bytes = 0;
  let chunks = 0;
  let next = iterator.next();
  // The chunk read ahead may fail while the previous one drains: it is awaited (and its failure
  // reported) only when its turn comes.
  next.catch(ignore);
  try {
    for (;;) {
      const { done, value } = await next;
      if (done === true) break;
      signal.throwIfAborted();
      bytes += typeof value === 'string' ? Buffer.byteLength(value) : value.length;
      chunks += 1;
      opts.progress?.({ bytes, chunks });
      const ready =
        typeof value === 'string' || sent === undefined
          ? res.write(value)
          : res.write(value, (error) => {
              if (error === null || error === undefined) sent(value);
            });
      next = iterator.next();
      next.catch(ignore);
      if (!ready) await once(res, 'drain', { signal });
    }
    await new Promise<void>((resolve, reject) => {
      res.once('error', reject);
      res.end(() => resolve());
    });
  } finally {
    // Releases what the body holds (open reads, slabs) when it was left before its end.
    void next.then(() => iterator.return?.(), ignore).catch(ignore);
  }
}
