import { MeridianError } from '../../src/core/errors.js';
import type { GeonetworkSourceConfig, HarvestContext } from '../../src/core/harvest.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/core/json.js';

export interface SearchHit {
  readonly uuid: string;
  readonly documentStandard?: string;
  readonly changeDate?: string;
}

/** The sort values of a hit (`[changeDate, uuid]`), as Elasticsearch returns them: where the next page starts. */
export type SearchAfter = readonly JsonValue[];

export interface SearchPage {
  readonly total: number;
  readonly hits: readonly SearchHit[];
  /** The sort values of the page's last hit when the page is full; undefined on the last page. */
  readonly next?: SearchAfter;
}

export interface SearchWindow {
  readonly size: number;
  /** Only records changed at or after this instant. */
  readonly since?: string;
  /** Only hits after this one in the sort order. */
  readonly after?: SearchAfter;
}

/**
 * Oldest change first, the uuid (a keyword with doc values, unique among published records) breaking
 * ties: Elasticsearch's `search_after` pages through any number of hits this way, where from/size stops
 * at `max_result_window` (10,000 by default). A record changed during the pass moves ahead of the cursor
 * and is read again; none moves behind it, so none is skipped. GeoNetwork's proxy only adds its
 * privilege filter to `query` and passes `sort` and `search_after` on (api/es/EsHTTPProxy.java).
 */
const SORT: readonly JsonObject[] = [{ changeDate: { order: 'asc' } }, { uuid: { order: 'asc' } }];

const base = (source: GeonetworkSourceConfig): string => source.url.replace(/\/+$/, '');

/**
 * The search GeoNetwork's own GN→GN harvester sends (harvesters geonet/v4): published records only
 * (`isTemplate: n`), no feature catalogues, optionally one source catalogue, changed since `since`;
 * sorted for `search_after` paging rather than by score.
 */
export function searchBody(source: GeonetworkSourceConfig, window: SearchWindow): JsonObject {
  const must: JsonObject[] = [{ terms: { isTemplate: ['n'] } }];
  if (source.sourceCatalogue !== undefined) must.push({ term: { sourceCatalogue: source.sourceCatalogue } });
  if (window.since !== undefined) must.push({ range: { changeDate: { gte: new Date(window.since).toISOString() } } });
  return {
    size: window.size,
    sort: SORT,
    ...(window.after === undefined ? {} : { search_after: window.after }),
    query: { bool: { must, must_not: [{ terms: { resourceType: ['featureCatalog'] } }] } },
    _source: { includes: ['uuid', 'documentStandard', 'changeDate', 'dateStamp'] },
    track_total_hits: true,
  };
}

/** Reads one answer of the search API; `size` is the page size asked for, telling a full page from the last one. */
export function readSearchPage(text: string, size: number): SearchPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MeridianError('UpstreamFailed', `the GeoNetwork search answer is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const hits = isJsonObject(parsed) && isJsonObject(parsed.hits) ? parsed.hits : undefined;
  const total = hits && isJsonObject(hits.total) ? hits.total.value : hits?.total;
  if (!hits || typeof total !== 'number' || !Array.isArray(hits.hits)) {
    throw new MeridianError('UpstreamFailed', 'the GeoNetwork search answer is not an Elasticsearch response');
  }
  const raw = hits.hits.filter(isJsonObject);
  return {
    total,
    hits: raw.flatMap((hit) => {
      const doc = isJsonObject(hit._source) ? hit._source : {};
      const uuid = typeof doc.uuid === 'string' ? doc.uuid : typeof hit._id === 'string' ? hit._id : undefined;
      if (uuid === undefined) return [];
      return [
        {
          uuid,
          ...(typeof doc.documentStandard === 'string' ? { documentStandard: doc.documentStandard } : {}),
          ...(typeof doc.changeDate === 'string' ? { changeDate: doc.changeDate } : {}),
        },
      ];
    }),
    ...(raw.length < size ? {} : { next: sortValues(raw[raw.length - 1]) }),
  };
}

function sortValues(hit: JsonObject | undefined): SearchAfter {
  const values = hit?.sort;
  if (!Array.isArray(values) || values.length !== SORT.length) {
    throw new MeridianError('UpstreamFailed', 'the GeoNetwork search answer gives no sort values to page on with search_after');
  }
  return values;
}

export async function searchRecords(source: GeonetworkSourceConfig, window: SearchWindow, ctx: HarvestContext): Promise<SearchPage> {
  const response = await ctx.http.request(
    {
      url: `${base(source)}/srv/api/search/records/_search`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(searchBody(source, window)),
    },
    { signal: ctx.signal },
  );
  return readSearchPage(response.text, window.size);
}

export function recordUrl(source: GeonetworkSourceConfig, uuid: string): string {
  return `${base(source)}/srv/api/records/${encodeURIComponent(uuid)}/formatters/xml`;
}
