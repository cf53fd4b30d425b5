import { MeridianError } from '../../src/core/errors.js';
import type { CswSourceConfig, HarvestContext, HarvestedDocument, Harvester } from '../../src/core/harvest.js';
import { getRecordsRequest, readGetRecordsPage, type CswPage } from './getRecords.js';

async function getRecords(source: CswSourceConfig, body: string, ctx: HarvestContext): Promise<CswPage> {
  const response = await ctx.http.request(
    { url: source.url, method: 'POST', headers: { 'content-type': 'application/xml', accept: 'application/xml' }, body },
    { signal: ctx.signal },
  );
  return readGetRecordsPage(response.text);
}

/** The next start position after a page (0: done), refusing a server that does not advance. */
function nextStart(source: CswSourceConfig, page: CswPage, start: number): number {
  if (page.nextRecord === 0 || page.nextRecord > page.matched || page.records.length === 0) return 0;
  if (page.nextRecord <= start) {
    throw new MeridianError('UpstreamFailed', `the CSW server at ${source.url} does not advance (nextRecord ${page.nextRecord} after ${start})`);
  }
  return page.nextRecord;
}

/**
 * Generic CSW 2.0.2 (GeoNetwork, pycsw, AERIS): GetRecords POST, full ISO 19139 / 19115-3 or csw:Record,
 * paged by startPosition and `nextRecord`, with a `Modified >= since` filter on incremental runs. The
 * checkpoint after a page is the next start position (0: done). CSW signals no deletions: the identifier
 * list (brief records) is reconciled after complete runs. Page N+1 is requested before the records of
 * page N are handed over.
 */
export const cswHarvester: Harvester<CswSourceConfig> = {
  kind: 'csw',
  async *harvest(source: CswSourceConfig, from, ctx: HarvestContext): AsyncGenerator<HarvestedDocument> {
    const fetchPage = (at: number): Promise<CswPage> => {
      const pending = getRecords(source, getRecordsRequest(source, at, ctx.window.since), ctx);
      // Awaited below unless the run stops first; a failure then is not unhandled.
      pending.catch(() => undefined);
      return pending;
    };
    let start = typeof from?.next === 'number' ? from.next : 1;
    let pending = start > 0 ? fetchPage(start) : undefined;
    while (pending !== undefined) {
      const page = await pending;
      const next = nextStart(source, page, start);
      // The next page downloads while this one is stored.
      pending = next > 0 ? fetchPage(next) : undefined;
      for (const [i, record] of page.records.entries()) {
        yield {
          // A record without an identifier still goes to the runner, which reports it.
          nativeId: record.nativeId ?? `(record ${start + i} without an identifier)`,
          format: record.format,
          document: record.text,
          ...(record.datestamp === undefined ? {} : { datestamp: record.datestamp }),
          deleted: false,
          total: page.matched,
          ...(i === page.records.length - 1 ? { checkpoint: { next } } : {}),
        };
      }
      start = next;
    }
  },

  /** Every identifier the server lists now, from brief records; fails rather than end short. */
  async *listIds(source: CswSourceConfig, ctx: HarvestContext): AsyncGenerator<string> {
    let expected: number | undefined;
    let listed = 0;
    for (let start = 1; start > 0; ) {
      const page = await getRecords(source, getRecordsRequest(source, start, undefined, { elementSet: 'brief', maxRecords: 500 }), ctx);
      expected ??= page.matched;
      for (const record of page.records) {
        if (record.nativeId === undefined) continue;
        listed++;
        yield record.nativeId;
      }
      start = nextStart(source, page, start);
    }
    if (listed < (expected ?? 0)) {
      throw new MeridianError('UpstreamFailed', `the identifier listing of ${source.url} ended after ${listed} of ${expected} records`);
    }
  },
};
