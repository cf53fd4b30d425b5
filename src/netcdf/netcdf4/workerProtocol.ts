/** The messages between the pool (main thread) and an h5wasm worker. */
import type { Netcdf4File } from './hdf5Header.js';
import type { BlockRequest } from './hdf5Read.js';

/**
 * Work for a worker. `file` names one open `Dataset` (a worker keeps it open between jobs until it
 * is released); `path` is the file on disk, opened on first use.
 */
export type Job =
  | { readonly kind: 'header'; readonly file: string; readonly path: string }
  | { readonly kind: 'read'; readonly file: string; readonly path: string; readonly block: BlockRequest };

export interface JobResults {
  readonly header: Netcdf4File;
  readonly read: Uint8Array;
}

export type WorkerRequest =
  | { readonly kind: 'job'; readonly id: number; readonly job: Job }
  /** Close the file if open; answered with `released`. */
  | { readonly kind: 'release'; readonly id: number; readonly file: string }
  /** Close every file; answered with `closed`, after which the worker is terminated. */
  | { readonly kind: 'shutdown' };

export type WorkerReply =
  | { readonly kind: 'done'; readonly id: number; readonly value: JobResults[Job['kind']]; readonly heapBytes: number }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string; readonly heapBytes: number }
  | { readonly kind: 'released'; readonly id: number }
  | { readonly kind: 'closed' };
