import { copyFile, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPath } from './shared.js';

/** The NetCDF files of ../shared/fixtures/netcdf; the first is copied into a subdirectory with a space in its name. */
export const FIXTURES = ['3mf07_seacat_netcdf3.nc', 'basin_mask_netcdf4.nc', 'ghrsst_abom_l3s_truncated_netcdf4.nc', 'madis-sao_netcdf3-classic.nc'];

/** A temporary data root with the shared NetCDF fixtures (one in a subdirectory), a fake and a link out of the root. */
export async function makeDataRoot(): Promise<{ root: string; outside: string }> {
  const root = await mkdtemp(join(tmpdir(), 'meridian-publish-'));
  const outside = await mkdtemp(join(tmpdir(), 'meridian-outside-'));
  await mkdir(join(root, 'sub dir'));
  for (const [i, name] of FIXTURES.entries()) {
    await copyFile(sharedPath('fixtures/netcdf', name), i === 0 ? join(root, 'sub dir', name) : join(root, name));
  }
  await writeFile(join(root, 'fake.nc'), 'not a netcdf file at all');
  await writeFile(join(root, 'notes.txt'), 'ignored');
  await copyFile(sharedPath('fixtures/netcdf', FIXTURES[3]!), join(outside, 'secret.nc'));
  await symlink(join(outside, 'secret.nc'), join(root, 'escape.nc'));
  return { root, outside };
}
