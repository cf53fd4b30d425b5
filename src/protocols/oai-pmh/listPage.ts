import { MeridianError } from '../../core/errors.js';
import type { CallOptions, RecordEnvelope, SearchBackend } from '../../search/backend.js';
import { oaiToSearch, type ListPosition, type ListSelection } from './toSearch.js';

/** Which records of the core's pages belong in the list, and what each becomes. */
export interface ListFilter<T> {
  /** Cheap test (no I/O): the record can be listed. */
  accepts(record: RecordEnvelope): boolean;
  /** The list entry of an accepted record; undefined drops it after all (it cannot be written). */
  load(record: RecordEnvelope): Promise<T | undefined>;
}

export interface ListPage<T> {
  /** The page's entries, read from the core while they are consumed: memory holds one core page. */
  readonly entries: AsyncIterable<T>;
  /** Once `entries` is exhausted: entries returned, and where the list continues (undefined: complete). */
  outcome(): { readonly returned: number; readonly next?: ListPosition };
}

/**
 * One page of an OAI-PMH list: up to `pageSize` entries from `start`, then a look-ahead for one more
 * accepted record, so that a resumptionToken is given only when the list really continues and every
 * page (the harvester's next request included) has at least one record. Records the filter refuses
 * (a format the record cannot be written in) are skipped, and the position stays on
 * the core's keyset cursor, so that paging neither skips nor repeats a record.
 */
export function readListPage<T>(
  search: SearchBackend,
  selection: ListSelection,
  start: ListPosition,
  pageSize: number,
  filter: ListFilter<T>,
  opts?: CallOptions,
): ListPage<T> {
  let result: { returned: number; next?: ListPosition } | undefined;

  /** The position just before the `index`-th record of the core page read from `position`. */
  async function positionBefore(position: ListPosition, index: number): Promise<ListPosition | undefined> {
    if (index === 0) return position;
    const page = await search.search(oaiToSearch(selection, position, index), opts);
    if (page.next !== undefined) return { phase: position.phase, after: page.next };
    // The records after these left the list meanwhile: what follows is the next phase, if any.
    return position.phase === 'collections' ? { phase: 'items' } : undefined;
  }

  async function* entries(): AsyncGenerator<T> {
    let position = start;
    let returned = 0;
    let refused = 0;
    let lookaheads = 0;
    for (;;) {
      // Ask for what the page still needs; once records are refused the list is sparse: read whole pages.
      // The look-ahead reads one record first, which nearly always is accepted.
      const full = returned === pageSize;
      const limit = full ? (lookaheads++ === 0 ? 1 : pageSize) : refused > 0 ? pageSize : pageSize - returned;
      const page = await search.search(oaiToSearch(selection, position, limit), opts);
      for (const [index, record] of page.records.entries()) {
        if (!filter.accepts(record)) {
          refused += 1;
          continue;
        }
        if (returned === pageSize) {
          const next = await positionBefore(position, index);
          result = { returned, ...(next === undefined ? {} : { next }) };
          return;
        }
        const entry = await filter.load(record);
        if (entry === undefined) {
          refused += 1;
          continue;
        }
        returned += 1;
        yield entry;
      }
      if (page.next !== undefined) position = { phase: position.phase, after: page.next };
      else if (position.phase === 'collections') position = { phase: 'items' };
      else {
        result = { returned };
        return;
      }
    }
  }

  return {
    entries: entries(),
    outcome() {
      if (!result) throw new MeridianError('Internal', 'the list page was not read to its end');
      return result;
    },
  };
}
