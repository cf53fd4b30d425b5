/**
 * The filter AST of the search core. It has the shape of CQL2 JSON (`{op, args}`), so that CQL2 JSON
 * parses by validation, and CQL2 text, OGC Filter XML and CSW CQL parse into the same type.
 */
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type SpatialOp =
  | 's_intersects'
  | 's_equals'
  | 's_disjoint'
  | 's_touches'
  | 's_within'
  | 's_overlaps'
  | 's_crosses'
  | 's_contains';
export type TemporalOp =
  | 't_after'
  | 't_before'
  | 't_contains'
  | 't_disjoint'
  | 't_during'
  | 't_equals'
  | 't_finishedBy'
  | 't_finishes'
  | 't_intersects'
  | 't_meets'
  | 't_metBy'
  | 't_overlappedBy'
  | 't_overlaps'
  | 't_startedBy'
  | 't_starts';
export type ArrayOp = 'a_equals' | 'a_contains' | 'a_containedBy' | 'a_overlaps';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | 'div' | '^';
/** Distance operators of OGC Filter and CQL 1 (not CQL2): within, or beyond, a distance of a geometry. */
export type DistanceOp = 's_dwithin' | 's_beyond';

export const COMPARISON_OPS: readonly ComparisonOp[] = ['=', '<>', '<', '<=', '>', '>='];
export const SPATIAL_OPS: readonly SpatialOp[] = [
  's_intersects', 's_equals', 's_disjoint', 's_touches', 's_within', 's_overlaps', 's_crosses', 's_contains',
];
export const TEMPORAL_OPS: readonly TemporalOp[] = [
  't_after', 't_before', 't_contains', 't_disjoint', 't_during', 't_equals', 't_finishedBy', 't_finishes',
  't_intersects', 't_meets', 't_metBy', 't_overlappedBy', 't_overlaps', 't_startedBy', 't_starts',
];
export const ARRAY_OPS: readonly ArrayOp[] = ['a_equals', 'a_contains', 'a_containedBy', 'a_overlaps'];
export const ARITHMETIC_OPS: readonly ArithmeticOp[] = ['+', '-', '*', '/', '%', 'div', '^'];

export interface PropertyRef {
  readonly property: string;
}
export interface TimestampLiteral {
  /** RFC 3339 date-time, normalised to UTC by the parsers (`2020-01-01T00:00:00Z`). */
  readonly timestamp: string;
}
export interface DateLiteral {
  /** `YYYY-MM-DD`. */
  readonly date: string;
}
/** An interval; `'..'` is an open end. Ends may be properties (`interval(start_datetime, end_datetime)`). */
export interface IntervalLiteral {
  readonly interval: readonly [IntervalEnd, IntervalEnd];
}
export type IntervalEnd = string | TimestampLiteral | DateLiteral | PropertyRef;
export interface BBoxLiteral {
  readonly bbox: readonly number[];
}
/** A GeoJSON geometry object (WKT in CQL2 text is parsed into this). */
export interface GeometryLiteral {
  readonly type: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon' | 'GeometryCollection';
  readonly coordinates?: unknown;
  readonly geometries?: readonly GeometryLiteral[];
}
export type FunctionCall =
  | { readonly op: 'casei' | 'accenti'; readonly args: readonly [Operand] }
  | { readonly op: ArithmeticOp; readonly args: readonly [Operand, Operand] };

export type Operand =
  | string
  | number
  | boolean
  | null
  | PropertyRef
  | TimestampLiteral
  | DateLiteral
  | IntervalLiteral
  | BBoxLiteral
  | GeometryLiteral
  | FunctionCall
  | readonly Operand[];

export type Cql2Expr =
  | boolean
  | { readonly op: 'and' | 'or'; readonly args: readonly Cql2Expr[] }
  | { readonly op: 'not'; readonly args: readonly [Cql2Expr] }
  | { readonly op: ComparisonOp; readonly args: readonly [Operand, Operand] }
  | { readonly op: 'like'; readonly args: readonly [Operand, Operand] }
  | { readonly op: 'between'; readonly args: readonly [Operand, Operand, Operand] }
  | { readonly op: 'in'; readonly args: readonly [Operand, readonly Operand[]] }
  | { readonly op: 'isNull'; readonly args: readonly [Operand] }
  | { readonly op: SpatialOp; readonly args: readonly [Operand, Operand] }
  | { readonly op: TemporalOp; readonly args: readonly [Operand, Operand] }
  | { readonly op: ArrayOp; readonly args: readonly [Operand, Operand] }
  /**
   * Not CQL2. The first geometry is within (`s_dwithin`), or farther than (`s_beyond`), the distance in
   * metres of the second, measured on the ellipsoid. Built by the CSW adapter from OGC Filter and CQL 1.
   */
  | { readonly op: DistanceOp; readonly args: readonly [Operand, Operand, number] }
  /**
   * Not CQL2. Some element of an array of objects (an object counts as its only element) satisfies the
   * condition, whose property names are members of that element: `{op: 'a_some', args: [{property:
   * 'providers'}, {op: '=', args: [{property: 'name'}, 'IPSL']}]}`. Conditions on several members of the
   * same element (a provider's name and role) stay together. Built by adapters (CSW parties); CQL2
   * filters reach it through `array.member` names (`providers.name = 'IPSL'`), see the SQL backend.
   */
  | { readonly op: 'a_some'; readonly args: readonly [PropertyRef, Cql2Expr] };

export function isPropertyRef(value: unknown): value is PropertyRef {
  return typeof value === 'object' && value !== null && 'property' in value;
}
