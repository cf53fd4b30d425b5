import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/json.js';
import type { RecordInput } from '../core/record.js';

/** The hash that decides whether a re-harvested or re-imported record changed: STAC base + native document. */
export function contentHash(input: RecordInput): string {
  const hash = createHash('sha256');
  hash.update(canonicalJson(input.doc));
  if (input.native) {
    hash.update('\u0000');
    hash.update(input.native.format);
    hash.update('\u0000');
    hash.update(input.native.document);
  }
  return hash.digest('hex');
}
