/**
 * Splits a hyperslab into blocks, each read by one HDF5 call in a worker. Blocks follow each other in
 * row-major order, so their bytes concatenate into the response. h5wasm opens the dataset afresh on
 * every call, so HDF5's chunk cache never outlives a block: a chunk cut by a block boundary is
 * decompressed once per block that touches it. Blocks therefore end on chunk boundaries of the
 * dimension they split whenever a chunk-aligned block fits `maxBlockBytes` (measured: 26 → 150 MB/s
 * for a (100, 45, 90)-chunked variable).
 */
import type { Hyperslab, HyperslabRange } from '../reader.js';

export interface BlockLimits {
  /** Preferred block size; blocks are this small when that keeps them chunk-aligned. */
  readonly maxSlabBytes: number;
  /** Largest block allowed to reach the next chunk boundary. */
  readonly maxBlockBytes: number;
}

/**
 * The blocks of `hyperslab` (already checked against the variable's shape) for values of
 * `valueBytes` bytes (an estimate for strings) stored in chunks of `chunks` (null: contiguous).
 */
export function* planBlocks(
  hyperslab: Hyperslab,
  chunks: readonly number[] | null,
  valueBytes: number,
  limits: BlockLimits,
): Generator<Hyperslab> {
  const n = hyperslab.length;
  const counts = hyperslab.map((r) => r.count);
  if (counts.some((c) => c === 0)) return;
  if (n === 0 || product(counts, 0) * valueBytes <= limits.maxSlabBytes) {
    yield hyperslab;
    return;
  }
  // Split dimension k: the outermost one whose index rows (full inner dimensions) fit a slab or,
  // chunk-aligned, a block. Dimensions before k are taken one index at a time.
  const rowBytesAt = (k: number): number => product(counts, k + 1) * valueBytes;
  const alignedFits = (k: number): boolean => {
    const chunk = chunks?.[k];
    return chunk !== undefined && rowBytesAt(k) * perChunk(hyperslab[k]!, chunk) <= Math.max(limits.maxBlockBytes, limits.maxSlabBytes);
  };
  let k = 0;
  while (k < n - 1 && rowBytesAt(k) > limits.maxSlabBytes && !alignedFits(k)) k += 1;
  const range = hyperslab[k]!;
  const rowBytes = rowBytesAt(k);
  const alignTo = alignedFits(k) ? chunks?.[k] : undefined;
  const slabRows = Math.max(1, Math.floor(limits.maxSlabBytes / rowBytes));

  const pieces: HyperslabRange[] = [];
  for (let pos = 0; pos < range.count; ) {
    let end = Math.min(range.count, pos + slabRows);
    if (alignTo !== undefined && end < range.count) {
      // Back to the last chunk boundary inside the slab, or on to the first one after its start.
      const firstAfter = (index: number): number => Math.ceil((index - range.start) / range.stride);
      const back = firstAfter(Math.floor((range.start + range.stride * end) / alignTo) * alignTo);
      end = back > pos ? back : Math.min(range.count, firstAfter((Math.floor((range.start + range.stride * pos) / alignTo) + 1) * alignTo));
    }
    pieces.push({ start: range.start + range.stride * pos, count: end - pos, stride: range.stride });
    pos = end;
  }

  const outer = hyperslab.slice(0, k);
  const inner = hyperslab.slice(k + 1);
  const index = outer.map(() => 0);
  for (;;) {
    const fixed = outer.map((r, j) => ({ start: r.start + r.stride * index[j]!, count: 1, stride: 1 }));
    for (const piece of pieces) yield [...fixed, piece, ...inner];
    let j = outer.length - 1;
    while (j >= 0 && index[j]! + 1 === outer[j]!.count) index[j--] = 0;
    if (j < 0) return;
    index[j] = index[j]! + 1;
  }
}

/** How many selected indices of `range` one chunk of length `chunk` holds, at most. */
function perChunk(range: HyperslabRange, chunk: number | undefined): number {
  if (chunk === undefined) return 1;
  return Math.min(range.count, Math.ceil(chunk / range.stride));
}

function product(values: readonly number[], from: number): number {
  let p = 1;
  for (let i = from; i < values.length; i++) p *= values[i]!;
  return p;
}
