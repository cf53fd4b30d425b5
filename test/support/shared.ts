import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in ../shared (fixtures, schemas, vocabularies), which tests read in place. */
export function sharedPath(...parts: string[]): string {
  return fileURLToPath(new URL(`../../../shared/${parts.join('/')}`, import.meta.url));
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), 'utf8');
}
