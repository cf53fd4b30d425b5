import { canonicalJson, isJsonObject } from '../core/json.js';

/** Top-level (and `properties.*`) members that differ between two versions of a document. */
export function changedPaths(before: unknown, after: unknown): string[] {
  if (!isJsonObject(before) || !isJsonObject(after)) return before === after ? [] : [''];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const paths: string[] = [];
  for (const key of [...keys].sort()) {
    const a = before[key];
    const b = after[key];
    if (key === 'properties' && isJsonObject(a) && isJsonObject(b)) {
      paths.push(...changedPaths(a, b).map((p) => `properties.${p}`));
    } else if (canonicalJson(a) !== canonicalJson(b)) {
      paths.push(key);
    }
  }
  return paths;
}
