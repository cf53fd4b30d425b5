import { MeridianError } from '../../src/core/errors.js';
import type { HarvestContext, HarvestedDocument, Harvester, OaiPmhSourceConfig } from '../../src/core/harvest.js';
import type { NativeFormat } from '../../src/core/nativeFormat.js';
import { readListRecordsPage } from './listRecordsPage.js';

/** The format a metadataPrefix usually carries, for records whose root element says nothing known. */
const PREFIX_FORMATS: Readonly<Record<string, NativeFormat>> = {
  iso19139: 'iso19139',
  'iso19115-3': 'iso19115-3',
  oai_dc: 'dublin-core',
  oai_datacite: 'datacite-xml',
  datacite: 'datacite-xml',
};

/** An RFC 3339 time in the repository's granularity; `from` is inclusive, so rounding down loses nothing. */
function oaiDate(time: string, granularity: OaiPmhSourceConfig['granularity']): string {
  const iso = new Date(time).toISOString();
  return granularity === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

function listUrl(source: OaiPmhSourceConfig, since: string | undefined): string {
  const url = new URL(source.url);
  url.searchParams.set('verb', 'ListRecords');
  url.searchParams.set('metadataPrefix', source.metadataPrefix);
  if (since !== undefined) url.searchParams.set('from', oaiDate(since, source.granularity));
  if (source.set !== undefined) url.searchParams.set('set', source.set);
  return url.toString();
}

function tokenUrl(source: OaiPmhSourceConfig, token: string): string {
  const url = new URL(source.url);
  url.searchParams.set('verb', 'ListRecords');
  url.searchParams.set('resumptionToken', token);
  return url.toString();
}

/**
 * Generic OAI-PMH: ListRecords with `from` (incremental runs) and `set`, paged by resumption tokens.
 * Deleted headers become deletions; `noRecordsMatch` is an empty harvest. The checkpoint after a page is
 * its resumption token; a token the repository no longer accepts on resumption restarts the list.
 */
export const oaiPmhHarvester: Harvester<OaiPmhSourceConfig> = {
  kind: 'oai-pmh',
  async *harvest(source: OaiPmhSourceConfig, from, ctx: HarvestContext): AsyncGenerator<HarvestedDocument> {
    if (from !== undefined && from.token === null) return;
    let token = typeof from?.token === 'string' ? from.token : undefined;
    let resuming = token !== undefined;
    for (;;) {
      const url = token === undefined ? listUrl(source, ctx.window.since) : tokenUrl(source, token);
      const response = await ctx.http.request({ url, headers: { accept: 'text/xml, application/xml' } }, { signal: ctx.signal });
      const page = readListRecordsPage(response.text);
      if (page.error) {
        if (page.error.code === 'noRecordsMatch') return;
        if (page.error.code === 'badResumptionToken' && resuming) {
          ctx.log.warn({ token }, 'the repository no longer accepts the stored resumption token: restarting the list');
          token = undefined;
          resuming = false;
          continue;
        }
        // An expired token is worth a retry (from the checkpoint); anything else is a configuration problem.
        const code = page.error.code === 'badResumptionToken' ? 'UpstreamFailed' : 'InvalidParameter';
        throw new MeridianError(code, `OAI-PMH error ${page.error.code} from ${source.url}: ${page.error.message}`);
      }
      resuming = false;
      const records = page.records.filter((r) => r.identifier !== '');
      if (records.length < page.records.length) ctx.log.warn({ url }, 'records without an identifier were skipped');
      const checkpoint = { token: page.token ?? null };
      for (const [i, record] of records.entries()) {
        yield {
          nativeId: record.identifier,
          format: record.metadata?.format ?? PREFIX_FORMATS[source.metadataPrefix] ?? 'iso19139',
          document: record.metadata?.text ?? '',
          ...(record.datestamp === undefined ? {} : { datestamp: record.datestamp }),
          deleted: record.deleted,
          ...(i === records.length - 1 ? { checkpoint } : {}),
          ...(page.completeListSize === undefined ? {} : { total: page.completeListSize }),
        };
      }
      if (page.token === undefined) return;
      token = page.token;
    }
  },
};
