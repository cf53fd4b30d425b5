/**
 * The NetCDF files under a data root, found by a recursive walk that never leaves the root: a
 * symbolic link is followed only when its real location is inside the root's real location.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** The file name endings published as NetCDF (the magic number is checked when the file is read). */
const NETCDF_ENDINGS = ['.nc', '.nc4', '.cdf'];

export interface ScannedFile {
  /** The path inside the root, segments joined with `/`. */
  readonly relativePath: string;
  /** The real path on disk (symbolic links resolved). */
  readonly path: string;
  readonly size: number;
  readonly mtime: Date;
}

export interface ScanProblem {
  readonly relativePath: string;
  readonly reason: string;
}

export interface ScanResult {
  readonly files: readonly ScannedFile[];
  /** Entries left out: links out of the root or broken, unreadable directories and files. */
  readonly problems: readonly ScanProblem[];
  /** False when a directory could not be read: files under it may exist that the scan did not see. */
  readonly complete: boolean;
}

export function isNetcdfName(name: string): boolean {
  const lower = name.toLowerCase();
  return NETCDF_ENDINGS.some((ending) => lower.endsWith(ending) && lower.length > ending.length);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Walks the root recursively; entries are visited in name order, so results are stable. */
export async function scanRoot(rootPath: string, opts?: { readonly signal?: AbortSignal }): Promise<ScanResult> {
  const rootReal = await realpath(rootPath);
  const inside = (real: string): boolean => real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  const files: ScannedFile[] = [];
  const problems: ScanProblem[] = [];
  let complete = true;
  const visited = new Set<string>([rootReal]);

  const walk = async (dir: string, prefix: string): Promise<void> => {
    opts?.signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      complete = false;
      problems.push({ relativePath: prefix || '.', reason: `cannot read the directory: ${errorText(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      let real = full;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(full);
        } catch (error) {
          problems.push({ relativePath, reason: `broken symbolic link: ${errorText(error)}` });
          continue;
        }
        if (!inside(real)) {
          problems.push({ relativePath, reason: 'symbolic link out of the root: refused' });
          continue;
        }
        const info = await stat(real).catch(() => undefined);
        isDirectory = info?.isDirectory() === true;
        isFile = info?.isFile() === true;
      }
      if (isDirectory) {
        // A link back to an ancestor would loop.
        const realDir = entry.isSymbolicLink() ? real : await realpath(full);
        if (visited.has(realDir)) continue;
        visited.add(realDir);
        await walk(full, relativePath);
      } else if (isFile && isNetcdfName(entry.name)) {
        try {
          const info = await stat(real);
          files.push({ relativePath, path: real, size: info.size, mtime: info.mtime });
        } catch (error) {
          complete = false;
          problems.push({ relativePath, reason: `cannot read the file: ${errorText(error)}` });
        }
      }
    }
  };

  await walk(rootReal, '');
  return { files, problems, complete };
}
