/**
 * Turns a hyperslab of a NetCDF-3 variable into positional reads. The selected values, taken in
 * row-major order, lie at increasing file offsets (also for record variables, whose records follow
 * each other), so a read is one forward sweep: runs of values are grouped into reads of bounded
 * span, and a gap small enough is read through rather than paid for with another system call.
 */
import type { Hyperslab } from '../reader.js';

/** `count` values, `step` bytes apart, the first at `offset`. */
export interface ReadUnit {
  readonly offset: number;
  readonly count: number;
  readonly step: number;
}

/** One positional read of the bytes `[start, end)`, and the units it serves, in order. */
export interface ReadBatch {
  readonly start: number;
  readonly end: number;
  readonly units: readonly ReadUnit[];
}

export interface VariableLayout {
  /** Offset of the value at index 0 of every dimension. */
  readonly begin: number;
  /** Bytes of one value. */
  readonly width: number;
  /** For each dimension, the bytes between two neighbouring indices. */
  readonly byteStrides: readonly number[];
}

export interface BatchLimits {
  /** Longest span of one read. */
  readonly maxSpan: number;
  /** A hole between two runs up to this size is read through. */
  readonly gap: number;
}

interface Loop {
  readonly count: number;
  readonly step: number;
}

/** The units of a hyperslab, in output order. The hyperslab is already validated. */
export function* readUnits(layout: VariableLayout, slab: Hyperslab, limits: BatchLimits): Generator<ReadUnit> {
  const { width } = layout;
  if (slab.some((r) => r.count === 0)) return;
  let base = layout.begin;
  const loops: Loop[] = [];
  slab.forEach((r, k) => {
    const stride = layout.byteStrides[k]!;
    base += r.start * stride;
    // An index taken once adds only to the base offset.
    if (r.count > 1) loops.push({ count: r.count, step: r.stride * stride });
  });
  let run: Loop = loops.pop() ?? { count: 1, step: width };
  // Merge outer loops into the run while the values stay evenly spaced.
  for (let outer = loops.at(-1); outer !== undefined && outer.step === run.count * run.step; outer = loops.at(-1)) {
    run = { count: outer.count * run.count, step: run.step };
    loops.pop();
  }

  const maxPerUnit =
    run.step === width
      ? Math.max(1, Math.floor(limits.maxSpan / width))
      : run.step - width > limits.gap
        ? 1
        : Math.max(1, Math.floor((limits.maxSpan - width) / run.step) + 1);

  const index = new Array<number>(loops.length).fill(0);
  for (;;) {
    let offset = base;
    for (let k = 0; k < loops.length; k++) offset += index[k]! * loops[k]!.step;
    for (let done = 0; done < run.count; ) {
      const count = Math.min(maxPerUnit, run.count - done);
      yield { offset: offset + done * run.step, count, step: run.step };
      done += count;
    }
    let k = loops.length - 1;
    for (; k >= 0; k--) {
      const next = index[k]! + 1;
      if (next < loops[k]!.count) {
        index[k] = next;
        break;
      }
      index[k] = 0;
    }
    if (k < 0) return;
  }
}

/** Groups consecutive units into reads of at most `maxSpan` bytes (a longer unit is read alone). */
export function* readBatches(units: Iterable<ReadUnit>, width: number, limits: BatchLimits): Generator<ReadBatch> {
  let start = 0;
  let end = 0;
  let pending: ReadUnit[] = [];
  for (const u of units) {
    const uEnd = u.offset + (u.count - 1) * u.step + width;
    if (pending.length > 0 && u.offset - end <= limits.gap && uEnd - start <= limits.maxSpan) {
      pending.push(u);
      end = uEnd;
      continue;
    }
    if (pending.length > 0) yield { start, end, units: pending };
    pending = [u];
    start = u.offset;
    end = uEnd;
  }
  if (pending.length > 0) yield { start, end, units: pending };
}
