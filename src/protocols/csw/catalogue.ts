import type { CallOptions, RecordEnvelope, SearchBackend } from '../../search/backend.js';
import type { SearchRequest, SortKey } from '../../search/request.js';
import type { SearchCriteria } from './condition.js';

/**
 * CSW serves collections and items as one result set. Its order is total and stable: every collection
 * first, then every item, each kind sorted by the client's SortBy (if any) and then by its unique key
 * (collection id; item collection and id). CSW pages by position, so a position maps to one kind or the
 * other from the two exact counts, and each page costs two counts and one or two offset queries.
 */
const TARGETS = ['collections', 'items'] as const;
type Target = (typeof TARGETS)[number];

const UNIQUE_ORDER: Readonly<Record<Target, readonly SortKey[]>> = {
  collections: [{ field: 'id', direction: 'asc' }],
  items: [
    { field: 'collection', direction: 'asc' },
    { field: 'id', direction: 'asc' },
  ],
};

export interface ResultSlice {
  /** Every match (exact). */
  readonly matched: number;
  readonly records: readonly RecordEnvelope[];
}

function request(target: Target, criteria: SearchCriteria, limit: number): SearchRequest {
  return {
    target,
    ...(criteria.filter === undefined ? {} : { filter: criteria.filter }),
    ...(criteria.q === undefined ? {} : { q: criteria.q }),
    limit,
  };
}

/** Exact number of matches of each kind (the search's own count stops at a limit; CSW needs it exact). */
async function counts(search: SearchBackend, criteria: SearchCriteria, opts?: CallOptions): Promise<Record<Target, number>> {
  const result: Record<Target, number> = { collections: 0, items: 0 };
  for (const target of TARGETS) {
    const [total] = await search.aggregate({ ...request(target, criteria, 1), aggregations: [{ kind: 'total_count', name: 'matched' }] }, opts);
    result[target] = total?.kind === 'total_count' ? total.value : 0;
  }
  return result;
}

export async function countMatches(search: SearchBackend, criteria: SearchCriteria, opts?: CallOptions): Promise<number> {
  const n = await counts(search, criteria, opts);
  return n.collections + n.items;
}

/** Records from 0-based position `start`, at most `limit` of them, in the catalogue's CSW order. */
export async function findRecords(
  search: SearchBackend,
  criteria: SearchCriteria,
  sortBy: readonly SortKey[],
  start: number,
  limit: number,
  opts?: CallOptions,
): Promise<ResultSlice> {
  const n = await counts(search, criteria, opts);
  const records: RecordEnvelope[] = [];
  let position = start;
  for (const target of TARGETS) {
    const wanted = limit - records.length;
    if (wanted <= 0) break;
    if (position >= n[target]) {
      position -= n[target];
      continue;
    }
    const page = await search.search(
      {
        ...request(target, criteria, Math.min(wanted, n[target] - position)),
        sortby: [...sortBy, ...UNIQUE_ORDER[target].filter((k) => !sortBy.some((s) => s.field === k.field))],
        page: { offset: position },
        count: false,
      },
      opts,
    );
    records.push(...page.records);
    position = 0;
  }
  return { matched: n.collections + n.items, records };
}

/** Every record (collections, then items of any collection) with one of these ids. */
export async function findByIds(search: SearchBackend, ids: readonly string[], opts?: CallOptions): Promise<RecordEnvelope[]> {
  const found: RecordEnvelope[] = [];
  for (const target of TARGETS) {
    const page = await search.search({ target, ids, limit: 100 * ids.length, sortby: UNIQUE_ORDER[target], count: false }, opts);
    found.push(...page.records);
  }
  // In the order the ids were asked for.
  return ids.flatMap((id) => found.filter((r) => r.id === id));
}
