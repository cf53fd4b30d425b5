import { createHash } from 'node:crypto';
import type { RecordInput } from '../core/record.js';

/**
 * The hash that decides whether a re-harvested or re-imported record changed: the STAC base, given as its
 * canonical JSON text (`canonicalJson`), and the native document.
 */
export function contentHash(canonicalBase: string, native?: RecordInput['native']): string {
  const hash = createHash('sha256');
  hash.update(canonicalBase);
  if (native) {
    hash.update('\u0000');
    hash.update(native.format);
    hash.update('\u0000');
    hash.update(native.document);
  }
  return hash.digest('hex');
}
