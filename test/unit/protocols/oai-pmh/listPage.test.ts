import { describe, expect, it } from 'vitest';
import type { RecordEnvelope, SearchBackend, SearchPage } from '../../../../src/search/backend.js';
import type { SearchRequest } from '../../../../src/search/request.js';
import { readListPage, type ListFilter } from '../../../../src/protocols/oai-pmh/listPage.js';
import type { ListPosition } from '../../../../src/protocols/oai-pmh/toSearch.js';
import { makeCollection } from '../../../support/stacFactory.js';

/** A search core over fixed lists: cursors are positions, and every request is recorded. */
function fakeSearch(collections: readonly string[], items: readonly string[]): SearchBackend & { readonly requests: SearchRequest[] } {
  const requests: SearchRequest[] = [];
  const envelope = (id: string): RecordEnvelope => ({ kind: 'collection', collectionId: '', id, doc: makeCollection(id), datestamp: '2026-01-01T00:00:00.000Z', deleted: false });
  return {
    requests,
    capabilities: { filterOperators: new Set() },
    async search(req): Promise<SearchPage> {
      requests.push(req);
      const ids = req.target === 'collections' ? collections : items;
      const start = req.page && 'after' in req.page ? Number(req.page.after) + 1 : 0;
      const rows = ids.slice(start, start + req.limit);
      const more = start + req.limit < ids.length;
      return { records: rows.map(envelope), ...(more && rows.length > 0 ? { next: String(start + rows.length - 1) } : {}) };
    },
    async aggregate() {
      return [];
    },
  };
}

const accept = (refused: ReadonlySet<string> = new Set()): ListFilter<string> => ({
  accepts: (r) => !refused.has(r.id),
  load: async (r) => r.id,
});

async function read(search: SearchBackend, start: ListPosition, pageSize: number, filter: ListFilter<string>) {
  const page = readListPage(search, { until: '2026-01-02T00:00:00Z', set: {} }, start, pageSize, filter);
  const entries: string[] = [];
  for await (const entry of page.entries) entries.push(entry);
  return { entries, ...page.outcome() };
}

/** Every page of a list, each read from where the previous one said the list continues. */
async function readAll(search: SearchBackend, pageSize: number, filter: ListFilter<string>) {
  const pages: string[][] = [];
  let position: ListPosition | undefined = { phase: 'collections' };
  while (position) {
    const { entries, next } = await read(search, position, pageSize, filter);
    pages.push(entries);
    position = next;
  }
  return pages;
}

describe('list pages', () => {
  it('read collections then items, and continue only when a record follows', async () => {
    const search = fakeSearch(['c1', 'c2'], ['a', 'b', 'c', 'd', 'e']);
    expect(await readAll(search, 3, accept())).toEqual([['c1', 'c2', 'a'], ['b', 'c', 'd'], ['e']]);
    const exact = fakeSearch(['c1'], ['a', 'b']);
    expect(await readAll(exact, 3, accept())).toEqual([['c1', 'a', 'b']]);
  });

  it('skip refused records without leaving empty pages, and continue right before the next accepted one', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const refused = new Set(ids.filter((_, i) => i % 5 !== 0));
    const search = fakeSearch([], ids);
    expect(await readAll(search, 2, accept(refused))).toEqual([['r0', 'r5'], ['r10', 'r15']]);
    const none = await read(fakeSearch(['x'], ['y']), { phase: 'collections' }, 5, accept(new Set(['x', 'y'])));
    expect(none).toEqual({ entries: [], returned: 0 });
  });

  it('ask the core for what a page needs plus a one-record look-ahead', async () => {
    const search = fakeSearch([], ['a', 'b', 'c', 'd', 'e', 'f']);
    const { entries, next } = await read(search, { phase: 'items' }, 3, accept());
    expect(entries).toEqual(['a', 'b', 'c']);
    expect(next).toEqual({ phase: 'items', after: '2' });
    expect(search.requests.map((r) => r.limit)).toEqual([3, 1]);
    expect(search.requests[0]).toMatchObject({ target: 'items', includeDeleted: true, sortby: [{ field: 'meridian:datestamp', direction: 'asc' }], changed: { end: '2026-01-02T00:00:00Z' } });
  });
});
