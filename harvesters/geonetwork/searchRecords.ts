import { MeridianError } from '../../src/core/errors.js';
import type { GeonetworkSourceConfig, HarvestContext } from '../../src/core/harvest.js';
import { isJsonObject, type JsonObject } from '../../src/core/json.js';

/** Elasticsearch pages through at most this many hits with from/size (`max_result_window`). */
const MAX_RESULT_WINDOW = 10_000;

export interface SearchHit {
  readonly uuid: string;
  readonly documentStandard?: string;
  readonly changeDate?: string;
}

export interface SearchPage {
  readonly total: number;
  readonly hits: readonly SearchHit[];
}

const base = (source: GeonetworkSourceConfig): string => source.url.replace(/\/+$/, '');

/**
 * The search GeoNetwork's own GN→GN harvester sends (harvesters geonet/v4): published records only
 * (`isTemplate: n`), no feature catalogues, optionally one source catalogue, changed since `since`.
 */
export function searchBody(source: GeonetworkSourceConfig, from: number, size: number, since: string | undefined): JsonObject {
  const must: JsonObject[] = [{ terms: { isTemplate: ['n'] } }];
  if (source.sourceCatalogue !== undefined) must.push({ term: { sourceCatalogue: source.sourceCatalogue } });
  if (since !== undefined) must.push({ range: { changeDate: { gte: new Date(since).toISOString() } } });
  return {
    from,
    size,
    sort: ['_score'],
    query: { bool: { must, must_not: [{ terms: { resourceType: ['featureCatalog'] } }] } },
    _source: { includes: ['uuid', 'documentStandard', 'changeDate', 'dateStamp'] },
    track_total_hits: true,
  };
}

export function readSearchPage(text: string): SearchPage {
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
  return {
    total,
    hits: hits.hits.filter(isJsonObject).flatMap((hit) => {
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
  };
}

export async function searchRecords(source: GeonetworkSourceConfig, from: number, size: number, since: string | undefined, ctx: HarvestContext): Promise<SearchPage> {
  const response = await ctx.http.request(
    {
      url: `${base(source)}/srv/api/search/records/_search`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(searchBody(source, from, size, since)),
    },
    { signal: ctx.signal },
  );
  const page = readSearchPage(response.text);
  if (page.total > MAX_RESULT_WINDOW) {
    throw new MeridianError(
      'InvalidParameter',
      `${source.url} has ${page.total} records to harvest, more than its search API pages through (${MAX_RESULT_WINDOW}): harvest it over CSW`,
    );
  }
  return page;
}

export function recordUrl(source: GeonetworkSourceConfig, uuid: string): string {
  return `${base(source)}/srv/api/records/${encodeURIComponent(uuid)}/formatters/xml`;
}
