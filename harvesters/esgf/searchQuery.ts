import { MeridianError } from '../../src/core/errors.js';
import type { EsgfSourceConfig, HarvestContext } from '../../src/core/harvest.js';
import { isJsonObject, type JsonObject } from '../../src/core/json.js';

export interface SolrPage {
  readonly numFound: number;
  readonly docs: readonly JsonObject[];
}

/**
 * An esg-search request on this index node only (`distrib=false`: a federated search would return every
 * copy from every node and fail with the slowest shard), in Solr JSON.
 */
export function searchUrl(source: EsgfSourceConfig, params: Readonly<Record<string, string>>, opts: { readonly facets: boolean }): string {
  const url = new URL(source.url);
  url.searchParams.set('format', 'application/solr+json');
  url.searchParams.set('distrib', 'false');
  if (opts.facets) {
    for (const [facet, values] of Object.entries(source.facets ?? {})) {
      url.searchParams.set(facet, typeof values === 'string' ? values : values.join(','));
    }
  }
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

export function readSolrPage(text: string, url: string): SolrPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MeridianError('UpstreamFailed', `the esg-search response of ${url} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const response = isJsonObject(parsed) ? parsed.response : undefined;
  if (!isJsonObject(response) || typeof response.numFound !== 'number' || !Array.isArray(response.docs)) {
    throw new MeridianError('UpstreamFailed', `the esg-search response of ${url} is not a Solr response`);
  }
  return { numFound: response.numFound, docs: response.docs.filter(isJsonObject) };
}

export async function fetchSolrPage(url: string, ctx: HarvestContext): Promise<SolrPage> {
  const response = await ctx.http.request({ url, headers: { accept: 'application/json' } }, { signal: ctx.signal });
  return readSolrPage(response.text, url);
}

/** Every document matching a query, following offset/limit to the end. */
export async function fetchAll(
  source: EsgfSourceConfig,
  params: Readonly<Record<string, string>>,
  ctx: HarvestContext,
): Promise<JsonObject[]> {
  const limit = 1000;
  const docs: JsonObject[] = [];
  for (let offset = 0; ; ) {
    const page = await fetchSolrPage(searchUrl(source, { ...params, offset: String(offset), limit: String(limit) }, { facets: false }), ctx);
    docs.push(...page.docs);
    offset += page.docs.length;
    if (page.docs.length === 0 || offset >= page.numFound) return docs;
  }
}

/** The versioned dataset id of a Dataset or File document (`instance_id`, else `id` without `|data_node`). */
export function instanceIdOf(doc: JsonObject): string | undefined {
  if (typeof doc.instance_id === 'string' && doc.type !== 'File') return doc.instance_id;
  const id = doc.type === 'File' ? doc.dataset_id : doc.id;
  return typeof id === 'string' ? id.split('|')[0] : undefined;
}
