/**
 * The NetCDF-3 reader: the header parsed once at open, then positional reads (`FileHandle.read` at
 * offsets up to 2^53, so files larger than 4 GiB) for each hyperslab. The file's values are
 * big-endian, which is XDR: for DAP2 the bytes go to the wire as they are read.
 */
import type { FileHandle } from 'node:fs/promises';
import { openDatasetFile } from '../openFile.js';
import { MeridianError } from '../../core/errors.js';
import type { DatasetHeader } from '../datasetHeader.js';
import { checkHyperslab, DEFAULT_SLAB_BYTES, type Dataset, type Hyperslab, type OpenDataset, type ReadOptions } from '../reader.js';
import { HeaderTruncated, parseNetcdf3Header, type Netcdf3Header, type Netcdf3Variable } from './header.js';
import { readBatches, readUnits, type BatchLimits, type ReadBatch, type VariableLayout } from './readPlan.js';

/** First read of the header; most headers are a few KiB. */
const FIRST_HEADER_READ = 64 * 1024;
/** A header longer than this is taken for a damaged file rather than read into memory. */
const MAX_HEADER_BYTES = 256 * 1024 * 1024;
/** A hole up to this size between two runs costs less to read through than another read call. */
const READ_GAP = 32 * 1024;

export const openNetcdf3: OpenDataset = async (path, opts) => {
  opts?.signal?.throwIfAborted();
  const fh = await openDatasetFile(path);
  try {
    const { size } = await fh.stat();
    const header = await readHeader(fh, size, opts);
    return new Netcdf3Dataset(fh, header);
  } catch (error) {
    await fh.close();
    throw error;
  }
};

async function readHeader(fh: FileHandle, fileSize: number, opts?: { readonly signal?: AbortSignal }): Promise<Netcdf3Header> {
  for (let length = Math.min(FIRST_HEADER_READ, fileSize); ; length = Math.min(length * 4, fileSize, MAX_HEADER_BYTES)) {
    opts?.signal?.throwIfAborted();
    const bytes = Buffer.alloc(length);
    await readFully(fh, bytes, 0, length, 0);
    try {
      return parseNetcdf3Header(bytes, fileSize);
    } catch (error) {
      if (!(error instanceof HeaderTruncated)) throw error;
      if (length >= fileSize || length >= MAX_HEADER_BYTES) {
        throw new MeridianError('InvalidParameter', 'not a readable NetCDF-3 file: the header is truncated');
      }
    }
  }
}

/** Reads `[position, position + length)` into `target` at `at`; past the end of the file, zeros (as netCDF-C). */
async function readFully(fh: FileHandle, target: Buffer, at: number, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(target, at + done, length - done, position + done);
    if (bytesRead === 0) {
      target.fill(0, at + done, at + length);
      return;
    }
    done += bytesRead;
  }
}

function toDatasetHeader(h: Netcdf3Header): DatasetHeader {
  return {
    dimensions: h.dimensions.map((d) => ({ name: d.name, size: d.size, unlimited: d.unlimited })),
    variables: h.variables.map((v) => ({
      name: v.name,
      type: v.type,
      dimensions: v.dimensionIds.map((id) => h.dimensions[id]!.name),
      attributes: v.attributes,
    })),
    attributes: h.attributes,
    groups: [],
  };
}

function layoutOf(v: Netcdf3Variable, recordSize: number): VariableLayout {
  const byteStrides = new Array<number>(v.shape.length);
  let stride = v.width;
  for (let k = v.shape.length - 1; k >= 0; k--) {
    byteStrides[k] = k === 0 && v.record ? recordSize : stride;
    stride *= v.shape[k]!;
  }
  return { begin: v.begin, width: v.width, byteStrides };
}

class Netcdf3Dataset implements Dataset {
  readonly header: DatasetHeader;
  readonly #fh: FileHandle;
  readonly #file: Netcdf3Header;
  readonly #variables: ReadonlyMap<string, Netcdf3Variable>;
  #closed = false;

  constructor(fh: FileHandle, file: Netcdf3Header) {
    this.#fh = fh;
    this.#file = file;
    this.header = toDatasetHeader(file);
    this.#variables = new Map(file.variables.map((v) => [v.name, v]));
  }

  chunkShape(): null {
    return null;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#fh.close();
  }

  async *read(variable: string, hyperslab: Hyperslab, opts?: ReadOptions): AsyncGenerator<Buffer> {
    const v = this.#variables.get(variable);
    if (v === undefined) throw new MeridianError('NotFound', `no variable ${variable}`);
    checkHyperslab(variable, v.shape, hyperslab);
    const { width } = v;
    const total = hyperslab.reduce((n, r) => n * r.count, 1) * width;
    if (total === 0) return;
    const slabCap = Math.max(width, Math.floor((opts?.maxSlabBytes ?? DEFAULT_SLAB_BYTES) / width) * width);
    const limits: BatchLimits = { maxSpan: slabCap, gap: READ_GAP };
    const swap = opts?.byteOrder === 'little' && width > 1;
    const signal = opts?.signal;

    let remaining = total;
    // The slab being filled, taken only when the first bytes go into it: a caller that gives slabs
    // back once sent then reads a whole variable in two buffers.
    let out: Buffer | undefined;
    const slab = (): Buffer => (out ??= opts?.buffers?.take(Math.min(slabCap, remaining)) ?? Buffer.allocUnsafe(Math.min(slabCap, remaining)));
    let pos = 0;
    let scratch: Buffer | undefined;
    const finish = (full: Buffer): Buffer => {
      if (swap) swapInPlace(full, width);
      remaining -= full.length;
      out = undefined;
      pos = 0;
      return full;
    };

    for (const batch of readBatches(readUnits(layoutOf(v, this.#file.recordSize), hyperslab, limits), width, limits)) {
      signal?.throwIfAborted();
      const only = batch.units.length === 1 ? batch.units[0]! : undefined;
      const span = batch.end - batch.start;
      if (only !== undefined && (only.count === 1 || only.step === width) && span <= slab().length - pos) {
        // Contiguous bytes that fit the slab: read straight into it.
        const target = slab();
        await this.#read(target, pos, span, batch.start);
        pos += span;
        if (pos === target.length) yield finish(target);
        continue;
      }
      if (scratch === undefined || scratch.length < span) scratch = Buffer.allocUnsafe(Math.min(slabCap, Math.max(span, 64 * 1024)));
      await this.#read(scratch, 0, span, batch.start);
      for (const piece of gather(scratch, batch, width, () => slab().length - pos)) {
        const target = slab();
        piece.copyTo(target, pos);
        pos += piece.bytes;
        if (pos === target.length) yield finish(target);
      }
    }
  }

  async #read(target: Buffer, at: number, length: number, position: number): Promise<void> {
    try {
      await readFully(this.#fh, target, at, length, position);
    } catch (error) {
      throw new MeridianError('Internal', 'a NetCDF-3 read failed', { cause: error });
    }
  }
}

interface Piece {
  readonly bytes: number;
  copyTo(target: Buffer, at: number): void;
}

/**
 * The values a batch serves, from the bytes read for it, in pieces that fit the room left in the
 * current slab (asked before each piece).
 */
function* gather(source: Buffer, batch: ReadBatch, width: number, room: () => number): Generator<Piece> {
  for (const u of batch.units) {
    let first = u.offset - batch.start;
    let left = u.count;
    while (left > 0) {
      const n = Math.min(left, Math.floor(room() / width));
      const from = first;
      if (u.step === width || n === 1) {
        yield { bytes: n * width, copyTo: (t, at) => source.copy(t, at, from, from + n * width) };
      } else {
        yield { bytes: n * width, copyTo: (t, at) => copyStrided(source, from, u.step, t, at, n, width) };
      }
      first += n * u.step;
      left -= n;
    }
  }
}

function copyStrided(src: Buffer, from: number, step: number, dst: Buffer, at: number, n: number, width: number): void {
  let s = from;
  let d = at;
  switch (width) {
    case 1:
      for (let i = 0; i < n; i++, s += step) dst[d++] = src[s]!;
      return;
    case 2:
      for (let i = 0; i < n; i++, s += step) {
        dst[d++] = src[s]!;
        dst[d++] = src[s + 1]!;
      }
      return;
    case 4:
      for (let i = 0; i < n; i++, s += step) {
        dst[d++] = src[s]!;
        dst[d++] = src[s + 1]!;
        dst[d++] = src[s + 2]!;
        dst[d++] = src[s + 3]!;
      }
      return;
    default:
      for (let i = 0; i < n; i++, s += step, d += width) src.copy(dst, d, s, s + width);
  }
}

function swapInPlace(b: Buffer, width: number): void {
  if (width === 2) b.swap16();
  else if (width === 4) b.swap32();
  else if (width === 8) b.swap64();
}
