import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetHeader, NetcdfGroup, NetcdfVariable } from '../../../../src/netcdf/datasetHeader.js';
import type { ByteOrder, Dataset, Hyperslab, OpenDataset } from '../../../../src/netcdf/reader.js';
import { valueWidth } from '../../../../src/netcdf/reader.js';
import { Hdf5Pool } from '../../../../src/netcdf/netcdf4/hdf5Pool.js';
import { netcdf4Opener } from '../../../../src/netcdf/netcdf4/openNetcdf4.js';
import { sharedPath } from '../../../support/shared.js';
import { classicModelCdl, fullCdl, LAT, random } from './generatedFiles.js';
import { asNcdumpShows, ncdumpHeader, ncdumpSpecial, ncgen, pythonRead, requireNetcdfTools, tempDir, type PythonSlice } from './netcdfTools.js';

const SHARED = {
  basin: sharedPath('fixtures', 'netcdf', 'basin_mask_netcdf4.nc'),
  ghrsst: sharedPath('fixtures', 'netcdf', 'ghrsst_abom_l3s_truncated_netcdf4.nc'),
  netcdf3: sharedPath('fixtures', 'netcdf', '3mf07_seacat_netcdf3.nc'),
};

let tmp: ReturnType<typeof tempDir>;
let pool: Hdf5Pool;
let open: OpenDataset;
const files: Record<string, string> = {};

beforeAll(() => {
  requireNetcdfTools();
  tmp = tempDir('meridian-netcdf4-');
  files.full = ncgen(tmp.dir, 'full', fullCdl(), 'netCDF-4');
  files.classicModel = ncgen(tmp.dir, 'classic_model', classicModelCdl(), 'netCDF-4 classic model');
  files.basin = SHARED.basin;
  files.ghrsst = SHARED.ghrsst;
  pool = new Hdf5Pool({ size: 2 });
  open = netcdf4Opener(pool);
});

afterAll(async () => {
  await pool?.close();
  tmp?.remove();
});

async function withDataset<T>(path: string, use: (ds: Dataset) => Promise<T>): Promise<T> {
  const ds = await open(path);
  try {
    return await use(ds);
  } finally {
    await ds.close();
  }
}

async function readAll(ds: Dataset, variable: string, hyperslab: Hyperslab, opts?: { byteOrder?: ByteOrder; maxSlabBytes?: number }): Promise<Buffer[]> {
  const slabs: Buffer[] = [];
  for await (const slab of ds.read(variable, hyperslab, opts)) slabs.push(slab);
  return slabs;
}

/** Every variable with its path from the root group. */
function variablesOf(header: DatasetHeader): { path: string; variable: NetcdfVariable; shape: number[] }[] {
  const out: { path: string; variable: NetcdfVariable; shape: number[] }[] = [];
  const visit = (g: Omit<NetcdfGroup, 'name'>, prefix: string, scopes: Omit<NetcdfGroup, 'name'>[]): void => {
    const chain = [...scopes, g];
    for (const v of g.variables) {
      const shape = v.dimensions.map((name) => {
        if (name.startsWith('/')) return findDimension(header, name).size;
        for (let i = chain.length - 1; i >= 0; i--) {
          const d = chain[i]!.dimensions.find((c) => c.name === name);
          if (d !== undefined) return d.size;
        }
        throw new Error(`no dimension ${name}`);
      });
      out.push({ path: prefix + v.name, variable: v, shape });
    }
    for (const c of g.groups) visit(c, `${prefix}${c.name}/`, chain);
  };
  visit(header, '', []);
  return out;
}

function findDimension(header: DatasetHeader, path: string): { size: number } {
  const parts = path.split('/').filter((p) => p !== '');
  let g: Omit<NetcdfGroup, 'name'> = header;
  for (const p of parts.slice(0, -1)) g = g.groups.find((c) => c.name === p)!;
  return g.dimensions.find((d) => d.name === parts.at(-1))!;
}

/** Splits string slabs (4-byte length, UTF-8 bytes) into texts. */
function decodeStrings(bytes: Buffer, order: ByteOrder): string[] {
  const out: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = order === 'big' ? bytes.readUInt32BE(at) : bytes.readUInt32LE(at);
    out.push(bytes.toString('utf8', at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

describe('NetCDF-4 header', () => {
  it.each(['full', 'classicModel', 'basin', 'ghrsst'])('the header of %s equals what ncdump -h shows', async (name) => {
    const path = files[name]!;
    const header = await withDataset(path, async (ds) => ds.header);
    expect(asNcdumpShows(header)).toEqual(ncdumpHeader(path));
  });

  it.each(['full', 'classicModel', 'basin', 'ghrsst'])('chunking, deflate and shuffle of %s are those ncdump -s shows', async (name) => {
    const path = files[name]!;
    const special = ncdumpSpecial(path);
    await withDataset(path, async (ds) => {
      for (const { path: variable, variable: v } of variablesOf(ds.header)) {
        const s = special.get(variable) ?? new Map<string, string>();
        const storage = v.storage!;
        expect(storage.layout, variable).toBe(s.get('_Storage'));
        expect(storage.chunks?.join(', '), variable).toBe(s.get('_ChunkSizes'));
        expect(ds.chunkShape(variable)?.join(', '), variable).toBe(s.get('_ChunkSizes'));
        expect(storage.deflateLevel?.toString(), variable).toBe(s.get('_DeflateLevel'));
        expect(storage.shuffle, variable).toBe(s.get('_Shuffle') === 'true');
        expect(storage.fletcher32, variable).toBe(s.get('_Fletcher32') === 'true');
      }
    });
  });

  it('maps HDF5 types to NetCDF types, with int64 values as bigint and hidden attributes left out', async () => {
    const header = await withDataset(files.full!, async (ds) => ds.header);
    const tas = header.variables.find((v) => v.name === 'tas')!;
    expect(tas.attributes.find((a) => a.name === 'big')).toEqual({ name: 'big', type: 'int64', value: [9007199254740993n, -2n] });
    expect(tas.attributes.find((a) => a.name === 'ub')).toEqual({ name: 'ub', type: 'ubyte', value: [200] });
    expect(tas.attributes.find((a) => a.name === 'names')).toEqual({ name: 'names', type: 'string', value: ['a', 'bb', ''] });
    expect(tas.attributes.map((a) => a.name)).not.toContain('DIMENSION_LIST');
    expect(header.attributes.find((a) => a.name === 'u64_attr')).toEqual({ name: 'u64_attr', type: 'uint64', value: [18446744073709551615n] });
    expect(header.attributes.find((a) => a.name === 'keywords')).toEqual({ name: 'keywords', type: 'string', value: ['climate', 'é ü', ''] });
    expect(header.attributes.map((a) => a.name)).not.toContain('_NCProperties');
    const types = Object.fromEntries(header.variables.map((v) => [v.name, v.type]));
    expect(types).toMatchObject({ mask: 'byte', ub: 'ubyte', flag: 'short', us: 'ushort', ii: 'int', ui: 'uint', i64: 'int64', u64: 'uint64', tas: 'float', pr: 'double', label: 'char', sname: 'string' });
    expect(header.dimensions.find((d) => d.name === 'time')).toEqual({ name: 'time', size: 13, unlimited: true });
    // bnds and nchar are dimensions without variables.
    expect(header.variables.map((v) => v.name)).not.toContain('bnds');
    expect(header.groups.map((g) => g.name)).toEqual(['sub', 'shadow']);
    expect(header.groups[0]!.groups[0]!.variables.map((v) => [v.name, v.dimensions])).toEqual([
      ['d', ['n']],
      ['big', ['n']],
      ['s', ['n']],
    ]);
  });

  it('a plain HDF5 file without dimension scales gets the phony dimensions netCDF-C gives it', async () => {
    const h5wasm = await import('h5wasm/node');
    await h5wasm.ready;
    const path = join(tmp.dir, 'plain.h5');
    const f = new h5wasm.File(path, 'w');
    f.create_dataset({ name: 'square', data: new Int32Array(9), shape: [3, 3] });
    f.create_dataset({ name: 'vec', data: new Float32Array([1, 2, 3]) });
    f.create_dataset({ name: 'other', data: new Float64Array(4) });
    f.create_group('g').create_dataset({ name: 'inner', data: new Int16Array(3) });
    f.create_attribute('title', 'plain');
    f.close();
    const header = await withDataset(path, async (ds) => ds.header);
    expect(asNcdumpShows(header)).toEqual(ncdumpHeader(path));
  });
});

describe('NetCDF-4 reads', () => {
  it.each(['full', 'classicModel', 'basin', 'ghrsst'])('random strided hyperslabs of every variable of %s equal netCDF4-python', async (name) => {
    const path = files[name]!;
    const rnd = random(name.length * 101);
    await withDataset(path, async (ds) => {
      const cases: { variable: string; type: string; hyperslab: Hyperslab; order: ByteOrder; maxSlabBytes: number }[] = [];
      for (const { path: variable, variable: v, shape } of variablesOf(ds.header)) {
        // netCDF4-python sizes a dimension named by path by its last name, from the nearest group
        // (shadow/a(/lat) comes back with 2 values); that case is checked against ncdump below.
        if (v.dimensions.some((d) => d.startsWith('/'))) continue;
        for (let i = 0; i < 6; i++) {
          const hyperslab = shape.map((size) => {
            if (i === 0) return { start: 0, count: size, stride: 1 };
            const start = Math.floor(rnd() * size);
            const stride = 1 + Math.floor(rnd() * 4);
            const count = 1 + Math.floor(rnd() * Math.ceil((size - start) / stride));
            return { start, count, stride };
          });
          cases.push({ variable, type: v.type!, hyperslab, order: i % 2 === 0 ? 'big' : 'little', maxSlabBytes: i < 3 ? 8 * 1024 * 1024 : 64 });
        }
      }
      const slices: PythonSlice[] = cases.map((c) => ({
        variable: c.variable,
        slice: c.hyperslab.map((r) => [r.start, r.start + r.stride * (r.count - 1) + 1, r.stride] as const),
      }));
      const expected = pythonRead(path, slices);
      for (const [i, c] of cases.entries()) {
        const slabs = await readAll(ds, c.variable, c.hyperslab, { byteOrder: c.order, maxSlabBytes: c.maxSlabBytes });
        const bytes = Buffer.concat(slabs);
        const want = expected[i]!;
        const label = `${c.variable} ${JSON.stringify(c.hyperslab)} ${c.order}`;
        if (want.kind === 'strings') {
          expect(decodeStrings(bytes, c.order), label).toEqual(want.values);
        } else {
          const width = valueWidth(c.type as NetcdfVariable['type'] & string)!;
          const big = Buffer.from(bytes);
          if (c.order === 'little' && width === 2) big.swap16();
          if (c.order === 'little' && width === 4) big.swap32();
          if (c.order === 'little' && width === 8) big.swap64();
          expect(big.toString('hex'), label).toBe(want.hex);
          for (const s of slabs) {
            expect(s.length % width, label).toBe(0);
            expect(s.length, label).toBeLessThanOrEqual(Math.max(c.maxSlabBytes, width));
          }
        }
      }
    });
  });

  it('a variable of a group using a shadowed dimension of the root group reads as ncdump shows it', async () => {
    const dump = execFileSync('ncdump', ['-v', 'a', files.full!], { encoding: 'utf8' });
    const shown = /\ba = ([^;]*);/.exec(dump)![1]!.split(',').map((t) => Number(t.trim()));
    expect(shown).toHaveLength(LAT);
    await withDataset(files.full!, async (ds) => {
      const bytes = Buffer.concat(await readAll(ds, 'shadow/a', [{ start: 0, count: LAT, stride: 1 }]));
      expect(Array.from({ length: LAT }, (_, i) => bytes.readFloatBE(4 * i))).toEqual(shown);
    });
  });

  it('records beyond a variable\'s own length along the unlimited dimension read as its fill value', async () => {
    await withDataset(files.full!, async (ds) => {
      const bytes = Buffer.concat(await readAll(ds, 'partial', [{ start: 3, count: 5, stride: 2 }]));
      expect([0, 1, 2, 3, 4].map((i) => bytes.readDoubleBE(8 * i))).toEqual([4, 9.969209968386869e36, 9.969209968386869e36, 9.969209968386869e36, 9.969209968386869e36]);
    });
  });

  it('string slabs hold whole values and stay under maxSlabBytes unless one value is longer', async () => {
    await withDataset(files.full!, async (ds) => {
      const slabs = await readAll(ds, 'sname', [{ start: 0, count: 40, stride: 1 }], { maxSlabBytes: 30 });
      expect(slabs.length).toBeGreaterThan(5);
      for (const s of slabs) expect(s.length).toBeLessThanOrEqual(30);
      expect(decodeStrings(Buffer.concat(slabs), 'big')).toHaveLength(40);
      const tiny = await readAll(ds, 'sname', [{ start: 1, count: 3, stride: 1 }], { maxSlabBytes: 1 });
      expect(tiny.map((s) => decodeStrings(s, 'big'))).toEqual([['station 1 ü'], ['station 2 üü'], ['station 3 ']]);
    });
  });

  it('a scalar reads as one value and a count of 0 yields no slab', async () => {
    await withDataset(files.full!, async (ds) => {
      expect(Buffer.concat(await readAll(ds, 'scalar_i', [])).readInt32BE(0)).toBe(-42);
      expect(decodeStrings(Buffer.concat(await readAll(ds, 'scalar_s', [], { byteOrder: 'little' })), 'little')).toEqual(['a scalar string']);
      expect(await readAll(ds, 'tas', [{ start: 0, count: 0, stride: 1 }, { start: 0, count: 30, stride: 1 }, { start: 0, count: 40, stride: 1 }])).toEqual([]);
    });
  });

  it('unknown variables, bad hyperslabs, missing and non-HDF5 files fail with the reader errors', async () => {
    await withDataset(files.full!, async (ds) => {
      await expect(readAll(ds, 'nope', [])).rejects.toMatchObject({ code: 'NotFound' });
      await expect(readAll(ds, 'time', [{ start: 13, count: 1, stride: 1 }])).rejects.toMatchObject({ code: 'InvalidParameter' });
      await expect(readAll(ds, 'time', [])).rejects.toMatchObject({ code: 'InvalidParameter' });
      await expect(readAll(ds, 'time', [{ start: 0, count: 2, stride: 0 }])).rejects.toMatchObject({ code: 'InvalidParameter' });
    });
    await expect(open(join(tmp.dir, 'missing.nc'))).rejects.toMatchObject({ code: 'NotFound' });
    await expect(open(SHARED.netcdf3)).rejects.toMatchObject({ code: 'InvalidParameter' });
  });

  it('aborting a read rejects it with the signal\'s reason, and reads after close fail', async () => {
    const ds = await open(files.full!);
    const controller = new AbortController();
    const reason = new Error('client went away');
    const read = ds.read('pr', [{ start: 0, count: 13, stride: 1 }, { start: 0, count: 30, stride: 1 }, { start: 0, count: 40, stride: 1 }], { maxSlabBytes: 1024, signal: controller.signal });
    const it = read[Symbol.asyncIterator]();
    await it.next();
    controller.abort(reason);
    await expect(it.next()).rejects.toBe(reason);
    await ds.close();
    await expect(readAll(ds, 'time', [{ start: 0, count: 1, stride: 1 }])).rejects.toThrow(/closed/);
    await ds.close();
  });

  it('closing a dataset closes the file in every worker that opened it', async () => {
    const openCount = (): number =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === files.classicModel;
        } catch {
          return false;
        }
      }).length;
    const ds = await open(files.classicModel!);
    const all: Hyperslab = [{ start: 0, count: 4, stride: 1 }, { start: 0, count: 30, stride: 1 }, { start: 0, count: 40, stride: 1 }];
    // Small slabs make many blocks, spread over both workers.
    await Promise.all([readAll(ds, 'tas', all, { maxSlabBytes: 4800 }), readAll(ds, 'tas', all, { maxSlabBytes: 4800 })]);
    expect(openCount()).toBeGreaterThan(0);
    await ds.close();
    expect(openCount()).toBe(0);
  });
});
