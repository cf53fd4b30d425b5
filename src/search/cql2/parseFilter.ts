import { invalidParameter } from '../../core/errors.js';
import type { Cql2Expr } from './ast.js';
import { parseCql2Json } from './parseJson.js';
import { parseCql2Text } from './parseText.js';

/**
 * Parses the `filter` parameter in the language named by `filter-lang`. Without one, a string that does not
 * start with `{` is CQL2 text (the usual GET form) and anything else is CQL2 JSON (the usual POST form).
 */
export function parseFilter(filter: unknown, lang: string | undefined): Cql2Expr {
  const looksLikeText = typeof filter === 'string' && !filter.trimStart().startsWith('{');
  const language = lang ?? (looksLikeText ? 'cql2-text' : 'cql2-json');
  switch (language.toLowerCase()) {
    case 'cql2-text':
      if (typeof filter !== 'string') {
        throw invalidParameter('filter', 'filter: a cql2-text filter must be a string');
      }
      return parseCql2Text(filter);
    case 'cql2-json':
      return parseCql2Json(filter);
    default:
      throw invalidParameter('filter-lang', `filter-lang: unsupported value "${lang}"; use cql2-text or cql2-json`);
  }
}
