import { assertNever } from '../../core/errors.js';
import type { Cql2Expr } from '../../search/cql2/ast.js';

/**
 * A CSW constraint on its way to the search core: core predicates, plus free-text conditions
 * (`csw:AnyText`, or a PropertyIsLike without a property), which the core answers through its text index
 * when they stand where `q` can express them.
 */
export type CswCondition =
  | { readonly kind: 'expr'; readonly expr: Cql2Expr }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'and' | 'or'; readonly args: readonly CswCondition[] }
  | { readonly kind: 'not'; readonly arg: CswCondition };

export function exprCondition(expr: Cql2Expr): CswCondition {
  return { kind: 'expr', expr };
}

function combine(kind: 'and' | 'or', args: readonly CswCondition[]): CswCondition {
  const flat = args.flatMap((a) => (a.kind === kind ? a.args : [a]));
  return flat.length === 1 ? (flat[0] as CswCondition) : { kind, args: flat };
}

export const allOf = (args: readonly CswCondition[]): CswCondition => combine('and', args);
export const anyOf = (args: readonly CswCondition[]): CswCondition => combine('or', args);
export const negation = (arg: CswCondition): CswCondition => ({ kind: 'not', arg });

/** What the search core is asked: a filter and free-text terms (any of which may match). */
export interface SearchCriteria {
  readonly filter?: Cql2Expr;
  readonly q?: readonly string[];
}

/** Whether full-text search can match the text: it has at least one word. */
function hasWords(text: string): boolean {
  return /[\p{L}\p{N}_]/u.test(text);
}

function isTextDisjunction(c: CswCondition): boolean {
  return c.kind === 'text' || (c.kind === 'or' && c.args.every(isTextDisjunction));
}

function textTerms(c: CswCondition): string[] {
  if (c.kind === 'text') return [c.text];
  return c.kind === 'or' ? c.args.flatMap(textTerms) : [];
}

/** The text fields a free-text condition reads where `q` cannot stand (under Not, or in a mixed Or). */
const TEXT_FIELDS = ['id', 'title', 'description'] as const;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function textExpr(text: string): Cql2Expr {
  if (!hasWords(text)) return true;
  const pattern = `%${escapeLike(text.trim()).replace(/\s+/g, '%')}%`;
  return {
    op: 'or',
    args: [
      ...TEXT_FIELDS.map((field): Cql2Expr => ({
        op: 'like',
        args: [{ op: 'casei', args: [{ property: field }] }, { op: 'casei', args: [pattern] }],
      })),
      { op: 'a_contains', args: [{ property: 'keywords' }, [text.trim()]] },
    ],
  };
}

function toExpr(c: CswCondition): Cql2Expr {
  switch (c.kind) {
    case 'expr':
      return c.expr;
    case 'text':
      return textExpr(c.text);
    case 'and':
    case 'or':
      return { op: c.kind, args: c.args.map(toExpr) };
    case 'not':
      return { op: 'not', args: [toExpr(c.arg)] };
    default:
      return assertNever(c, 'condition');
  }
}

/**
 * Splits a constraint into the core's filter and free text. The first conjunct made only of free-text
 * conditions becomes `q` (word-prefix matching over all the text of a record, through the text index);
 * free text anywhere else becomes case-insensitive substring matches on id, title and description, and
 * exact keyword matches.
 */
export function toSearchCriteria(condition: CswCondition | undefined): SearchCriteria {
  if (condition === undefined) return {};
  const conjuncts = condition.kind === 'and' ? [...condition.args] : [condition];
  const index = conjuncts.findIndex(isTextDisjunction);
  let q: string[] | undefined;
  if (index >= 0) {
    const terms = textTerms(conjuncts[index] as CswCondition);
    conjuncts.splice(index, 1);
    // A term without words (a lone wildcard) matches every record, and so does the whole disjunction.
    if (terms.every(hasWords)) q = terms;
  }
  const filters = conjuncts.map(toExpr);
  const filter: Cql2Expr | undefined = filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { op: 'and', args: filters };
  return { ...(filter === undefined ? {} : { filter }), ...(q === undefined ? {} : { q }) };
}
