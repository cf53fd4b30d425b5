import type { CallOptions, RecordEnvelope, SearchBackend } from '../../search/backend.js';
import type { SearchRequest, SortKey } from '../../search/request.js';
import type { SearchCriteria } from './condition.js';

/**
 * CSW serves collections and items as one result set. Its order is total and stable: every collection
 * first, then every item, each kind sorted by the client's SortBy, or else collections by id and items
 * in the order they entered the catalogue, and then by its unique key (collection id; item collection
 * and id). Updates leave that order as it is and new items go to its end, so a client paging through
 * by position meanwhile neither skips nor repeats a record (a change order would move every updated
 * record to the end). It is also an order the search core can walk to the first matches of a broad
 * search without reading every match, where in collection order the first collections may hold none
 * (matches are spread through it as widely as the harvests that brought them). CSW pages by position,
 * so a position maps to one kind or the other from the number of collections matched, exact (a
 * catalogue has few).
 *
 * Items matched are exact whenever that is cheap: a page that reaches the end of the list gives them,
 * and otherwise they are counted up to EXACT_ITEM_COUNT. Above that, counting every match of a broad
 * search over a million records would cost more than the page itself, so numberOfRecordsMatched is the
 * planner's estimate (never less than the records already paged through plus one): clients paging by
 * nextRecord never skip or repeat a record, and the last page always carries the exact number.
 */
const TARGETS = ['collections', 'items'] as const;
type Target = (typeof TARGETS)[number];

export const EXACT_ITEM_COUNT = 1_000;

const DEFAULT_ORDER: Readonly<Record<Target, readonly SortKey[]>> = {
  collections: [],
  items: [{ field: 'meridian:insertion', direction: 'asc' }],
};

const UNIQUE_ORDER: Readonly<Record<Target, readonly SortKey[]>> = {
  collections: [{ field: 'id', direction: 'asc' }],
  items: [
    { field: 'collection', direction: 'asc' },
    { field: 'id', direction: 'asc' },
  ],
};

export interface ResultSlice {
  /** Every match: exact, or an estimate when more items match than EXACT_ITEM_COUNT (see above). */
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

/** Matches of one kind: collections exactly, items exactly up to EXACT_ITEM_COUNT and estimated above. */
async function count(search: SearchBackend, target: Target, criteria: SearchCriteria, opts?: CallOptions): Promise<number> {
  const total = { kind: 'total_count', name: 'matched', ...(target === 'items' ? { exactUpTo: EXACT_ITEM_COUNT } : {}) } as const;
  const [result] = await search.aggregate({ ...request(target, criteria, 1), aggregations: [total] }, opts);
  return result?.kind === 'total_count' ? result.value : 0;
}

export async function countMatches(search: SearchBackend, criteria: SearchCriteria, opts?: CallOptions): Promise<number> {
  return (await count(search, 'collections', criteria, opts)) + (await count(search, 'items', criteria, opts));
}

function page(target: Target, criteria: SearchCriteria, sortBy: readonly SortKey[], offset: number, limit: number): SearchRequest {
  const keys = sortBy.length > 0 ? sortBy : DEFAULT_ORDER[target];
  return {
    ...request(target, criteria, limit),
    sortby: [...keys, ...UNIQUE_ORDER[target].filter((k) => !keys.some((s) => s.field === k.field))],
    page: { offset },
    count: false,
  };
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
  const records: RecordEnvelope[] = [];
  const foundCollections = await search.search(page('collections', criteria, sortBy, start, limit), opts);
  records.push(...foundCollections.records);
  // A page that ends the collections gives their number, unless it starts past the end.
  const collectionsEnd = foundCollections.next === undefined && (foundCollections.records.length > 0 || start === 0);
  const collections = collectionsEnd ? start + foundCollections.records.length : await count(search, 'collections', criteria, opts);
  const itemOffset = Math.max(0, start - collections);
  const wanted = limit - records.length;
  let items: number | undefined;
  // Items known to exist: those before and on this page, and one more when the page is not the last.
  let itemsAtLeast = 0;
  if (wanted > 0) {
    const found = await search.search(page('items', criteria, sortBy, itemOffset, wanted), opts);
    records.push(...found.records);
    const more = found.next !== undefined;
    if (found.records.length > 0) itemsAtLeast = itemOffset + found.records.length + (more ? 1 : 0);
    // A page that ends the list gives the exact number of items, unless it starts past the end.
    if (!more && (found.records.length > 0 || itemOffset === 0)) items = itemsAtLeast;
  }
  items ??= Math.max(await count(search, 'items', criteria, opts), itemsAtLeast);
  return { matched: collections + items, records };
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
