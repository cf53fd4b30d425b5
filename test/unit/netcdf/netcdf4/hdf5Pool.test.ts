import { createHash } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hdf5Pool, type Hdf5PoolOptions } from '../../../../src/netcdf/netcdf4/hdf5Pool.js';
import { netcdf4Opener } from '../../../../src/netcdf/netcdf4/openNetcdf4.js';
import type { Dataset, Hyperslab } from '../../../../src/netcdf/reader.js';
import { classicModelCdl, LAT, LON, random } from './generatedFiles.js';
import { ncgen, pythonSha256, requireNetcdfTools, tempDir, writeLargeDeflateFile } from './netcdfTools.js';

let tmp: ReturnType<typeof tempDir>;
let small: string;
let large: string;
/** sha256 of the big-endian values of `tas` and `tas_blocks`, as netCDF4-python reads them. */
let expected: { readonly tas: string; readonly tas_blocks: string };
const LARGE_SLAB: Hyperslab = [
  { start: 0, count: 400, stride: 1 },
  { start: 0, count: 180, stride: 1 },
  { start: 0, count: 360, stride: 1 },
];
const LARGE_BYTES = 400 * 180 * 360 * 4;

beforeAll(() => {
  requireNetcdfTools();
  tmp = tempDir('meridian-hdf5-pool-');
  small = ncgen(tmp.dir, 'small', classicModelCdl(), 'netCDF-4');
  large = join(tmp.dir, 'large.nc');
  writeLargeDeflateFile(large);
  expected = { tas: pythonSha256(large, 'tas'), tas_blocks: pythonSha256(large, 'tas_blocks') };
});

afterAll(() => tmp?.remove());

/** File descriptors of this process open on `path` (the workers' files are the process's). */
function openCount(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

async function withPool<T>(options: Hdf5PoolOptions, use: (pool: Hdf5Pool, open: (path: string) => Promise<Dataset>) => Promise<T>): Promise<T> {
  const pool = new Hdf5Pool(options);
  try {
    return await use(pool, netcdf4Opener(pool));
  } finally {
    await pool.close();
  }
}

async function readAll(ds: Dataset, variable: string, hyperslab: Hyperslab, onSlab?: () => void): Promise<Buffer> {
  const slabs: Buffer[] = [];
  for await (const slab of ds.read(variable, hyperslab)) {
    slabs.push(slab);
    onSlab?.();
  }
  return Buffer.concat(slabs);
}

async function sha256Of(ds: Dataset, variable: string): Promise<{ hex: string; bytes: number; ms: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const t0 = performance.now();
  for await (const slab of ds.read(variable, LARGE_SLAB)) {
    hash.update(slab);
    bytes += slab.length;
  }
  return { hex: hash.digest('hex'), bytes, ms: performance.now() - t0 };
}

describe('Hdf5Pool', () => {
  it('survives many concurrent reads while recycling its workers, and leaves no file open', async () => {
    await withPool({ size: 2, maxJobsPerWorker: 40 }, async (pool, open) => {
      const ds = await open(small);
      const all: Hyperslab = [{ start: 0, count: 4, stride: 1 }, { start: 0, count: LAT, stride: 1 }, { start: 0, count: LON, stride: 1 }];
      const reference = await readAll(ds, 'tas', all);
      const rnd = random(5);
      const one = async (): Promise<void> => {
        const t = Math.floor(rnd() * 4);
        const lat = Math.floor(rnd() * LAT);
        const stride = 1 + Math.floor(rnd() * 3);
        const count = Math.ceil((LON - 1) / stride);
        const bytes = await readAll(ds, 'tas', [{ start: t, count: 1, stride: 1 }, { start: lat, count: 1, stride: 1 }, { start: 1, count, stride }]);
        const row = (t * LAT + lat) * LON;
        const want = Buffer.concat(Array.from({ length: count }, (_, i) => reference.subarray((row + 1 + i * stride) * 4, (row + 2 + i * stride) * 4)));
        expect(bytes.equals(want)).toBe(true);
      };
      for (let i = 0; i < 80; i++) await Promise.all([one(), one()]);
      expect(pool.stats.retired).toBeGreaterThanOrEqual(3);
      expect(pool.stats.live).toBeLessThanOrEqual(2);
      expect(openCount(small)).toBeGreaterThan(0);
      await ds.close();
      expect(openCount(small)).toBe(0);
    });
    expect(openCount(small)).toBe(0);
  });

  it('stops a worker left idle for idleMs, and starts one again for the next read of an open dataset', async () => {
    await withPool({ size: 1, idleMs: 100 }, async (pool, open) => {
      const ds = await open(small);
      const corner: Hyperslab = [{ start: 0, count: 1, stride: 1 }, { start: 0, count: 2, stride: 1 }, { start: 0, count: 2, stride: 1 }];
      const before = await readAll(ds, 'tas', corner);
      expect(pool.stats.live).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(pool.stats).toMatchObject({ live: 0, retired: 1 });
      expect(openCount(small)).toBe(0);
      expect((await readAll(ds, 'tas', corner)).equals(before)).toBe(true);
      expect(pool.stats).toMatchObject({ live: 1, started: 2 });
      await ds.close();
    });
  });

  it('replaces a worker after maxBytesPerWorker or a heap above maxHeapBytes, in the middle of a read, without changing the values', async () => {
    await withPool({ size: 1, maxBytesPerWorker: 40 * 1024 * 1024 }, async (pool, open) => {
      const ds = await open(large);
      expect((await sha256Of(ds, 'tas')).hex).toBe(expected.tas);
      expect(pool.stats.retired).toBeGreaterThanOrEqual(2);
      await ds.close();
    });
    // tas_blocks is read in 26 MB blocks (whole (100, 45, 90) chunk rows): the heap outgrows 40 MB.
    await withPool({ size: 1, maxHeapBytes: 40 * 1024 * 1024 }, async (pool, open) => {
      const ds = await open(large);
      expect((await sha256Of(ds, 'tas_blocks')).hex).toBe(expected.tas_blocks);
      expect(pool.stats.retired).toBeGreaterThanOrEqual(3);
      await ds.close();
    });
    expect(openCount(large)).toBe(0);
  });

  it('keeps the event loop free while workers decompress a 100 MB variable', async () => {
    await withPool({ size: 2 }, async (_pool, open) => {
      const ds = await open(large);
      let last = performance.now();
      let maxGap = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
      }, 5);
      const t0 = performance.now();
      const bytes = (await readAll(ds, 'tas', LARGE_SLAB)).length;
      const ms = performance.now() - t0;
      clearInterval(timer);
      await ds.close();
      expect(bytes).toBe(LARGE_BYTES);
      console.log(`longest event-loop gap during a ${ms.toFixed(0)} ms read of 103.7 MB: ${maxGap.toFixed(1)} ms`);
      // Decompression on the main thread would stall it for whole blocks (tens of ms each, all of
      // the read at once for a single H5Dread); what is left is copying slabs and scheduling noise.
      expect(maxGap).toBeLessThan(Math.max(250, ms / 4));
    });
  });

  it('measures NetCDF-4 deflate read throughput on one and two workers', async () => {
    const rows: string[] = [];
    for (const size of [1, 2]) {
      await withPool({ size }, async (_pool, open) => {
        const ds = await open(large);
        // The first read starts the workers.
        await readAll(ds, 'time', [{ start: 0, count: 400, stride: 1 }]);
        await Promise.all(Array.from({ length: size }, () => readAll(ds, 'time', [{ start: 0, count: 1, stride: 1 }])));
        for (const variable of ['tas', 'tas_blocks'] as const) {
          const r = await sha256Of(ds, variable);
          expect(r.hex).toBe(expected[variable]);
          expect(r.bytes).toBe(LARGE_BYTES);
          rows.push(`${size} worker(s) ${variable}: ${((r.bytes / 1e6) / (r.ms / 1000)).toFixed(0)} MB/s decoded (${r.ms.toFixed(0)} ms)`);
        }
        await ds.close();
      });
    }
    console.log(`NetCDF-4 deflate read throughput, 103.7 MB float variable\n  ${rows.join('\n  ')}`);
  });
});
