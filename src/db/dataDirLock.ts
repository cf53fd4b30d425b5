import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MeridianError } from '../core/errors.js';

/**
 * PGlite lets a second process open a data directory that another one has open, and the two then
 * corrupt it. A lock file holding the owner's process id makes one process the owner: the next one
 * fails at once with Conflict, unless the owner has died (the file is then taken over). Opens within the
 * owning process are counted, so it may open its directory more than once.
 */
const LOCK_FILE = 'meridian.pid';
const openedHere = new Map<string, number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory for this process; the function returned gives it back. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const count = openedHere.get(file) ?? 0;
  if (count === 0) takeLockFile(file, dir);
  openedHere.set(file, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openedHere.get(file) ?? 1) - 1;
    if (left > 0) {
      openedHere.set(file, left);
      return;
    }
    openedHere.delete(file);
    if (ownerOf(file) === process.pid) unlinkSync(file);
  };
}

function takeLockFile(file: string, dir: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = ownerOf(file);
    if (owner !== undefined && owner !== process.pid && alive(owner)) {
      throw new MeridianError(
        'Conflict',
        `the data directory ${dir} is in use by process ${owner}: stop it first, or use PostgreSQL (DATABASE_URL) to share a catalogue between processes (if that process is not Meridian, delete ${file})`,
      );
    }
    unlinkSync(file); // left by a process that died
  }
  throw new MeridianError('Conflict', `the data directory ${dir} is being taken by another process`);
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
