import type { HarvestContext, HarvestedDocument, Harvester, StacApiSourceConfig } from '../../src/core/harvest.js';
import type { JsonObject } from '../../src/core/json.js';
import { stacDocuments, updatedSince, type StacRequest } from './searchPages.js';

const root = (url: string): string => url.replace(/\/+$/, '');

/** The first request: `/search` (GET or POST) or `/collections/{id}/items`, with the run's filters. */
export function firstStacRequest(source: StacApiSourceConfig, since: string | undefined): StacRequest {
  const limit = source.pageSize ?? 100;
  const filter = source.updatedFilter === true && since !== undefined ? updatedSince('updated', since) : undefined;
  if (source.endpoint === 'items' || source.method !== 'POST') {
    const url =
      source.endpoint === 'items'
        ? new URL(`${root(source.url)}/collections/${encodeURIComponent(source.collections?.[0] ?? '')}/items`)
        : new URL(`${root(source.url)}/search`);
    url.searchParams.set('limit', String(limit));
    if (source.endpoint !== 'items' && source.collections) url.searchParams.set('collections', source.collections.join(','));
    if (source.datetime !== undefined) url.searchParams.set('datetime', source.datetime);
    if (filter) {
      url.searchParams.set('filter', JSON.stringify(filter));
      url.searchParams.set('filter-lang', 'cql2-json');
    }
    return { href: url.toString(), method: 'GET' };
  }
  const body: JsonObject = {
    limit,
    ...(source.collections ? { collections: [...source.collections] } : {}),
    ...(source.datetime === undefined ? {} : { datetime: source.datetime }),
    ...(filter ? { filter, 'filter-lang': 'cql2-json' } : {}),
  };
  return { href: `${root(source.url)}/search`, method: 'POST', body };
}

/**
 * Generic STAC API: items from `/search` or `/collections/{id}/items`, paged by `next` links (GET, or
 * POST with a body). Incremental runs filter on `updated` when the server supports it (`updatedFilter`);
 * otherwise they read everything again, and the content hash keeps unchanged records untouched.
 */
export const stacApiHarvester: Harvester<StacApiSourceConfig> = {
  kind: 'stac-api',
  harvest(source: StacApiSourceConfig, from, ctx: HarvestContext): AsyncIterable<HarvestedDocument> {
    return stacDocuments(firstStacRequest(source, ctx.window.since), from, 'stac', ctx);
  },
};
