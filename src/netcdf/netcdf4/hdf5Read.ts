/**
 * One block of a variable read with one `H5Dread` in a worker, turned into the bytes `Dataset.read`
 * promises: fixed-width values in the requested byte order (h5wasm reads them little-endian),
 * strings as a 4-byte length and their UTF-8 bytes.
 */
import type { ByteOrder, Hyperslab } from '../reader.js';
import type { ValueStorage } from './hdf5Header.js';
import { cStringBytes, stringPointers, withHeap, type H5Module } from './h5Module.js';

export interface BlockRequest {
  readonly hdf5Path: string;
  readonly storage: ValueStorage;
  /** Bytes of one value in the heap. */
  readonly size: number;
  /** Checked against the variable's shape, no count 0; empty for a scalar. */
  readonly hyperslab: Hyperslab;
  /** The dataset's extent (see `VariableLayout.extent`); values beyond it are `fill`. */
  readonly extent: readonly number[];
  readonly fill: Uint8Array | null;
  readonly byteOrder: ByteOrder;
}

export function readBlock(h5: H5Module, fileId: bigint, req: BlockRequest): Uint8Array {
  const counts = req.hyperslab.map((r) => r.count);
  // The selected indices inside the dataset's extent: a leading part of each range.
  const inside = req.hyperslab.map((r, k) => ({ ...r, count: Math.min(r.count, Math.max(0, Math.ceil((req.extent[k]! - r.start) / r.stride))) }));
  const clipped = inside.some((r, k) => r.count < counts[k]!);
  const empty = inside.some((r) => r.count === 0);
  const n = counts.reduce((p, c) => p * c, 1);

  if (req.storage === 'fixed') {
    let out: Uint8Array;
    if (!clipped) {
      out = readFixed(h5, fileId, req, inside);
    } else {
      out = new Uint8Array(n * req.size);
      for (let at = 0; at < out.length; at += req.size) out.set(req.fill!, at);
      if (!empty) {
        const part = readFixed(h5, fileId, req, inside);
        forEachRun(inside, counts, (from, to, length) => out.set(part.subarray(from * req.size, (from + length) * req.size), to * req.size));
      }
    }
    if (req.byteOrder === 'big') swapInPlace(out, req.size);
    return out;
  }
  if (!clipped) return packStrings(readStrings(h5, fileId, req, inside), req.byteOrder);
  const values: Uint8Array[] = Array.from({ length: n }, () => new Uint8Array(0));
  if (!empty) {
    const part = readStrings(h5, fileId, req, inside);
    forEachRun(inside, counts, (from, to, length) => {
      for (let i = 0; i < length; i++) values[to + i] = part[from + i]!;
    });
  }
  return packStrings(values, req.byteOrder);
}

/** Runs `read` on heap memory for the values of `hyperslab`. */
function withSelection<T>(h5: H5Module, fileId: bigint, req: BlockRequest, hyperslab: Hyperslab, bytesPerValue: number, read: (ptr: number, n: number, count: bigint[]) => T): T {
  const n = hyperslab.reduce((p, r) => p * r.count, 1);
  const count = hyperslab.map((r) => BigInt(r.count));
  return withHeap(h5, n * bytesPerValue, (ptr) => {
    const status =
      hyperslab.length === 0
        ? h5.get_dataset_data(fileId, req.hdf5Path, null, null, null, BigInt(ptr))
        : h5.get_dataset_data(
            fileId,
            req.hdf5Path,
            count,
            hyperslab.map((r) => BigInt(r.start)),
            hyperslab.map((r) => BigInt(r.stride)),
            BigInt(ptr),
          );
    if (status < 0) throw new Error(`H5Dread of ${req.hdf5Path} failed (${status})`);
    return read(ptr, n, count);
  });
}

/** Fixed-width values, little-endian. */
function readFixed(h5: H5Module, fileId: bigint, req: BlockRequest, hyperslab: Hyperslab): Uint8Array {
  return withSelection(h5, fileId, req, hyperslab, req.size, (ptr, n) => h5.HEAPU8.slice(ptr, ptr + n * req.size));
}

/** The UTF-8 bytes of each string value (copied off the heap). */
function readStrings(h5: H5Module, fileId: bigint, req: BlockRequest, hyperslab: Hyperslab): Uint8Array[] {
  if (req.storage === 'fixedString') {
    return withSelection(h5, fileId, req, hyperslab, req.size, (ptr, n) =>
      Array.from({ length: n }, (_, i) => {
        const raw = h5.HEAPU8.slice(ptr + i * req.size, ptr + (i + 1) * req.size);
        const end = raw.indexOf(0);
        return end < 0 ? raw : raw.subarray(0, end);
      }),
    );
  }
  return withSelection(h5, fileId, req, hyperslab, 4, (ptr, n, count) => {
    try {
      return [...stringPointers(h5, ptr, n)].map((p) => cStringBytes(h5, p).slice());
    } finally {
      if (hyperslab.length === 0) h5.reclaim_vlen_memory(fileId, req.hdf5Path, '', BigInt(ptr));
      else h5.reclaim_vlen_memory_count(fileId, req.hdf5Path, '', BigInt(ptr), count);
    }
  });
}

/**
 * For values of a box `inner` that is a leading corner of the box `outer` (both row-major), calls
 * `copy(from, to, length)` for each run of consecutive values: index in `inner`, index in `outer`.
 */
function forEachRun(inner: Hyperslab, outer: readonly number[], copy: (from: number, to: number, length: number) => void): void {
  const n = outer.length;
  const length = inner[n - 1]!.count;
  const strides = outer.map((_, k) => outer.slice(k + 1).reduce((p, c) => p * c, 1));
  const index = new Array<number>(Math.max(0, n - 1)).fill(0);
  for (let from = 0; ; from += length) {
    copy(from, index.reduce((t, i, k) => t + i * strides[k]!, 0), length);
    let k = n - 2;
    while (k >= 0 && index[k]! + 1 === inner[k]!.count) index[k--] = 0;
    if (k < 0) return;
    index[k] = index[k]! + 1;
  }
}

/** Each value as a 4-byte length and its bytes. */
function packStrings(values: readonly Uint8Array[], order: ByteOrder): Uint8Array {
  const out = new Uint8Array(values.reduce((t, v) => t + 4 + v.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const v of values) {
    view.setUint32(at, v.length, order === 'little');
    out.set(v, at + 4);
    at += 4 + v.length;
  }
  return out;
}

function swapInPlace(bytes: Uint8Array, width: number): void {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (width === 2) b.swap16();
  else if (width === 4) b.swap32();
  else if (width === 8) b.swap64();
}
