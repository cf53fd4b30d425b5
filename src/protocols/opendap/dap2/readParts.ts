/** Reading the values of selected DAP2 arrays through a dataset reader. */
import { assertNever } from '../../../core/errors.js';
import type { Dataset, Hyperslab } from '../../../netcdf/reader.js';
import type { SlabBuffers } from '../../../netcdf/slabBuffers.js';
import type { SelectedArray, Selection } from './bindConstraint.js';

export interface PartReadOptions {
  /** Upper bound of one slab read from the file. */
  readonly slabBytes: number;
  readonly signal?: AbortSignal;
  /** Slab buffers the caller recycles (see `ReadOptions.buffers`). */
  readonly buffers?: SlabBuffers;
}

/** The arrays of the selections in the order their values go on the wire. */
export function wireParts(selections: readonly Selection[]): readonly { readonly label: string; readonly part: SelectedArray }[] {
  return selections.flatMap((s) => {
    switch (s.kind) {
      case 'array':
        return [{ label: s.part.array.name, part: s.part }];
      case 'grid':
        return [s.array, ...s.maps].map((part) => ({ label: `${s.variable.name}.${part.array.name}`, part }));
      case 'structure':
        return s.members.map((part) => ({ label: `${s.variable.name}.${part.array.name}`, part }));
      default:
        return assertNever(s, 'selection');
    }
  });
}

export function countOf(slab: Hyperslab): number {
  return slab.reduce((n, r) => n * r.count, 1);
}

/** The hyperslab the reader gets: a char array's string dimension is read whole. */
function readerSlab(part: SelectedArray): Hyperslab {
  const { stringLength } = part.array;
  return stringLength === undefined ? part.slab : [...part.slab, { start: 0, count: stringLength, stride: 1 }];
}

/** The big-endian values of a numeric part, in bounded slabs. */
export function numericSlabs(dataset: Dataset, part: SelectedArray, opts: PartReadOptions): AsyncIterable<Buffer> {
  return dataset.read(part.array.source, part.slab, {
    maxSlabBytes: opts.slabBytes,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.buffers ? { buffers: opts.buffers } : {}),
  });
}

/**
 * The UTF-8 bytes of each value of a String part: a char array's values cut at the first NUL (as
 * netCDF-Java reads them), a NetCDF-4 string's as stored.
 */
export async function* stringValues(dataset: Dataset, part: SelectedArray, opts: PartReadOptions): AsyncGenerator<Buffer> {
  const slabs = dataset.read(part.array.source, readerSlab(part), { maxSlabBytes: opts.slabBytes, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (part.array.ncType === 'string') {
    for await (const slab of slabs) {
      for (let at = 0; at < slab.length; ) {
        const n = slab.readUInt32BE(at);
        yield slab.subarray(at + 4, at + 4 + n);
        at += 4 + n;
      }
    }
    return;
  }
  const width = part.array.stringLength ?? 1;
  if (width === 0) {
    for (let i = countOf(part.slab); i > 0; i--) yield Buffer.alloc(0);
    return;
  }
  let carry = Buffer.alloc(0);
  for await (const slab of slabs) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, slab]) : slab;
    let at = 0;
    for (; at + width <= bytes.length; at += width) {
      const value = bytes.subarray(at, at + width);
      const nul = value.indexOf(0);
      yield nul === -1 ? value : value.subarray(0, nul);
    }
    carry = Buffer.from(bytes.subarray(at));
  }
}
