/**
 * The DAP2 server as real clients see it: ncdump (netcdf-bin), netCDF4-python (python3-netcdf4),
 * xarray (python3-xarray) and gdalinfo (gdal-bin), against the app listening on 127.0.0.1. A missing
 * client fails the test with the Debian package to install.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { get as httpGet, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../../src/netcdf/openDataset.js';
import type { Dataset } from '../../../src/netcdf/reader.js';
import { opendapRouter } from '../../../src/protocols/opendap/router.js';
import { sharedPath } from '../../support/shared.js';
import { cdf5Extras, ncgen, PYTHON, requireCommand, requirePythonModule, sampleCdl, tempDirectory } from '../../unit/netcdf/netcdf3/sampleFiles.js';
import { pythonSha256 } from '../../unit/netcdf/netcdf4/netcdfTools.js';
import { comparable, expectedOverDap2, parseCdl } from './cdlText.js';

const run = promisify(execFile);
const dir = tempDirectory('meridian-dap-e2e-');
const FIXTURES = sharedPath('fixtures', 'netcdf');
const SAMPLES = ['classic.nc', 'offset64.nc', 'cdf5.nc'];
const logLines: Record<string, unknown>[] = [];
/** Slabs handed out by the readers of big.nc, to see that an aborted download stops reading. */
let bigSlabs = 0;
let server: Server;
let base: string;

/** tas(time=400 UNLIMITED, lat=180, lon=360) float32, 103.7 MB, with time, time_bnds, lat, lon. */
const BIG_SCRIPT = `
import sys, netCDF4, numpy as np
ds = netCDF4.Dataset(sys.argv[1], 'w', format='NETCDF3_CLASSIC')
ds.createDimension('time', None); ds.createDimension('lat', 180); ds.createDimension('lon', 360); ds.createDimension('bnds', 2)
t = ds.createVariable('time', 'f8', ('time',)); t.units = 'days since 1850-01-01'; t.calendar = 'noleap'
tb = ds.createVariable('time_bnds', 'f8', ('time', 'bnds'))
ds.createVariable('lat', 'f4', ('lat',))[:] = np.linspace(-89.5, 89.5, 180)
ds.createVariable('lon', 'f4', ('lon',))[:] = np.arange(360) + 0.5
tas = ds.createVariable('tas', 'f4', ('time', 'lat', 'lon')); tas.units = 'K'
rng = np.random.default_rng(1)
for i in range(400):
    t[i] = i * 30 + 15; tb[i, :] = [i * 30, i * 30 + 30]
    tas[i] = rng.random((180, 360), dtype=np.float32) * 50 + 250
ds.close()
`;

/** Counts the slabs read from big.nc. */
function counting(dataset: Dataset): Dataset {
  return {
    header: dataset.header,
    chunkShape: (v) => dataset.chunkShape(v),
    close: (opts) => dataset.close(opts),
    async *read(variable, slab, opts) {
      for await (const b of dataset.read(variable, slab, opts)) {
        bigSlabs++;
        yield b;
      }
    },
  };
}

beforeAll(async () => {
  requireCommand('ncdump', 'netcdf-bin');
  requirePythonModule('netCDF4', 'python3-netcdf4');
  ncgen(dir.path, 'classic.nc', 'classic', sampleCdl('classic'));
  ncgen(dir.path, 'offset64.nc', '64-bit offset', sampleCdl('offset64'));
  ncgen(dir.path, 'cdf5.nc', 'cdf5', sampleCdl('cdf5'));
  cdf5Extras(dir.path);
  await run(PYTHON, ['-c', BIG_SCRIPT, `${dir.path}/big.nc`]);

  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(
    '/opendap',
    opendapRouter({
      roots: [
        { name: 'gen', path: dir.path },
        { name: 'fixtures', path: FIXTURES },
      ],
      maxResponseBytes: 500_000_000,
      log: pino({ level: 'info' }, logStream),
      open: async (path, opts) => {
        const ds = await openDataset(path, opts);
        return path.endsWith('/big.nc') ? counting(ds) : ds;
      },
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/opendap`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  dir.remove();
});

async function ncdump(args: string[]): Promise<string> {
  return (await run('ncdump', args, { maxBuffer: 1 << 28 })).stdout;
}

async function python(script: string, env: Record<string, string> = {}): Promise<string> {
  return (await run(PYTHON, ['-c', script], { env: { ...process.env, ...env }, maxBuffer: 1 << 26 })).stdout;
}

describe('OPeNDAP DAP2 with real clients', () => {
  const local = (name: string): string => (SAMPLES.includes(name) ? `${dir.path}/${name}` : `${FIXTURES}/${name}`);
  const remote = (name: string): string => (SAMPLES.includes(name) ? `${base}/gen/${name}` : `${base}/fixtures/${name}`);

  it.each([...SAMPLES, '3mf07_seacat_netcdf3.nc', 'madis-sao_netcdf3-classic.nc', 'basin_mask_netcdf4.nc', 'ghrsst_abom_l3s_truncated_netcdf4.nc'])(
    'ncdump -h of %s over OPeNDAP equals the local one',
    async (name) => {
      const [l, r] = await Promise.all([ncdump(['-h', local(name)]), ncdump(['-h', remote(name)])]);
      expect(comparable(parseCdl(r))).toEqual(comparable(expectedOverDap2(parseCdl(l))));
    },
  );

  it.each([
    ['classic.nc', 'tas,time,time_bnds,lat,lon,flag,mask,count,name,code,answer,pi,level,small'],
    ['offset64.nc', 'tas,time,name,level'],
    ['cdf5.nc', 'tas,time_bnds,mask,small'],
    ['3mf07_seacat_netcdf3.nc', 'latitude,z,temperature,salinity,time,file'],
    ['madis-sao_netcdf3-classic.nc', 'temperature,invTime,elevation,nStaticIds,stationName,staticIds'],
    ['basin_mask_netcdf4.nc', 'X,Y,Z'],
    ['ghrsst_abom_l3s_truncated_netcdf4.nc', 'time,lat,lon,sea_surface_temperature,sst_dtime,l2p_flags,quality_level'],
  ])('ncdump -v of %s over OPeNDAP shows the local values', async (name, vars) => {
    const [l, r] = await Promise.all([ncdump(['-v', vars, local(name)]), ncdump(['-v', vars, remote(name)])]);
    const values = (text: string) => [...parseCdl(text).data].sort(([a], [b]) => a.localeCompare(b));
    expect(values(r)).toEqual(values(l));
    expect(values(l).length).toBe(vars.split(',').length);
  });

  it('netCDF4-python reads random strided slices equal to the local files', async () => {
    const out = await python(
      `
import netCDF4, numpy as np, os, random
random.seed(1)
for f in os.environ['FILES'].split(','):
    L = netCDF4.Dataset(os.environ['DIR'] + '/' + f); R = netCDF4.Dataset(os.environ['DAP'] + '/' + f)
    for ds in (L, R): ds.set_auto_maskandscale(False)
    assert {k: str(v) for k, v in L['tas'].__dict__.items()} == {k: str(v) for k, v in R['tas'].__dict__.items()}, f
    for name in ['time', 'time_bnds', 'lat', 'lon']:
        assert np.array_equal(L[name][:], R[name][:]), (f, name)
    n = 40 if f != 'big.nc' else 8
    for _ in range(n):
        sl = tuple(slice(a, random.randint(a + 1, s), random.randint(1, 5)) for s in L['tas'].shape for a in [random.randrange(s)])
        assert np.array_equal(L['tas'][sl], R['tas'][sl]), (f, sl)
    assert np.array_equal(L['tas'][-1, :, :], R['tas'][-1, :, :]) and np.array_equal(L['tas'][:, 3, 5], R['tas'][:, 3, 5])
# A deflated NetCDF-4 byte variable, through the NetCDF-4 reader.
L = netCDF4.Dataset(os.environ['FIXTURES'] + '/basin_mask_netcdf4.nc'); R = netCDF4.Dataset(os.environ['DAP_FIXTURES'] + '/basin_mask_netcdf4.nc')
for ds in (L, R): ds.set_auto_maskandscale(False)
for sl in [(slice(3, 5), slice(0, 180, 7), slice(100, 200)), (slice(0, 33, 4), 90, slice(None))]:
    assert np.array_equal(L['basin'][sl], R['basin'][sl]), sl
print('OK')
`,
      { DIR: dir.path, DAP: `${base}/gen`, FILES: [...SAMPLES, 'big.nc'].join(','), FIXTURES, DAP_FIXTURES: `${base}/fixtures` },
    );
    expect(out.trim()).toBe('OK');
  });

  it('xarray opens the data, decodes noleap times and applies _Unsigned', async () => {
    requirePythonModule('xarray', 'python3-xarray');
    const out = await python(
      `
import xarray as xr, os, numpy as np
r = xr.open_dataset(os.environ['DAP'] + '/classic.nc'); l = xr.open_dataset(os.environ['DIR'] + '/classic.nc')
assert r.time.encoding['calendar'] == 'noleap', r.time.encoding
assert type(r.time.values[0]).__name__ == 'DatetimeNoLeap'
assert (r.time.values == l.time.values).all()
assert float(r.tas.isel(time=slice(0, 3)).mean()) == float(l.tas.isel(time=slice(0, 3)).mean())
assert np.array_equal(r.mask.values, l.mask.values, equal_nan=True)
x = xr.open_dataset(os.environ['DAP'] + '/extras.nc')
# 255 is the fill value: xarray masks it, so the values are floats; unsigned, 128 and 200 stay positive.
assert list(x.u8.values[:4]) == [0, 1, 128, 200], x.u8.values
assert 'i64' not in x.variables and x.attrs['DAP2_omitted_variables'] == 'i64 u64'
print('OK')
`,
      { DIR: dir.path, DAP: `${base}/gen` },
    );
    expect(out.trim()).toBe('OK');
  });

  it('ncdump and xarray read the same values over DAP4', async () => {
    // netCDF-C 4.9.0 fetches the whole dataset through DAP4: the values of every variable.
    const dap4 = `${base.replace(/^http:/, 'dap4:')}/gen/cdf5.nc`;
    const [l, r] = await Promise.all([ncdump([`${dir.path}/cdf5.nc`]), ncdump([dap4])]);
    const values = (text: string) => [...parseCdl(text).data].sort(([a], [b]) => a.localeCompare(b));
    expect(values(r)).toEqual(values(l));
    expect(r).toMatch(/time = UNLIMITED ; \/\/ \(6 currently\)/);
    requirePythonModule('xarray', 'python3-xarray');
    const out = await python(
      `
import xarray as xr, os
r = xr.open_dataset(os.environ['DAP'] + '/classic.nc#dap4'); l = xr.open_dataset(os.environ['DIR'] + '/classic.nc')
assert type(r.time.values[0]).__name__ == 'DatetimeNoLeap'
assert float(r.tas.mean()) == float(l.tas.mean())
print('OK')
`,
      { DIR: dir.path, DAP: `${base}/gen` },
    );
    expect(out.trim()).toBe('OK');
  });

  it('gdalinfo reads a variable as a raster', async () => {
    requireCommand('gdalinfo', 'gdal-bin');
    const { stdout } = await run('gdalinfo', [`NETCDF:"${base}/gen/classic.nc":tas`]);
    expect(stdout).toContain('Size is 11, 9');
    expect(stdout).toMatch(/Band 6 Block=11x1 Type=Float32/);
  });

  it('streams a ~100 MB variable with an exact Content-Length and the values netCDF4-python reads', async () => {
    const url = `${base}/gen/big.nc.dods?tas`;
    const dds = await (await fetch(`${base}/gen/big.nc.dds?tas`)).text();
    // The array's values, after the DDS, the separator and the two count words: slabs reused too early would change them.
    const valuesAt = Buffer.byteLength(dds) + 'Data:\n'.length + 8;
    const valuesLength = 400 * 180 * 360 * 4;
    const hash = createHash('sha256');
    const started = performance.now();
    const { length, received } = await new Promise<{ length: number; received: number }>((resolve, reject) => {
      httpGet(url, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => {
          hash.update(c.subarray(Math.max(0, valuesAt - n), Math.max(0, valuesAt + valuesLength - n)));
          n += c.length;
        });
        res.on('end', () => resolve({ length: Number(res.headers['content-length']), received: n }));
        res.on('error', reject);
      }).on('error', reject);
    });
    const httpMs = performance.now() - started;
    expect(received).toBe(length);
    expect(hash.digest('hex')).toBe(pythonSha256(`${dir.path}/big.nc`, 'tas'));
    // A Grid: the array, then its maps time, lat and lon, each with two count words.
    expect(length).toBe(Buffer.byteLength(dds) + 'Data:\n'.length + 8 + 400 * 180 * 360 * 4 + (8 + 400 * 8) + (8 + 180 * 4) + (8 + 360 * 4));
    const rawStarted = performance.now();
    for await (const chunk of createReadStream(`${dir.path}/big.nc`, { highWaterMark: 8 << 20 })) void chunk;
    const rawMs = performance.now() - rawStarted;
    console.log(`.dods of a ${(length / 1e6).toFixed(1)} MB variable: ${(length / 1e3 / httpMs).toFixed(0)} MB/s over HTTP; raw file read ${(length / 1e3 / rawMs).toFixed(0)} MB/s`);
  });

  it('stops reading when the client aborts a download', async () => {
    const before = bigSlabs;
    await new Promise<void>((resolve, reject) => {
      const req = httpGet(`${base}/gen/big.nc.dods?tas`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (e) => ((e as { code?: string }).code === 'ECONNRESET' ? resolve() : reject(e)));
    });
    const deadline = Date.now() + 5000;
    while (!logLines.some((l) => l['aborted'] === true) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const entry = logLines.find((l) => l['aborted'] === true);
    expect(entry).toMatchObject({ kind: 'dods', ce: 'tas', aborted: true });
    expect(entry!['bytes'] as number).toBeLessThan(103_680_000);
    await new Promise((r) => setTimeout(r, 500));
    const read = bigSlabs - before;
    await new Promise((r) => setTimeout(r, 500));
    // 8 MiB slabs: a whole variable is 13; a stopped download reads a few and no more.
    expect(bigSlabs - before).toBe(read);
    expect(read).toBeLessThan(13);
  });
});
