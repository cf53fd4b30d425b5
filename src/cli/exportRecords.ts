import type { Writable } from 'node:stream';
import type { SearchBackend } from '../search/backend.js';
import type { SearchRequest } from '../search/request.js';

const PAGE = 1000;

/** Writes one NDJSON line per record of a search, paging by keyset so that memory stays flat. */
async function writeAll(search: SearchBackend, request: SearchRequest, out: Writable): Promise<number> {
  let written = 0;
  let after: string | undefined;
  do {
    const page = await search.search({ ...request, limit: PAGE, count: false, ...(after ? { page: { after } } : {}) });
    for (const record of page.records) {
      if (!out.write(`${JSON.stringify(record.doc)}\n`)) await new Promise((resolve) => out.once('drain', resolve));
      written++;
    }
    after = page.next;
  } while (after);
  return written;
}

/**
 * Exports collections then their items as NDJSON, the format `meridian import` reads back:
 * an export imported into an empty catalogue gives the same records.
 */
export async function exportRecords(search: SearchBackend, out: Writable, collections?: readonly string[]): Promise<number> {
  const scope = collections?.length ? { collections } : {};
  const sortById = [{ field: 'id', direction: 'asc' as const }];
  let count = await writeAll(search, { target: 'collections', limit: PAGE, sortby: sortById, ...scope }, out);
  count += await writeAll(search, { target: 'items', limit: PAGE, sortby: [{ field: 'collection', direction: 'asc' }, ...sortById], ...scope }, out);
  return count;
}
