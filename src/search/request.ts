import type { BBox, Geometry } from '../core/stac.js';
import type { Cql2Expr } from './cql2/ast.js';

/** A closed, half-open or open time interval; undefined ends are open. Values are RFC 3339 UTC. */
export interface Interval {
  readonly start?: string;
  readonly end?: string;
}

export interface SortKey {
  /** A queryable name: `datetime`, `id`, `collection`, `title`, or any property such as `cmip6:source_id`. */
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** STAC fields extension: dotted paths to keep (`properties.datetime`) and to drop. */
export interface FieldsSpec {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

export type AggregationRequest =
  /** With `exactUpTo`, matches are counted exactly up to that many; above, the count is the planner's estimate. */
  | { readonly kind: 'total_count'; readonly name: string; readonly exactUpTo?: number }
  | { readonly kind: 'terms'; readonly name: string; readonly field: string; readonly size?: number }
  | {
      readonly kind: 'datetime_frequency';
      readonly name: string;
      readonly interval: 'year' | 'month' | 'day' | 'hour';
    }
  | { readonly kind: 'datetime_min' | 'datetime_max'; readonly name: string };

/**
 * What every protocol asks of the search core. Each protocol parses its own query language into this;
 * the backends translate it (SQL on PostgreSQL/PostGIS, or Elasticsearch).
 */
export interface SearchRequest {
  readonly target: 'items' | 'collections';
  readonly collections?: readonly string[];
  readonly ids?: readonly string[];
  readonly spatial?: { readonly bbox: BBox } | { readonly intersects: Geometry };
  readonly datetime?: Interval;
  /** The record's last change (OAI-PMH from/until, CSW modified). */
  readonly changed?: Interval;
  /** Free-text terms, any of which may match (STAC `q`). */
  readonly q?: readonly string[];
  readonly filter?: Cql2Expr;
  readonly fields?: FieldsSpec;
  /** Sort keys; the core appends collection and id as a tiebreak so that every order is total. */
  readonly sortby?: readonly SortKey[];
  /** Already clamped to the configured maximum by the protocol. */
  readonly limit: number;
  readonly page?: { readonly after: string } | { readonly before: string } | { readonly offset: number };
  /** Whether tombstones are returned (OAI-PMH lists them as deleted). */
  readonly includeDeleted?: boolean;
  /** Whether to count all matches (bounded by a time budget). */
  readonly count?: boolean;
  readonly aggregations?: readonly AggregationRequest[];
}
