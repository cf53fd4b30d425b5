/**
 * The real NetCDF tools the NetCDF-4 reader is checked against: ncgen and ncdump (netcdf-bin) and
 * netCDF4-python (python3-netcdf4). A missing tool fails the test with the Debian package to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromCdl } from '../../../../crosswalks/netcdf/fromCdl.js';
import type { DatasetHeader, NetcdfAttribute, NetcdfGroup } from '../../../../src/netcdf/datasetHeader.js';

/** Debian's interpreter: a pyenv or venv `python3` earlier in PATH does not see the apt packages. */
export const PYTHON = '/usr/bin/python3';

export function requireTool(command: string, args: readonly string[], debianPackage: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`${command} is needed by this test: apt-get install -y ${debianPackage} (${result.error?.message ?? result.stderr})`);
  }
}

export function requireNetcdfTools(): void {
  requireTool('ncgen', ['-h'], 'netcdf-bin');
  requireTool('ncdump', [], 'netcdf-bin');
  requireTool(PYTHON, ['-c', 'import netCDF4, numpy'], 'python3-netcdf4');
}

export function tempDir(prefix: string): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type NcgenKind = 'netCDF-4' | 'netCDF-4 classic model' | 'classic';

/** Writes `cdl` as a file of that kind and returns its path. */
export function ncgen(dir: string, name: string, cdl: string, kind: NcgenKind): string {
  const cdlPath = join(dir, `${name}.cdl`);
  const ncPath = join(dir, `${name}.nc`);
  writeFileSync(cdlPath, cdl);
  execFileSync('ncgen', ['-k', kind, '-o', ncPath, cdlPath]);
  return ncPath;
}

/** `ncdump -h` parsed into a header, without its dataset name. */
export function ncdumpHeader(path: string): DatasetHeader {
  const { name: _name, ...header } = fromCdl(execFileSync('ncdump', ['-h', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  return header;
}

/** `ncdump -hs`: the special virtual attributes (`_Storage`, `_ChunkSizes`, …) of each variable, by path. */
export function ncdumpSpecial(path: string): Map<string, Map<string, string>> {
  const text = execFileSync('ncdump', ['-hs', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = new Map<string, Map<string, string>>();
  const groups: string[] = [];
  for (const line of text.split('\n')) {
    const group = /^\s*group: (\S+) \{/.exec(line);
    if (group) groups.push(group[1]!);
    if (/^\s*\} \/\/ group /.test(line)) groups.pop();
    const m = /^\s*(\w+):(_Storage|_ChunkSizes|_DeflateLevel|_Shuffle|_Fletcher32) = (.*) ;$/.exec(line);
    if (!m) continue;
    const key = [...groups, m[1]!].join('/');
    if (!out.has(key)) out.set(key, new Map());
    out.get(key)!.set(m[2]!, m[3]!.replaceAll('"', ''));
  }
  return out;
}

/**
 * A header as `ncdump -h` shows it: no storage details, char attributes without their trailing NULs
 * (ncdump drops them), float attributes at float precision (ncdump prints them with 7 digits).
 */
export function asNcdumpShows(header: DatasetHeader): DatasetHeader {
  const attrs = (list: readonly NetcdfAttribute[]): NetcdfAttribute[] =>
    list.map((a): NetcdfAttribute => {
      if (a.type === 'char') return { ...a, value: a.value.replace(/\0+$/, '') };
      if (a.type === 'float') return { ...a, value: a.value.map((v) => Math.fround(v)) };
      return a;
    });
  const group = (g: Omit<NetcdfGroup, 'name'>): Omit<NetcdfGroup, 'name'> => ({
    dimensions: g.dimensions,
    variables: g.variables.map(({ storage: _storage, ...v }) => ({ ...v, attributes: attrs(v.attributes) })),
    attributes: attrs(g.attributes),
    groups: g.groups.map((c) => ({ name: c.name, ...group(c) })),
  });
  return group(header);
}

export interface PythonSlice {
  readonly variable: string;
  /** [start, stop, step] per dimension (stop exclusive, as Python's). */
  readonly slice: readonly (readonly [number, number, number])[];
}

/**
 * Values of each slice read by netCDF4-python with auto-masking off: numbers as big-endian bytes
 * (hex), strings as a list, char arrays as bytes (hex).
 */
export function pythonRead(path: string, slices: readonly PythonSlice[]): ({ kind: 'bytes'; hex: string } | { kind: 'strings'; values: string[] })[] {
  const script = `
import json, sys, netCDF4, numpy as np
req = json.load(sys.stdin)
ds = netCDF4.Dataset(req['path'])
ds.set_auto_maskandscale(False)
ds.set_always_mask(False)
out = []
for s in req['slices']:
    v = ds[s['variable']]
    v.set_auto_chartostring(False)
    sl = tuple(slice(a, b, c) for a, b, c in s['slice'])
    if v.dtype == str:
        # netCDF4-python refuses strides on string variables: read the span, then step in numpy.
        span = tuple(slice(a, b) for a, b, c in s['slice'])
        data = np.asarray(v[span] if span else v[...], dtype=object)
        if span:
            data = data[tuple(slice(None, None, c) for a, b, c in s['slice'])]
        out.append({'kind': 'strings', 'values': [str(x) for x in data.reshape(-1)]})
        continue
    data = v[sl] if sl else v[...]
    a = np.ascontiguousarray(np.asarray(data))
    if a.dtype.kind == 'S':
        out.append({'kind': 'bytes', 'hex': a.tobytes().hex()})
    else:
        out.append({'kind': 'bytes', 'hex': a.astype(a.dtype.newbyteorder('>')).tobytes().hex()})
print(json.dumps(out))
`;
  const stdout = execFileSync(PYTHON, ['-c', script], {
    input: JSON.stringify({ path, slices }),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ReturnType<typeof pythonRead>;
}

/**
 * Writes a CMIP-like 400×180×360 float variable (103.7 MB decoded) twice with netCDF4-python:
 * `tas` deflate 1 + shuffle in (1, 180, 360) chunks, `tas_blocks` deflate 4 + shuffle in
 * (100, 45, 90) chunks. A smooth field plus noise compresses about as well as model output.
 */
export function writeLargeDeflateFile(path: string): void {
  const script = `
import sys, numpy as np, netCDF4
ds = netCDF4.Dataset(sys.argv[1], 'w', format='NETCDF4')
ds.createDimension('time', None); ds.createDimension('lat', 180); ds.createDimension('lon', 360)
t = ds.createVariable('time', 'f8', ('time',)); t.units = 'days since 1850-01-01'; t.calendar = 'noleap'
a = ds.createVariable('tas', 'f4', ('time', 'lat', 'lon'), zlib=True, complevel=1, shuffle=True, chunksizes=(1, 180, 360))
b = ds.createVariable('tas_blocks', 'f4', ('time', 'lat', 'lon'), zlib=True, complevel=4, shuffle=True, chunksizes=(100, 45, 90))
lat = np.linspace(-89.5, 89.5, 180)[:, None]; lon = np.linspace(0.5, 359.5, 360)[None, :]
rng = np.random.default_rng(1)
base = (273 + 30 * np.cos(np.radians(lat)) + 5 * np.sin(np.radians(lon * 2))).astype('f4')
for k in range(0, 400, 50):
    block = np.stack([base + 3 * np.sin(i / 12) + rng.normal(0, 0.5, (180, 360)) for i in range(k, k + 50)]).astype('f4')
    a[k:k + 50] = block
    b[k:k + 50] = block
t[:] = np.arange(400) * 30 + 15
ds.close()
`;
  execFileSync(PYTHON, ['-c', script, path]);
}

/** sha256 of a whole variable's values as big-endian bytes, read by netCDF4-python. */
export function pythonSha256(path: string, variable: string): string {
  const script = `
import sys, hashlib, numpy as np, netCDF4
ds = netCDF4.Dataset(sys.argv[1]); ds.set_auto_maskandscale(False)
a = np.ascontiguousarray(ds[sys.argv[2]][...])
print(hashlib.sha256(a.astype(a.dtype.newbyteorder('>')).tobytes()).hexdigest())
`;
  return execFileSync(PYTHON, ['-c', script, path, variable], { encoding: 'utf8' }).trim();
}
