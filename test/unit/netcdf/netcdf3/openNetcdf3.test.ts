import { copyFileSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { openNetcdf3 } from '../../../../src/netcdf/netcdf3/openNetcdf3.js';
import { openDataset, sniffNetcdf } from '../../../../src/netcdf/openDataset.js';
import type { Dataset, Hyperslab } from '../../../../src/netcdf/reader.js';
import { sharedPath } from '../../../support/shared.js';
import {
  cdf5Extras,
  ncgen,
  randomSlab,
  referenceReads,
  sampleCdl,
  seededRandom,
  tempDirectory,
  type NcgenKind,
  type ReferenceRead,
} from './sampleFiles.js';

const dir = tempDirectory('meridian-nc3-');
const files: Record<string, string> = {};

beforeAll(() => {
  for (const kind of ['classic', '64-bit offset', 'cdf5'] as NcgenKind[]) files[kind] = ncgen(dir.path, `sample-${kind.replace(/ /g, '-')}.nc`, kind, sampleCdl());
  files['extras'] = cdf5Extras(dir.path);
  files['seacat'] = sharedPath('fixtures', 'netcdf', '3mf07_seacat_netcdf3.nc');
  files['madis'] = sharedPath('fixtures', 'netcdf', 'madis-sao_netcdf3-classic.nc');
});
afterAll(() => dir.remove());

async function readAll(ds: Dataset, variable: string, slab: Hyperslab, maxSlabBytes?: number): Promise<{ bytes: Buffer; slabs: Buffer[] }> {
  const slabs: Buffer[] = [];
  for await (const b of ds.read(variable, slab, maxSlabBytes === undefined ? {} : { maxSlabBytes })) slabs.push(b);
  return { bytes: Buffer.concat(slabs), slabs };
}

function shapeOf(ds: Dataset, variable: string): number[] {
  const v = ds.header.variables.find((x) => x.name === variable)!;
  return v.dimensions.map((d) => ds.header.dimensions.find((x) => x.name === d)!.size);
}

const toSlab = (ranges: readonly (readonly [number, number, number])[]): Hyperslab => ranges.map(([start, count, stride]) => ({ start, count, stride }));
const whole = (shape: number[]): [number, number, number][] => shape.map((n) => [0, n, 1]);

describe('NetCDF-3 reader', () => {
  it.each(['classic', '64-bit offset', 'cdf5', 'extras', 'seacat', 'madis'])('reads every variable of %s as netCDF4-python does', async (name) => {
    const ds = await openNetcdf3(files[name]!);
    try {
      const reads: ReferenceRead[] = ds.header.variables.map((v) => ({ variable: v.name, slab: whole(shapeOf(ds, v.name)) }));
      const expected = referenceReads(files[name]!, reads);
      for (const [i, r] of reads.entries()) {
        // Small slabs too: values must not be split or lost at slab boundaries.
        expect((await readAll(ds, r.variable, toSlab(r.slab))).bytes.equals(expected[i]!), r.variable).toBe(true);
        expect((await readAll(ds, r.variable, toSlab(r.slab), 24)).bytes.equals(expected[i]!), `${r.variable} in 24-byte slabs`).toBe(true);
      }
    } finally {
      await ds.close();
    }
  });

  it.each(['classic', '64-bit offset', 'cdf5', 'madis'])('reads random strided hyperslabs of %s as netCDF4-python does', async (name) => {
    const ds = await openNetcdf3(files[name]!);
    try {
      const random = seededRandom(7);
      const candidates = ds.header.variables.filter((v) => v.dimensions.length > 0 && shapeOf(ds, v.name).every((n) => n > 0));
      const reads: ReferenceRead[] = Array.from({ length: 60 }, () => {
        const v = candidates[random(candidates.length)]!;
        return { variable: v.name, slab: randomSlab(shapeOf(ds, v.name), random) };
      });
      const expected = referenceReads(files[name]!, reads);
      for (const [i, r] of reads.entries()) {
        const got = await readAll(ds, r.variable, toSlab(r.slab), 1 + random(64));
        expect(got.bytes.equals(expected[i]!), `${r.variable}${JSON.stringify(r.slab)}`).toBe(true);
      }
    } finally {
      await ds.close();
    }
  });

  it('describes the file with the shared DatasetHeader type', async () => {
    const ds = await openNetcdf3(files['classic']!);
    try {
      const h = ds.header;
      expect(h.dimensions).toEqual([
        { name: 'time', size: 6, unlimited: true },
        { name: 'lat', size: 9, unlimited: false },
        { name: 'lon', size: 11, unlimited: false },
        { name: 'bnds', size: 2, unlimited: false },
        { name: 'strlen', size: 6, unlimited: false },
        { name: 'station', size: 4, unlimited: false },
      ]);
      expect(h.groups).toEqual([]);
      const tas = h.variables.find((v) => v.name === 'tas')!;
      expect(tas.type).toBe('float');
      expect(tas.dimensions).toEqual(['time', 'lat', 'lon']);
      expect(tas.attributes).toContainEqual({ name: '_FillValue', type: 'float', value: [Math.fround(1e20)] });
      expect(tas.attributes).toContainEqual({ name: 'long_name', type: 'char', value: 'near-surface "air" temperature' });
      expect(h.variables.find((v) => v.name === 'flag')!.attributes).toContainEqual({ name: 'valid_range', type: 'short', value: [-5, 5] });
      expect(h.variables.find((v) => v.name === 'code')).toEqual({ name: 'code', type: 'char', dimensions: [], attributes: [] });
      expect(h.attributes).toContainEqual({ name: 'history', type: 'char', value: 'line one\nline two' });
    } finally {
      await ds.close();
    }
  });

  it('gives 64-bit integer attributes as bigint', async () => {
    const ds = await openNetcdf3(files['extras']!);
    try {
      expect(ds.header.attributes).toEqual([{ name: 'created', type: 'int64', value: [1700000000000n] }]);
      const vals = ds.header.variables.find((v) => v.name === 'vals')!;
      expect(vals.attributes).toContainEqual({ name: 'huge64', type: 'int64', value: [9007199254740993n] });
      expect(ds.header.variables.map((v) => v.type)).toEqual(['float', 'ubyte', 'ushort', 'uint', 'int64', 'uint64', 'float']);
    } finally {
      await ds.close();
    }
  });

  it('keeps every slab within the bound and yields little-endian values on request', async () => {
    const ds = await openNetcdf3(files['cdf5']!);
    try {
      const slab = toSlab(whole(shapeOf(ds, 'tas')));
      const big = await readAll(ds, 'tas', slab, 100);
      expect(big.slabs.every((b) => b.length <= 100 && b.length % 4 === 0)).toBe(true);
      const little: Buffer[] = [];
      for await (const b of ds.read('tas', slab, { byteOrder: 'little', maxSlabBytes: 100 })) little.push(b);
      expect(Buffer.concat(little).equals(Buffer.from(big.bytes).swap32())).toBe(true);
      const doubles: Buffer[] = [];
      for await (const b of ds.read('time', [{ start: 0, count: 6, stride: 1 }], { byteOrder: 'little' })) doubles.push(b);
      expect(new Float64Array(new Uint8Array(Buffer.concat(doubles)).buffer)).toEqual(new Float64Array([15, 45, 75, 105, 135, 165]));
    } finally {
      await ds.close();
    }
  });

  it('refuses unknown variables and hyperslabs that do not fit, on the first iteration', async () => {
    const ds = await openNetcdf3(files['classic']!);
    try {
      const first = (variable: string, slab: Hyperslab) => ds.read(variable, slab)[Symbol.asyncIterator]().next();
      await expect(first('nosuch', [])).rejects.toMatchObject({ code: 'NotFound' });
      await expect(first('lat', [{ start: 5, count: 5, stride: 1 }])).rejects.toMatchObject({ code: 'InvalidParameter' });
      await expect(first('lat', [{ start: 0, count: 2, stride: 0 }])).rejects.toMatchObject({ code: 'InvalidParameter' });
      await expect(first('lat', [])).rejects.toMatchObject({ code: 'InvalidParameter' });
      expect(await first('lat', [{ start: 9, count: 0, stride: 1 }])).toEqual({ done: true, value: undefined });
    } finally {
      await ds.close();
    }
  });

  it('stops reading when the signal aborts', async () => {
    const ds = await openNetcdf3(files['classic']!);
    try {
      const controller = new AbortController();
      const seen: Buffer[] = [];
      const reading = (async () => {
        for await (const b of ds.read('tas', toSlab(whole(shapeOf(ds, 'tas'))), { maxSlabBytes: 16, signal: controller.signal })) {
          seen.push(b);
          if (seen.length === 2) controller.abort();
        }
      })();
      await expect(reading).rejects.toThrow();
      expect(seen.length).toBe(2);
    } finally {
      await ds.close();
    }
  });

  it('tolerates numrecs written in streaming mode (all ones) and counts the records in the file', async () => {
    const streaming = join(dir.path, 'streaming.nc');
    copyFileSync(files['classic']!, streaming);
    const fd = openSync(streaming, 'r+');
    writeSync(fd, Buffer.from([0xff, 0xff, 0xff, 0xff]), 0, 4, 4);
    closeSync(fd);
    const ds = await openNetcdf3(streaming);
    const reference = await openNetcdf3(files['classic']!);
    try {
      expect(ds.header).toEqual(reference.header);
      const slab = toSlab(whole(shapeOf(ds, 'tas')));
      expect((await readAll(ds, 'tas', slab)).bytes.equals((await readAll(reference, 'tas', slab)).bytes)).toBe(true);
    } finally {
      await ds.close();
      await reference.close();
    }
  });

  it('reads values beyond 4 GiB in a 64-bit offset file', async () => {
    // Written without fill values, the file is sparse: 4 GiB of holes, a few KiB on disk.
    const path = ncgen(
      dir.path,
      'beyond4g.nc',
      '64-bit offset',
      `netcdf beyond4g {
dimensions: a = 2147483000 ; b = 10000 ; n = 10 ; time = UNLIMITED ;
variables: byte x(a) ; byte y(a) ; byte pad(b) ; int z(n) ; double t(time) ;
data: z = 0, 7, 14, 21, 28, 35, 42, 49, 56, 63 ; t = 1.5, 2.5 ;
}`,
      { noFill: true },
    );
    const ds = await openNetcdf3(path);
    try {
      const z = (await readAll(ds, 'z', [{ start: 1, count: 3, stride: 4 }])).bytes;
      expect([0, 4, 8].map((at) => z.readInt32BE(at))).toEqual([7, 35, 63]);
      const t = (await readAll(ds, 't', [{ start: 0, count: 2, stride: 1 }])).bytes;
      expect([t.readDoubleBE(0), t.readDoubleBE(8)]).toEqual([1.5, 2.5]);
    } finally {
      await ds.close();
    }
  });

  it('opens files by their magic number and says when a file is not NetCDF', async () => {
    expect(await sniffNetcdf(files['classic']!)).toBe('netcdf3');
    expect(await sniffNetcdf(files['cdf5']!)).toBe('netcdf3');
    expect(await sniffNetcdf(sharedPath('fixtures', 'netcdf', 'basin_mask_netcdf4.nc'))).toBe('netcdf4');
    const text = join(dir.path, 'notes.txt');
    writeFileSync(text, 'not a NetCDF file');
    await expect(openDataset(text)).rejects.toMatchObject({ code: 'InvalidParameter' });
    await expect(openDataset(join(dir.path, 'missing.nc'))).rejects.toMatchObject({ code: 'NotFound' });
    await expect(openNetcdf3(text)).rejects.toBeInstanceOf(MeridianError);
    const ds = await openDataset(files['64-bit offset']!);
    expect(ds.header.variables.length).toBe(14);
    await ds.close();
    // The HDF5 signature goes to the NetCDF-4 reader.
    const nc4 = await openDataset(sharedPath('fixtures', 'netcdf', 'basin_mask_netcdf4.nc'));
    expect(nc4.header.variables.map((v) => v.name)).toContain('basin');
    await nc4.close();
  });
});
