import { describe, expect, it } from 'vitest';
import { planBlocks, type BlockLimits } from '../../../../src/netcdf/netcdf4/blockPlan.js';
import type { Hyperslab } from '../../../../src/netcdf/reader.js';
import { random } from './generatedFiles.js';

/** The selected index tuples of a hyperslab in row-major order. */
function indices(slab: Hyperslab): string[] {
  const out: string[] = [];
  const walk = (k: number, prefix: number[]): void => {
    if (k === slab.length) {
      out.push(prefix.join(','));
      return;
    }
    const r = slab[k]!;
    for (let i = 0; i < r.count; i++) walk(k + 1, [...prefix, r.start + r.stride * i]);
  };
  walk(0, []);
  return out;
}

const values = (slab: Hyperslab): number => slab.reduce((n, r) => n * r.count, 1);

describe('planBlocks', () => {
  it('blocks concatenate to the hyperslab in row-major order and stay within the limits', () => {
    const rnd = random(3);
    for (let trial = 0; trial < 300; trial++) {
      const rank = 1 + Math.floor(rnd() * 4);
      const shape = Array.from({ length: rank }, () => 1 + Math.floor(rnd() * 12));
      const chunks = rnd() < 0.3 ? null : shape.map((s) => 1 + Math.floor(rnd() * s));
      const slab: Hyperslab = shape.map((size) => {
        const start = Math.floor(rnd() * size);
        const stride = 1 + Math.floor(rnd() * 3);
        return { start, stride, count: 1 + Math.floor(rnd() * Math.ceil((size - start) / stride)) };
      });
      const width = [1, 2, 4, 8][Math.floor(rnd() * 4)]!;
      const limits: BlockLimits = { maxSlabBytes: width * (1 + Math.floor(rnd() * 40)), maxBlockBytes: width * (1 + Math.floor(rnd() * 200)) };
      const blocks = [...planBlocks(slab, chunks, width, limits)];
      expect(blocks.flatMap(indices), JSON.stringify({ shape, chunks, slab, limits })).toEqual(indices(slab));
      for (const b of blocks) {
        const innerRow = values(b.slice(-1)) === values(b) ? width : values(b.slice(1)) * width;
        expect(values(b) * width).toBeLessThanOrEqual(Math.max(limits.maxSlabBytes, limits.maxBlockBytes, innerRow));
      }
    }
  });

  it('a hyperslab within maxSlabBytes is one block, and an empty one none', () => {
    const slab: Hyperslab = [{ start: 0, count: 10, stride: 1 }, { start: 2, count: 3, stride: 2 }];
    expect([...planBlocks(slab, [5, 5], 4, { maxSlabBytes: 120, maxBlockBytes: 1000 })]).toEqual([slab]);
    expect([...planBlocks([], null, 8, { maxSlabBytes: 1, maxBlockBytes: 1 })]).toEqual([[]]);
    expect([...planBlocks([{ start: 0, count: 0, stride: 1 }], [4], 4, { maxSlabBytes: 1, maxBlockBytes: 1 })]).toEqual([]);
  });

  it('a (100, 45, 90)-chunked 400×180×360 float variable is read in whole chunk rows of 100 steps', () => {
    const slab: Hyperslab = [{ start: 0, count: 400, stride: 1 }, { start: 0, count: 180, stride: 1 }, { start: 0, count: 360, stride: 1 }];
    const blocks = [...planBlocks(slab, [100, 45, 90], 4, { maxSlabBytes: 8 * 1024 * 1024, maxBlockBytes: 32 * 1024 * 1024 })];
    expect(blocks.map((b) => [b[0]!.start, b[0]!.count])).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
      [300, 100],
    ]);
  });

  it('blocks start and end on chunk boundaries of the split dimension, also with a stride and an offset start', () => {
    const slab: Hyperslab = [{ start: 50, count: 300, stride: 1 }, { start: 0, count: 180, stride: 1 }];
    const blocks = [...planBlocks(slab, [64, 180], 4, { maxSlabBytes: 180 * 4 * 150, maxBlockBytes: 1 << 30 })];
    expect(blocks.map((b) => [b[0]!.start, b[0]!.count])).toEqual([
      [50, 142],
      [192, 128],
      [320, 30],
    ]);
    const strided = [...planBlocks([{ start: 3, count: 100, stride: 3 }], [10], 8, { maxSlabBytes: 8 * 20, maxBlockBytes: 8 * 20 })];
    for (const b of strided.slice(0, -1)) {
      const last = b[0]!.start + b[0]!.stride * (b[0]!.count - 1);
      expect(Math.floor(last / 10)).not.toBe(Math.floor((last + 3) / 10));
    }
  });

  it('contiguous variables are split into slabs of at most maxSlabBytes', () => {
    const slab: Hyperslab = [{ start: 0, count: 7, stride: 1 }, { start: 0, count: 1000, stride: 1 }];
    const blocks = [...planBlocks(slab, null, 4, { maxSlabBytes: 1000, maxBlockBytes: 1 << 20 })];
    for (const b of blocks) expect(values(b) * 4).toBeLessThanOrEqual(1000);
    expect(blocks.flatMap(indices)).toEqual(indices(slab));
  });
});
