import { fragment, type SqlFragment } from '../../../db/sql.js';

/** Lower-case, accent-free words of a term: what the `simple` text search configuration indexed. */
function words(term: string): string[] {
  return term.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/**
 * Free-text search (STAC `q`): any of the terms may match; within a term every word must match,
 * each as a prefix. Only letters, digits and underscores reach `to_tsquery`, as a parameter.
 */
export function textQuery(terms: readonly string[]): SqlFragment {
  const alternatives = terms.map(words).filter((w) => w.length > 0).map((w) => `(${w.map((x) => `${x}:*`).join(' & ')})`);
  if (alternatives.length === 0) return fragment`false`;
  return fragment`r.search_text @@ to_tsquery('simple', ${alternatives.join(' | ')})`;
}
