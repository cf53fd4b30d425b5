import { describe, expect, it } from 'vitest';
import { readBatches, readUnits, type VariableLayout } from '../../../../src/netcdf/netcdf3/readPlan.js';
import type { Hyperslab } from '../../../../src/netcdf/reader.js';

/** float tas(4, 5, 6) at offset 1000, not a record variable. */
const fixed: VariableLayout = { begin: 1000, width: 4, byteStrides: [120, 24, 4] };
const limits = { maxSpan: 1 << 20, gap: 64 };
const all = (shape: number[]): Hyperslab => shape.map((n) => ({ start: 0, count: n, stride: 1 }));

/** Every value's offset, from the units. */
function offsets(layout: VariableLayout, slab: Hyperslab, lim = limits): number[] {
  return [...readUnits(layout, slab, lim)].flatMap((u) => Array.from({ length: u.count }, (_, i) => u.offset + i * u.step));
}

/** Every value's offset, the slow way. */
function expected(layout: VariableLayout, slab: Hyperslab): number[] {
  const out: number[] = [];
  const walk = (k: number, at: number): void => {
    if (k === slab.length) {
      out.push(at);
      return;
    }
    const r = slab[k]!;
    for (let i = 0; i < r.count; i++) walk(k + 1, at + (r.start + i * r.stride) * layout.byteStrides[k]!);
  };
  walk(0, layout.begin);
  return out;
}

describe('NetCDF-3 read plan', () => {
  it('reads a whole contiguous variable as one run', () => {
    expect([...readUnits(fixed, all([4, 5, 6]), limits)]).toEqual([{ offset: 1000, count: 120, step: 4 }]);
  });

  it('splits long runs at the span limit', () => {
    const units = [...readUnits(fixed, all([4, 5, 6]), { maxSpan: 100, gap: 0 })];
    expect(units.map((u) => u.count)).toEqual([25, 25, 25, 25, 20]);
    expect(units.every((u) => u.count * 4 <= 100)).toBe(true);
  });

  it('merges dimensions taken once, and whole inner dimensions, into the run', () => {
    expect([...readUnits(fixed, [{ start: 2, count: 1, stride: 1 }, { start: 0, count: 5, stride: 1 }, { start: 0, count: 6, stride: 1 }], limits)]).toEqual([
      { offset: 1240, count: 30, step: 4 },
    ]);
  });

  it('interleaves a record variable with the other variables of each record', () => {
    // A record holds this variable's 5x6 floats (120 bytes) and 40 bytes of others.
    const record: VariableLayout = { begin: 500, width: 4, byteStrides: [160, 24, 4] };
    expect([...readUnits(record, all([3, 5, 6]), limits)]).toEqual([
      { offset: 500, count: 30, step: 4 },
      { offset: 660, count: 30, step: 4 },
      { offset: 820, count: 30, step: 4 },
    ]);
  });

  it('produces every selected value once, in row-major order, for strided hyperslabs', () => {
    const slabs: Hyperslab[] = [
      [{ start: 1, count: 2, stride: 2 }, { start: 0, count: 3, stride: 2 }, { start: 1, count: 2, stride: 3 }],
      [{ start: 0, count: 4, stride: 1 }, { start: 4, count: 1, stride: 1 }, { start: 0, count: 3, stride: 2 }],
      [{ start: 3, count: 1, stride: 1 }, { start: 1, count: 4, stride: 1 }, { start: 5, count: 1, stride: 1 }],
    ];
    for (const slab of slabs) {
      expect(offsets(fixed, slab)).toEqual(expected(fixed, slab));
      expect(offsets(fixed, slab, { maxSpan: 12, gap: 0 })).toEqual(expected(fixed, slab));
    }
  });

  it('reads a value per unit when values lie further apart than the gap', () => {
    const slab: Hyperslab = [{ start: 0, count: 4, stride: 1 }, { start: 2, count: 1, stride: 1 }, { start: 3, count: 1, stride: 1 }];
    const units = [...readUnits(fixed, slab, { maxSpan: 1 << 20, gap: 16 })];
    expect(units).toEqual([1060, 1180, 1300, 1420].map((offset) => ({ offset, count: 1, step: 120 })));
  });

  it('selects nothing when a count is 0', () => {
    expect([...readUnits(fixed, [{ start: 0, count: 0, stride: 1 }, ...all([5, 6])], limits)]).toEqual([]);
  });

  it('reads a scalar as one value', () => {
    expect([...readUnits({ begin: 64, width: 8, byteStrides: [] }, [], limits)]).toEqual([{ offset: 64, count: 1, step: 8 }]);
  });

  it('groups units into reads through small gaps, within the span limit', () => {
    const units = [0, 10, 20, 200, 210].map((offset) => ({ offset, count: 1, step: 4 }));
    const batches = [...readBatches(units, 4, { maxSpan: 1000, gap: 8 })];
    expect(batches.map((b) => [b.start, b.end, b.units.length])).toEqual([
      [0, 24, 3],
      [200, 214, 2],
    ]);
    expect([...readBatches(units, 4, { maxSpan: 14, gap: 8 })].map((b) => [b.start, b.end])).toEqual([
      [0, 14],
      [20, 24],
      [200, 214],
    ]);
  });
});
