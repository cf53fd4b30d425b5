import { MeridianError } from '../../src/core/errors.js';
import type { CswSourceConfig, HarvestContext, HarvestedDocument, Harvester } from '../../src/core/harvest.js';
import { getRecordsRequest, readGetRecordsPage } from './getRecords.js';

/**
 * Generic CSW 2.0.2 (GeoNetwork, pycsw, AERIS): GetRecords POST, full ISO 19139 / 19115-3 or csw:Record,
 * paged by startPosition and `nextRecord`, with a `Modified >= since` filter on incremental runs. The
 * checkpoint after a page is the next start position (0: done). CSW signals no deletions.
 */
export const cswHarvester: Harvester<CswSourceConfig> = {
  kind: 'csw',
  async *harvest(source: CswSourceConfig, from, ctx: HarvestContext): AsyncGenerator<HarvestedDocument> {
    let start = typeof from?.next === 'number' ? from.next : 1;
    while (start > 0) {
      const response = await ctx.http.request(
        {
          url: source.url,
          method: 'POST',
          headers: { 'content-type': 'application/xml', accept: 'application/xml' },
          body: getRecordsRequest(source, start, ctx.window.since),
        },
        { signal: ctx.signal },
      );
      const page = readGetRecordsPage(response.text);
      const done = page.nextRecord === 0 || page.nextRecord > page.matched || page.records.length === 0;
      if (!done && page.nextRecord <= start) {
        throw new MeridianError('UpstreamFailed', `the CSW server at ${source.url} does not advance (nextRecord ${page.nextRecord} after ${start})`);
      }
      const next = done ? 0 : page.nextRecord;
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
};
