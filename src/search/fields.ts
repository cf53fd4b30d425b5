import { MeridianError } from '../core/errors.js';
import type { StacRecord } from '../core/stac.js';
import type { FieldsSpec } from './request.js';

/** Members every projected record keeps, so that it stays identifiable. */
const ALWAYS_KEPT = ['type', 'stac_version', 'id', 'collection'];

type Json = Record<string, unknown>;

function getPath(doc: Json, path: readonly string[]): unknown {
  let current: unknown = doc;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[part];
  }
  return current;
}

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let current = target;
  path.slice(0, -1).forEach((part) => {
    const next = current[part];
    current[part] = typeof next === 'object' && next !== null ? { ...(next as Json) } : {};
    current = current[part] as Json;
  });
  current[path[path.length - 1] as string] = value;
}

function deletePath(target: Json, path: readonly string[]): void {
  const parent = path.length === 1 ? target : getPath(target, path.slice(0, -1));
  if (typeof parent === 'object' && parent !== null) delete (parent as Json)[path[path.length - 1] as string];
}

function split(field: string): string[] {
  const parts = field.split('.');
  if (parts.some((p) => p === '')) throw new MeridianError('InvalidParameter', `fields: "${field}" is not a field path`, { locator: 'fields' });
  return parts;
}

/**
 * The STAC fields extension: with `include`, only the named members (and the identifying ones) are
 * returned; `exclude` removes members; a member named in both is included.
 */
export function applyFields(doc: StacRecord, spec: FieldsSpec | undefined): StacRecord {
  if (!spec || (!spec.include?.length && !spec.exclude?.length)) return doc;
  const include = (spec.include ?? []).map(split);
  const includedText = new Set(spec.include ?? []);
  let result: Json;
  if (include.length > 0) {
    result = {};
    for (const key of ALWAYS_KEPT) if (key in doc) result[key] = (doc as Json)[key];
    for (const path of include) {
      const value = getPath(doc as Json, path);
      if (value !== undefined) setPath(result, path, structuredClone(value));
    }
  } else {
    result = structuredClone(doc) as Json;
  }
  for (const field of spec.exclude ?? []) {
    if (includedText.has(field) || ALWAYS_KEPT.includes(field)) continue;
    deletePath(result, split(field));
  }
  return result as unknown as StacRecord;
}
