import { MeridianError } from '../../src/core/errors.js';
import type { Checkpoint, GeonetworkSourceConfig, HarvestContext, HarvestedDocument, Harvester } from '../../src/core/harvest.js';
import type { NativeFormat } from '../../src/core/nativeFormat.js';
import { selectFragments } from '../../src/core/xmlFragments.js';
import { recordUrl, searchRecords, type SearchAfter, type SearchHit } from './searchRecords.js';

const ROOTS: Readonly<Record<string, NativeFormat>> = {
  '{http://www.isotc211.org/2005/gmd}MD_Metadata': 'iso19139',
  '{http://www.isotc211.org/2005/gmi}MI_Metadata': 'iso19139',
  '{http://standards.iso.org/iso/19115/-3/mdb/2.0}MD_Metadata': 'iso19115-3',
};

/** The format by the record's root element, else by the standard the index names; the crosswalk judges the rest. */
function formatOf(xml: string, hit: SearchHit): NativeFormat {
  try {
    const { root } = selectFragments(xml, {});
    const format = ROOTS[`{${root.ns}}${root.local}`];
    if (format) return format;
  } catch {
    // Not well-formed: the crosswalk reports it for this record alone.
  }
  return hit.documentStandard?.startsWith('iso19115-3') ? 'iso19115-3' : 'iso19139';
}

/** The record as GeoNetwork stores it, or undefined when it vanished (or was unpublished) since the search. */
async function fetchRecord(source: GeonetworkSourceConfig, hit: SearchHit, ctx: HarvestContext): Promise<string | undefined> {
  const response = await ctx.http.request(
    { url: recordUrl(source, hit.uuid), headers: { accept: 'application/xml' }, acceptStatuses: [403, 404] },
    { signal: ctx.signal },
  );
  if (response.status === 200) return response.text;
  ctx.log.warn({ uuid: hit.uuid, status: response.status }, 'a record of the search is no longer readable: skipped');
  return undefined;
}

/** Where a pass resumes: after the hit whose sort values the checkpoint holds, else from the start. */
function resumeAfter(from: Checkpoint | undefined): SearchAfter | undefined {
  return Array.isArray(from?.searchAfter) ? from.searchAfter : undefined;
}

/**
 * GeoNetwork 4: the Elasticsearch search API (`/srv/api/search/records/_search`) lists the published
 * records, changed since the last pass on incremental runs (`changeDate`), paged with `search_after` in
 * change order so that catalogues of any size are read; each record's XML comes from
 * `/srv/api/records/{uuid}/formatters/xml`, fetched concurrently (the HTTP client bounds it). Deletions:
 * the uuid list is reconciled after complete runs. The checkpoint after a page holds the sort values of
 * its last hit.
 */
export const geonetworkHarvester: Harvester<GeonetworkSourceConfig> = {
  kind: 'geonetwork',
  async *harvest(source: GeonetworkSourceConfig, from, ctx: HarvestContext): AsyncGenerator<HarvestedDocument> {
    if (from?.done === true) return;
    const size = source.pageSize ?? 100;
    let after = resumeAfter(from);
    for (;;) {
      const page = await searchRecords(source, { size, ...(ctx.window.since === undefined ? {} : { since: ctx.window.since }), ...(after === undefined ? {} : { after }) }, ctx);
      const documents = await Promise.all(page.hits.map((hit) => fetchRecord(source, hit, ctx)));
      const checkpoint: Checkpoint = page.next === undefined ? { done: true } : { searchAfter: page.next };
      const found = page.hits.flatMap((hit, i) => {
        const document = documents[i];
        return document === undefined ? [] : [{ hit, document }];
      });
      for (const [i, { hit, document }] of found.entries()) {
        yield {
          nativeId: hit.uuid,
          format: formatOf(document, hit),
          document,
          ...(hit.changeDate === undefined ? {} : { datestamp: hit.changeDate }),
          deleted: false,
          total: page.total,
          ...(i === found.length - 1 ? { checkpoint } : {}),
        };
      }
      if (page.next === undefined) return;
      after = page.next;
    }
  },

  /** Every uuid the catalogue lists now, for the deletion reconciliation; fails rather than end short. */
  async *listIds(source: GeonetworkSourceConfig, ctx: HarvestContext): AsyncGenerator<string> {
    let after: SearchAfter | undefined;
    let listed = 0;
    let total: number | undefined;
    for (;;) {
      const page = await searchRecords(source, { size: 1000, ...(after === undefined ? {} : { after }) }, ctx);
      total ??= page.total;
      listed += page.hits.length;
      for (const hit of page.hits) yield hit.uuid;
      if (page.next === undefined) break;
      after = page.next;
    }
    if (listed < total) throw new MeridianError('UpstreamFailed', `the uuid listing of ${source.url} ended after ${listed} of ${total} records`);
  },
};
