import type { SearchRequest } from '../../search/request.js';
import type { SetConditions } from './sets.js';

export type ListPhase = 'collections' | 'items';

/**
 * Where a list stands: which target it is reading and after which record (the core's keyset cursor).
 * A list reads every collection, then every item, each in datestamp order with the core's id
 * tiebreak: a total order that a changed record can only leave (its new datestamp is after the
 * list's frozen `until`) or move forward in, never backward.
 */
export interface ListPosition {
  readonly phase: ListPhase;
  readonly after?: string;
}

/** What selects the records of a list, at every page the same. */
export interface ListSelection {
  /** First instant, inclusive (RFC 3339). */
  readonly from?: string;
  /** Last instant, inclusive, frozen at the first request of the list. */
  readonly until: string;
  readonly set: SetConditions;
}

/** The core request for one page of a list (tombstones included: they are listed as deleted). */
export function oaiToSearch(selection: ListSelection, position: ListPosition, limit: number): SearchRequest {
  const { set } = selection;
  return {
    target: position.phase,
    sortby: [{ field: 'meridian:datestamp', direction: 'asc' }],
    changed: { ...(selection.from === undefined ? {} : { start: selection.from }), end: selection.until },
    includeDeleted: true,
    count: false,
    limit,
    ...(set.collections === undefined ? {} : { collections: set.collections }),
    ...(set.filter === undefined ? {} : { filter: set.filter }),
    ...(position.after === undefined ? {} : { page: { after: position.after } }),
  };
}

/** The core request that counts a list's records in one target. */
export function oaiToCount(selection: ListSelection, phase: ListPhase): SearchRequest {
  return { ...oaiToSearch(selection, { phase }, 0), aggregations: [{ kind: 'total_count', name: 'size' }] };
}
