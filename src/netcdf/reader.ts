/**
 * The contract between the dataset readers (NetCDF-3, NetCDF-4/HDF5) and the protocols that serve
 * their data (OPeNDAP DAP2 and DAP4). A reader opens one file, describes it with the shared
 * `DatasetHeader` and reads hyperslabs of its variables as bytes the protocol encoders can write to
 * the wire with as little work as possible, in bounded slabs so that a response streams with
 * back-pressure and never holds a whole variable in memory.
 */
import { MeridianError } from '../core/errors.js';
import type { DatasetHeader, NetcdfType } from './datasetHeader.js';
import type { SlabBuffers } from './slabBuffers.js';

/** `big` is XDR (DAP2, and NetCDF-3's own order); `little` is what DAP4 clients usually ask for. */
export type ByteOrder = 'big' | 'little';

/**
 * The selection along one dimension: `count` indices `start, start + stride, …`. All three are
 * non-negative integers, `stride >= 1`, and `start + stride * (count - 1) < size` when `count > 0`.
 */
export interface HyperslabRange {
  readonly start: number;
  readonly count: number;
  readonly stride: number;
}

/** One range per dimension of the variable, slowest varying first; empty for a scalar. */
export type Hyperslab = readonly HyperslabRange[];

export interface ReadOptions {
  /** Byte order of multi-byte values in the slabs; default `big`. */
  readonly byteOrder?: ByteOrder;
  /**
   * Upper bound on one slab's length in bytes (default `DEFAULT_SLAB_BYTES`). A slab is longer only
   * when one value alone is longer (a huge string).
   */
  readonly maxSlabBytes?: number;
  /** Aborting stops the reading: the iteration rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Where a reader that fills slabs of its own (NetCDF-3) takes them; the caller gives each back once
   * its bytes are sent. Other readers hand over the buffers their workers filled.
   */
  readonly buffers?: SlabBuffers;
}

export const DEFAULT_SLAB_BYTES = 8 * 1024 * 1024;

/**
 * An open file. `read` and `chunkShape` name a variable by its path from the root group:
 * `tas` for a root variable, `grp/sub/var` for one in a group (group names joined with `/`).
 */
export interface Dataset {
  readonly header: DatasetHeader;

  /**
   * The selected values in row-major order (last dimension fastest), concatenated over the slabs.
   * Each slab holds whole values. Every value has its type's natural width — `byte`, `ubyte` and
   * `char` 1 byte, `short`/`ushort` 2, `int`/`uint`/`float` 4, `int64`/`uint64`/`double` 8 — in the
   * requested byte order; the protocol encoder does its own widening and padding (DAP2 sends shorts
   * as 4 bytes and pads byte arrays). A `string` value is a 4-byte unsigned length (requested byte
   * order) followed by that many UTF-8 bytes, without padding. A count of 0 in any range yields no
   * slab. An unknown variable or an invalid hyperslab rejects the first iteration with a
   * `MeridianError` (`NotFound` / `InvalidParameter`); a read failure rejects with `Internal`.
   * Leaving the iteration early (break, return, abort) releases everything the read holds.
   */
  read(variable: string, hyperslab: Hyperslab, opts?: ReadOptions): AsyncIterable<Buffer>;

  /**
   * The storage chunk shape (one length per dimension), so that callers can plan slabs along chunk
   * boundaries; `null` when the variable is stored contiguously (all NetCDF-3 variables) or unknown.
   */
  chunkShape(variable: string): readonly number[] | null;

  /** Releases the file; reads still running fail. Closing twice is harmless. */
  close(opts?: { signal?: AbortSignal }): Promise<void>;
}

/**
 * What each format module exports (NetCDF-3: `openNetcdf3` in `netcdf3/openNetcdf3.ts`).
 * Rejects with `MeridianError` `NotFound` when the file does not exist and `InvalidParameter` when
 * it is not a file of that format (the message says what is wrong with it).
 */
export type OpenDataset = (path: string, opts?: { signal?: AbortSignal }) => Promise<Dataset>;

/** Width in bytes of one value as `Dataset.read` produces it; `undefined` for `string` (variable). */
export function valueWidth(type: NetcdfType): number | undefined {
  switch (type) {
    case 'byte':
    case 'ubyte':
    case 'char':
      return 1;
    case 'short':
    case 'ushort':
      return 2;
    case 'int':
    case 'uint':
    case 'float':
      return 4;
    case 'int64':
    case 'uint64':
    case 'double':
      return 8;
    case 'string':
      return undefined;
  }
}

/**
 * Throws the `InvalidParameter` error `Dataset.read` promises for a hyperslab that does not fit a
 * variable of this shape: one range per dimension, integers, `stride >= 1`, inside the dimension.
 */
export function checkHyperslab(variable: string, shape: readonly number[], slab: Hyperslab): void {
  if (slab.length !== shape.length) {
    throw new MeridianError('InvalidParameter', `${variable} has ${shape.length} dimensions, the hyperslab ${slab.length}`);
  }
  slab.forEach((r, k) => {
    const size = shape[k]!;
    const ok =
      Number.isSafeInteger(r.start) &&
      Number.isSafeInteger(r.count) &&
      Number.isSafeInteger(r.stride) &&
      r.start >= 0 &&
      r.count >= 0 &&
      r.stride >= 1 &&
      (r.count === 0 ? r.start <= size : r.start + r.stride * (r.count - 1) < size);
    if (!ok) {
      throw new MeridianError(
        'InvalidParameter',
        `the range start ${r.start}, count ${r.count}, stride ${r.stride} does not fit dimension ${k} (length ${size}) of ${variable}`,
      );
    }
  });
}
