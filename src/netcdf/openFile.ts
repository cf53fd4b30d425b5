import { open, type FileHandle } from 'node:fs/promises';
import { MeridianError } from '../core/errors.js';

/** Opens a dataset file for reading; a missing file is NotFound, anything else an internal error. */
export async function openDatasetFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
      throw new MeridianError('NotFound', `no dataset at ${path}`, { cause: error });
    }
    throw new MeridianError('Internal', `cannot open ${path}`, { cause: error });
  }
}
