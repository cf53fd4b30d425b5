/**
 * The two files the OPeNDAP benchmark serves, written by netCDF4-python (python3-netcdf4) as the tests
 * write theirs: a CMIP-like `tas(time, lat=180, lon=360)` float32 variable of about `sizeMb` MB with
 * its coordinate variables, once as NetCDF-3 (64-bit offset, big-endian, contiguous) and once as
 * NetCDF-4 with deflate level 1 + shuffle in (1, 180, 360) chunks, as CMOR writes it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PYTHON, requirePythonModule } from '../test/unit/netcdf/netcdf3/sampleFiles.js';

const run = promisify(execFile);

/** Values of one time step: 180 × 360 float32. */
export const STEP_BYTES = 180 * 360 * 4;

// A smooth field plus noise compresses about as well as model output. The noise comes from a pool
// of fields, each bigger than deflate's 32 KiB window, so that repeating them gains nothing.
const SCRIPT = `
import sys, numpy as np, netCDF4
path, fmt, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
ds = netCDF4.Dataset(path, 'w', format=fmt)
ds.createDimension('time', steps); ds.createDimension('lat', 180); ds.createDimension('lon', 360)
opts = dict(zlib=True, complevel=1, shuffle=True, chunksizes=(1, 180, 360)) if fmt == 'NETCDF4' else {}
t = ds.createVariable('time', 'f8', ('time',)); t.units = 'days since 1850-01-01'; t.calendar = 'noleap'
la = ds.createVariable('lat', 'f4', ('lat',)); la.units = 'degrees_north'
lo = ds.createVariable('lon', 'f4', ('lon',)); lo.units = 'degrees_east'
tas = ds.createVariable('tas', 'f4', ('time', 'lat', 'lon'), **opts); tas.units = 'K'
la[:] = np.linspace(-89.5, 89.5, 180); lo[:] = np.arange(360) + 0.5
t[:] = np.arange(steps) * 30 + 15
lat = np.linspace(-89.5, 89.5, 180)[:, None]; lon = np.linspace(0.5, 359.5, 360)[None, :]
base = (273 + 30 * np.cos(np.radians(lat)) + 5 * np.sin(np.radians(lon * 2))).astype('f4')
noise = np.random.default_rng(1).normal(0, 0.5, (61, 180, 360)).astype('f4')
for k in range(0, steps, 50):
    n = min(50, steps - k)
    tas[k:k + n] = np.stack([base + np.float32(3 * np.sin(i / 12)) + noise[i % 61] for i in range(k, k + n)])
ds.close()
`;

export interface BenchFiles {
  readonly netcdf3: string;
  readonly netcdf4: string;
  /** Time steps of `tas`. */
  readonly steps: number;
}

/** Writes both files into `dir` (NetCDF-3 as `nc3.nc`, NetCDF-4 as `nc4.nc`). */
export async function writeBenchFiles(dir: string, sizeMb: number): Promise<BenchFiles> {
  requirePythonModule('netCDF4', 'python3-netcdf4');
  const steps = Math.max(1, Math.round((sizeMb * 1e6) / STEP_BYTES));
  const netcdf3 = join(dir, 'nc3.nc');
  const netcdf4 = join(dir, 'nc4.nc');
  await Promise.all([
    run(PYTHON, ['-c', SCRIPT, netcdf3, 'NETCDF3_64BIT_OFFSET', String(steps)]),
    run(PYTHON, ['-c', SCRIPT, netcdf4, 'NETCDF4', String(steps)]),
  ]);
  return { netcdf3, netcdf4, steps };
}
