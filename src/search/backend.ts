import type { RecordKind } from '../core/record.js';
import type { StacRecord } from '../core/stac.js';
import type { SearchRequest } from './request.js';

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** One search hit: the effective STAC document with what the protocols need around it. */
export interface RecordEnvelope {
  readonly kind: RecordKind;
  readonly collectionId: string;
  readonly id: string;
  readonly doc: StacRecord;
  /** RFC 3339 UTC time of the record's last change. */
  readonly datestamp: string;
  readonly deleted: boolean;
  readonly nativeFormat?: string;
  readonly sourceId?: string;
}

export interface SearchPage {
  readonly records: readonly RecordEnvelope[];
  /** All matches, when counting was asked for and fitted in the time budget. */
  readonly matched?: number;
  /** Opaque keyset tokens for the next and previous pages. */
  readonly next?: string;
  readonly prev?: string;
}

export interface AggregationBucket {
  readonly key: string;
  readonly count: number;
}

export type AggregationResult =
  /** `estimated`: more than `exactUpTo` match, and `value` is the planner's estimate (at least `exactUpTo` + 1). */
  | { readonly name: string; readonly kind: 'total_count'; readonly value: number; readonly estimated?: boolean }
  | { readonly name: string; readonly kind: 'datetime_min' | 'datetime_max'; readonly value: string | null }
  | {
      readonly name: string;
      readonly kind: 'terms' | 'datetime_frequency';
      readonly buckets: readonly AggregationBucket[];
      /** Matches whose value fell outside the returned buckets. */
      readonly otherCount: number;
    };

/** What a search backend can do; `/conformance` is computed from it, so nothing is advertised that it lacks. */
export interface BackendCapabilities {
  readonly filterOperators: ReadonlySet<string>;
}

export interface SearchBackend {
  readonly capabilities: BackendCapabilities;
  search(req: SearchRequest, opts?: CallOptions): Promise<SearchPage>;
  aggregate(req: SearchRequest, opts?: CallOptions): Promise<AggregationResult[]>;
}
