import { ARITHMETIC_OPS, ARRAY_OPS, COMPARISON_OPS, SPATIAL_OPS, TEMPORAL_OPS } from './ast.js';
import type { ArithmeticOp, ArrayOp, ComparisonOp, SpatialOp, TemporalOp } from './ast.js';

export type LogicalOp = 'and' | 'or' | 'not';
export type FunctionOp = 'casei' | 'accenti' | ArithmeticOp;
export type PredicateOp = ComparisonOp | 'like' | 'between' | 'in' | 'isNull' | SpatialOp | TemporalOp | ArrayOp;
export type CanonicalOp = LogicalOp | PredicateOp | FunctionOp;

/**
 * Filters nested deeper than this are refused. Real filters are shallow; the bound keeps the recursive
 * parsers, and every visitor that walks the AST later, far from the stack limit.
 */
export const MAX_FILTER_DEPTH = 256;

const CANONICAL_OPS: readonly CanonicalOp[] = [
  'and', 'or', 'not', 'like', 'between', 'in', 'isNull', 'casei', 'accenti',
  ...COMPARISON_OPS, ...SPATIAL_OPS, ...TEMPORAL_OPS, ...ARRAY_OPS, ...ARITHMETIC_OPS,
];

/** Names from pre-final CQL2 drafts that clients still send. */
const LEGACY_OPS: Readonly<Record<string, CanonicalOp>> = {
  intersects: 's_intersects',
  anyinteracts: 't_intersects',
};

/** Names clients try that CQL2 does not have, with what to use instead. */
const UNSUPPORTED_OPS: Readonly<Record<string, string>> = {
  ilike: 'wrap both sides of LIKE in CASEI() instead, e.g. CASEI(title) LIKE CASEI(\'%ice%\')',
  upper: 'use CASEI() for case-insensitive comparison',
  lower: 'use CASEI() for case-insensitive comparison',
};

const BY_LOWER_NAME: ReadonlyMap<string, CanonicalOp> = new Map([
  ...CANONICAL_OPS.map((op): [string, CanonicalOp] => [op.toLowerCase(), op]),
  ...Object.entries(LEGACY_OPS),
]);

const SPATIAL = new Set<string>(SPATIAL_OPS);
const TEMPORAL = new Set<string>(TEMPORAL_OPS);
const ARRAY = new Set<string>(ARRAY_OPS);
const COMPARISON = new Set<string>(COMPARISON_OPS);
const ARITHMETIC = new Set<string>(ARITHMETIC_OPS);

/** The canonical spelling of an operator name given in any letter case, or undefined when unknown. */
export function canonicalOp(name: string): CanonicalOp | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/** A hint for a name CQL2 does not define but clients commonly try, or undefined. */
export function unsupportedOpHint(name: string): string | undefined {
  return Object.hasOwn(UNSUPPORTED_OPS, name.toLowerCase()) ? UNSUPPORTED_OPS[name.toLowerCase()] : undefined;
}

export function isSpatialOp(op: string): op is SpatialOp {
  return SPATIAL.has(op);
}
export function isTemporalOp(op: string): op is TemporalOp {
  return TEMPORAL.has(op);
}
export function isArrayOp(op: string): op is ArrayOp {
  return ARRAY.has(op);
}
export function isComparisonOp(op: string): op is ComparisonOp {
  return COMPARISON.has(op);
}
export function isArithmeticOp(op: string): op is ArithmeticOp {
  return ARITHMETIC.has(op);
}
