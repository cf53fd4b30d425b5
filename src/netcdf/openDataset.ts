/**
 * Opens a NetCDF file with the reader its magic number calls for: `CDF\x01`, `CDF\x02`, `CDF\x05`
 * (classic, 64-bit offset, CDF-5) → the NetCDF-3 reader; the HDF5 signature → the NetCDF-4 reader
 * (h5wasm in worker threads).
 */
import { openDatasetFile } from './openFile.js';
import { MeridianError } from '../core/errors.js';
import { netcdf3Version } from './netcdf3/header.js';
import { openNetcdf3 } from './netcdf3/openNetcdf3.js';
import type { OpenDataset } from './reader.js';

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

export type NetcdfFormat = 'netcdf3' | 'netcdf4';

/** The format of a file from its first bytes; undefined when it is neither. */
export async function sniffNetcdf(path: string, opts?: { readonly signal?: AbortSignal }): Promise<NetcdfFormat | undefined> {
  opts?.signal?.throwIfAborted();
  const fh = await openDatasetFile(path);
  try {
    const head = Buffer.alloc(HDF5_SIGNATURE.length);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (netcdf3Version(bytes) !== undefined) return 'netcdf3';
    if (bytes.equals(HDF5_SIGNATURE)) return 'netcdf4';
    return undefined;
  } finally {
    await fh.close();
  }
}

export interface OpenerOptions {
  /** h5wasm worker threads for NetCDF-4 files; default the number of CPUs, at most 4. */
  readonly hdf5Workers?: number;
}

/**
 * Opens any NetCDF file; NetCDF-4 files read through a worker pool of this opener's own (started on
 * the first NetCDF-4 file), whose idle workers do not keep the process alive.
 */
export function datasetOpener(options: OpenerOptions = {}): OpenDataset {
  let netcdf4: Promise<OpenDataset> | undefined;
  return async (path, opts) => {
    const format = await sniffNetcdf(path, opts);
    switch (format) {
      case 'netcdf3':
        return openNetcdf3(path, opts);
      case 'netcdf4': {
        // Loaded on first use: it starts a pool of h5wasm workers, which NetCDF-3 alone does not need.
        netcdf4 ??= Promise.all([import('./netcdf4/openNetcdf4.js'), import('./netcdf4/hdf5Pool.js')]).then(([{ netcdf4Opener }, { Hdf5Pool }]) =>
          netcdf4Opener(new Hdf5Pool(options.hdf5Workers === undefined ? {} : { size: options.hdf5Workers })),
        );
        return (await netcdf4)(path, opts);
      }
      case undefined:
        throw new MeridianError('InvalidParameter', 'not a NetCDF file (no CDF or HDF5 signature)');
    }
  };
}

/** Opens any NetCDF file, NetCDF-4 ones through a worker pool shared by the process. */
export const openDataset: OpenDataset = datasetOpener();
