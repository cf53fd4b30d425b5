/**
 * NetCDF files made at test time with ncgen (netcdf-bin) from CDL written here, and reference reads
 * by netCDF4-python (python3-netcdf4). A missing tool fails the test with the Debian package to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's interpreter: the one that sees python3-netcdf4 and python3-xarray. */
export const PYTHON = '/usr/bin/python3';

export function requireCommand(command: string, debianPackage: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${command} is not installed: install the Debian package ${debianPackage}`);
}

export function requirePythonModule(module: string, debianPackage: string): void {
  const found = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${PYTHON} cannot import ${module}: install the Debian package ${debianPackage}`);
}

export type NcgenKind = 'classic' | '64-bit offset' | 'cdf5' | 'netCDF-4';

export function tempDirectory(prefix: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes `cdl` next to the file and runs `ncgen -k kind` (with `-x`: no fill values written, so big sparse files stay sparse). */
export function ncgen(dir: string, name: string, kind: NcgenKind, cdl: string, opts: { noFill?: boolean } = {}): string {
  requireCommand('ncgen', 'netcdf-bin');
  const cdlPath = join(dir, `${name}.cdl`);
  const path = join(dir, name);
  writeFileSync(cdlPath, cdl);
  execFileSync('ncgen', [...(opts.noFill ? ['-x'] : []), '-k', kind, '-o', path, cdlPath]);
  return path;
}

const range = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join(', ');

export const SAMPLE_SHAPE = { time: 6, lat: 9, lon: 11 } as const;

/**
 * A CF-like dataset with every NetCDF-3 type: a `noleap` time axis on an unlimited dimension,
 * several record variables (interleaved per record, one of them 1-D), coordinate variables, char
 * arrays and scalars, and awkward attributes (an empty text, quotes, a newline, -0).
 */
export function sampleCdl(name = 'sample'): string {
  const { time, lat, lon } = SAMPLE_SHAPE;
  return `netcdf ${name} {
dimensions:
  time = UNLIMITED ;
  lat = ${lat} ;
  lon = ${lon} ;
  bnds = 2 ;
  strlen = 6 ;
  station = 4 ;
variables:
  double time(time) ;
    time:units = "days since 1850-01-01" ;
    time:calendar = "noleap" ;
    time:standard_name = "time" ;
    time:axis = "T" ;
    time:bounds = "time_bnds" ;
  double time_bnds(time, bnds) ;
  float lat(lat) ;
    lat:units = "degrees_north" ;
    lat:standard_name = "latitude" ;
  float lon(lon) ;
    lon:units = "degrees_east" ;
    lon:standard_name = "longitude" ;
  float tas(time, lat, lon) ;
    tas:units = "K" ;
    tas:long_name = "near-surface \\"air\\" temperature" ;
    tas:_FillValue = 1.e+20f ;
    tas:valid_range = 100.f, 400.5f ;
  short flag(lat) ;
    flag:valid_range = -5s, 5s ;
    flag:_FillValue = -32767s ;
  byte mask(lat) ;
    mask:_FillValue = -127b ;
  int count(time) ;
    count:units = "" ;
  char name(station, strlen) ;
  char code ;
  int answer ;
  double pi ;
    pi:offset = -0. ;
  short level ;
  byte small ;

// global attributes:
  :Conventions = "CF-1.8" ;
  :title = "Sample dataset" ;
  :history = "line one\\nline two" ;
  :empty = "" ;
data:
  time = ${range(time, (i) => String(i * 30 + 15))} ;
  time_bnds = ${range(time * 2, (i) => String(Math.floor(i / 2) * 30 + (i % 2) * 30))} ;
  lat = ${range(lat, (i) => String(-80 + i * 20))} ;
  lon = ${range(lon, (i) => String(i * 30 + 0.5))} ;
  tas = ${range(time * lat * lon, (i) => String(200 + ((i * 37) % 1000) / 8))} ;
  flag = ${range(lat, (i) => String((i % 2 === 0 ? 1 : -1) * i * 1000))} ;
  mask = ${range(lat, (i) => String(i * 30 - 127))} ;
  count = ${range(time, (i) => String(i * i - 10))} ;
  name = "alpha", "be", "gamma6", "" ;
  code = "Q" ;
  answer = 42 ;
  pi = 3.14159265358979 ;
  level = -7 ;
  small = -3 ;
}
`;
}

const EXTRAS_SCRIPT = `
import sys, netCDF4, numpy as np
ds = netCDF4.Dataset(sys.argv[1], 'w', format='NETCDF3_64BIT_DATA')
ds.createDimension('x', 5)
ds.createVariable('x', 'f4', ('x',))[:] = np.arange(5)
u8 = ds.createVariable('u8', 'u1', ('x',), fill_value=np.uint8(255))
u8[:] = [0, 1, 128, 200, 254]
ds.createVariable('u16', 'u2', ('x',))[:] = [0, 1, 40000, 65000, 7]
ds.createVariable('u32', 'u4', ('x',))[:] = [0, 1, 3000000000, 4000000000, 9]
i64 = ds.createVariable('i64', 'i8', ('x',))
i64[:] = [-9000000000000000000, -1, 0, 1, 9000000000000000000]
i64.big = np.int64(5000000000)
ds.createVariable('u64', 'u8', ('x',))[:] = np.array([0, 1, 18000000000000000000, 3, 4], dtype='u8')
vals = ds.createVariable('vals', 'f4', ('x',))
vals[:] = [1.5, 2.5, 3.5, 4.5, 5.5]
vals.small64 = np.array([7, -7], dtype='i8')
vals.huge64 = np.int64(9007199254740993)
ds.created = np.int64(1700000000000)
ds.close()
`;

/**
 * The types only CDF-5 has (ubyte, ushort, uint, int64, uint64) and 64-bit integer attributes,
 * written by netCDF4-python: ncgen 4.9.0 writes CDF-5 int64 variables as int.
 */
export function cdf5Extras(dir: string, name = 'extras.nc'): string {
  requirePythonModule('netCDF4', 'python3-netcdf4');
  const path = join(dir, name);
  execFileSync(PYTHON, ['-c', EXTRAS_SCRIPT, path]);
  return path;
}

export interface ReferenceRead {
  readonly variable: string;
  /** `[start, count, stride]` per dimension. */
  readonly slab: readonly (readonly [number, number, number])[];
}

const REFERENCE_SCRIPT = `
import sys, json, netCDF4, numpy as np
req = json.load(sys.stdin)
ds = netCDF4.Dataset(req['file'])
ds.set_auto_maskandscale(False)
ds.set_auto_chartostring(False)
out = []
for r in req['reads']:
    v = ds.variables[r['variable']]
    sl = tuple(slice(s, s + st * (c - 1) + 1, st) for s, c, st in r['slab'])
    a = np.asarray(v[sl] if sl else v[...])
    if a.dtype.kind == 'S':
        a = a.view('u1')
    out.append(a.astype(a.dtype.newbyteorder('>')).tobytes().hex())
json.dump(out, sys.stdout)
`;

/** The big-endian bytes netCDF4-python reads for each request, one process for all of them. */
export function referenceReads(file: string, reads: readonly ReferenceRead[]): Buffer[] {
  requirePythonModule('netCDF4', 'python3-netcdf4');
  const out = execFileSync(PYTHON, ['-c', REFERENCE_SCRIPT], { input: JSON.stringify({ file, reads }), maxBuffer: 1 << 30, encoding: 'utf8' });
  return (JSON.parse(out) as string[]).map((hex) => Buffer.from(hex, 'hex'));
}

/** A deterministic pseudo-random generator, so that a failing slice can be replayed. */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

/** A random strided hyperslab (count >= 1 on each dimension) of an array of this shape. */
export function randomSlab(shape: readonly number[], random: (n: number) => number): [number, number, number][] {
  return shape.map((size) => {
    const start = random(size);
    const stride = 1 + random(3);
    const count = 1 + random(Math.floor((size - 1 - start) / stride) + 1);
    return [start, count, stride];
  });
}
