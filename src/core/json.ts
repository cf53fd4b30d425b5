/** JSON values and the two JSON operations the record model needs: merge patch and canonical form. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7396 JSON Merge Patch: `null` removes a member, objects merge recursively, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: Record<string, unknown> = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

const isScalar = (value: unknown): boolean => typeof value !== 'object' || value === null;

/**
 * JSON with object keys sorted, so that equal documents have equal text (and equal content hashes).
 * Built by appending, without intermediate arrays: every stored record is hashed through it.
 */
export function canonicalJson(value: unknown): string {
  if (isScalar(value)) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    if (value.every(isScalar)) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${canonicalJson(value[i])}`;
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    if (member !== undefined) out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** One merge patch equivalent to applying `first` then `second` (nulls are kept, as deletions). */
export function composeMergePatches(first: unknown, second: unknown): unknown {
  if (!isJsonObject(second) || !isJsonObject(first)) return second;
  const result: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(second)) {
    result[key] = isJsonObject(value) && isJsonObject(result[key]) ? composeMergePatches(result[key], value) : value;
  }
  return result;
}
