/**
 * The NetCDF-4 (HDF5) reader: h5wasm in a pool of worker threads. The header is read once at open;
 * each read is planned as chunk-aligned blocks (`blockPlan.ts`), two of them in flight at a time so
 * that a response keeps two workers busy, and each block is cut into slabs of at most `maxSlabBytes`.
 */
import { openDatasetFile } from '../openFile.js';
import { resolve } from 'node:path';
import { MeridianError } from '../../core/errors.js';
import type { DatasetHeader } from '../datasetHeader.js';
import { checkHyperslab, DEFAULT_SLAB_BYTES, type ByteOrder, type Dataset, type Hyperslab, type OpenDataset, type ReadOptions } from '../reader.js';
import { planBlocks } from './blockPlan.js';
import type { Netcdf4File, VariableLayout } from './hdf5Header.js';
import type { Hdf5Pool } from './hdf5Pool.js';

/** Blocks in flight per read. */
const PREFETCH = 2;
/** A block may grow to this size to end on a chunk boundary (see `blockPlan.ts`). */
const MAX_BLOCK_BYTES = 32 * 1024 * 1024;
/** Planning estimate for one string value (4-byte length and text). */
const STRING_ESTIMATE = 64;
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
/** HDF5 looks for its superblock at 0, 512, 1024, 2048, … (after a user block). */
const LAST_SUPERBLOCK_OFFSET = 1024 * 1024;

/** An opener whose datasets read through `pool`. */
export function netcdf4Opener(pool: Hdf5Pool): OpenDataset {
  return async (path, opts) => {
    opts?.signal?.throwIfAborted();
    const absolute = resolve(path);
    await checkSignature(absolute, opts);
    const file = pool.fileKey();
    let content: Netcdf4File;
    try {
      content = await pool.run({ kind: 'header', file, path: absolute }, opts);
    } catch (error) {
      await pool.release(file);
      if (opts?.signal?.aborted === true) throw opts.signal.reason;
      throw new MeridianError('InvalidParameter', 'not a readable NetCDF-4 file: its HDF5 structure cannot be read', { cause: error });
    }
    return new Netcdf4Dataset(pool, file, absolute, content);
  };
}

async function checkSignature(path: string, opts?: { readonly signal?: AbortSignal }): Promise<void> {
  const fh = await openDatasetFile(path);
  try {
    const head = Buffer.alloc(HDF5_SIGNATURE.length);
    for (let at = 0; at <= LAST_SUPERBLOCK_OFFSET; at = at === 0 ? 512 : at * 2) {
      opts?.signal?.throwIfAborted();
      const { bytesRead } = await fh.read(head, 0, head.length, at);
      if (bytesRead < head.length) break;
      if (head.equals(HDF5_SIGNATURE)) return;
    }
  } finally {
    await fh.close();
  }
  throw new MeridianError('InvalidParameter', 'not a NetCDF-4 file: no HDF5 signature');
}

class Netcdf4Dataset implements Dataset {
  readonly header: DatasetHeader;
  readonly #pool: Hdf5Pool;
  readonly #file: string;
  readonly #path: string;
  readonly #variables: ReadonlyMap<string, VariableLayout>;
  readonly #reads = new Set<AbortController>();
  #closed = false;

  constructor(pool: Hdf5Pool, file: string, path: string, content: Netcdf4File) {
    this.#pool = pool;
    this.#file = file;
    this.#path = path;
    this.header = content.header;
    this.#variables = new Map(content.variables.map((v) => [v.name, v]));
  }

  chunkShape(variable: string): readonly number[] | null {
    return this.#variables.get(variable)?.chunks ?? null;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const read of this.#reads) read.abort(closedError());
    await this.#pool.release(this.#file);
  }

  async *read(variable: string, hyperslab: Hyperslab, opts?: ReadOptions): AsyncGenerator<Buffer> {
    const v = this.#variables.get(variable);
    if (v === undefined) throw new MeridianError('NotFound', `no variable ${variable}`);
    checkHyperslab(variable, v.shape, hyperslab);
    if (this.#closed) throw closedError();
    const signal = opts?.signal;
    signal?.throwIfAborted();
    const byteOrder: ByteOrder = opts?.byteOrder ?? 'big';
    const maxSlabBytes = opts?.maxSlabBytes ?? DEFAULT_SLAB_BYTES;
    const estimate = v.storage === 'fixed' ? v.size : v.storage === 'fixedString' ? v.size + 4 : STRING_ESTIMATE;
    const blocks = planBlocks(hyperslab, v.chunks, estimate, { maxSlabBytes, maxBlockBytes: MAX_BLOCK_BYTES });

    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#reads.add(controller);
    const inFlight: Promise<Uint8Array>[] = [];
    const next = (): void => {
      const block = blocks.next();
      if (block.done === true) return;
      const job = this.#pool.run(
        {
          kind: 'read',
          file: this.#file,
          path: this.#path,
          block: { hdf5Path: v.hdf5Path, storage: v.storage, size: v.size, hyperslab: block.value, extent: v.extent, fill: v.fill, byteOrder },
        },
        { signal: controller.signal },
      );
      // Rejections of blocks never awaited (the reader left early) are expected.
      job.catch(() => undefined);
      inFlight.push(job);
    };
    try {
      for (let i = 0; i < PREFETCH; i++) next();
      for (let job = inFlight.shift(); job !== undefined; job = inFlight.shift()) {
        let bytes: Uint8Array;
        try {
          bytes = await job;
        } catch (error) {
          if (controller.signal.aborted) throw controller.signal.reason;
          throw new MeridianError('Internal', `a NetCDF-4 read of ${variable} failed`, { cause: error });
        }
        next();
        for (const slab of v.storage === 'fixed' ? fixedSlabs(bytes, v.size, maxSlabBytes) : stringSlabs(bytes, byteOrder, maxSlabBytes)) {
          if (controller.signal.aborted) throw controller.signal.reason;
          yield slab;
        }
      }
    } finally {
      controller.abort(closedError());
      signal?.removeEventListener('abort', onAbort);
      this.#reads.delete(controller);
    }
  }
}

function closedError(): MeridianError {
  return new MeridianError('Internal', 'the dataset was closed');
}

function* fixedSlabs(bytes: Uint8Array, width: number, maxSlabBytes: number): Generator<Buffer> {
  const step = Math.max(width, Math.floor(maxSlabBytes / width) * width);
  for (let at = 0; at < bytes.length; at += step) {
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(step, bytes.length - at));
  }
}

/** Slabs of whole strings (4-byte length, bytes), each at most `maxSlabBytes` unless one string is longer. */
function* stringSlabs(bytes: Uint8Array, order: ByteOrder, maxSlabBytes: number): Generator<Buffer> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  let at = 0;
  while (at < bytes.length) {
    const end = at + 4 + view.getUint32(at, order === 'little');
    if (end - start > maxSlabBytes && at > start) {
      yield Buffer.from(bytes.buffer, bytes.byteOffset + start, at - start);
      start = at;
    }
    at = end;
  }
  if (at > start) yield Buffer.from(bytes.buffer, bytes.byteOffset + start, at - start);
}
