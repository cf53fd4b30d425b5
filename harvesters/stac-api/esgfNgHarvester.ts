import type { EsgfNgSourceConfig, HarvestContext, HarvestedDocument, Harvester } from '../../src/core/harvest.js';
import type { JsonObject } from '../../src/core/json.js';
import { stacDocuments, updatedSince, type StacRequest } from './searchPages.js';

/** A facet as a queryable: bare names are cmip6 facets (`institution_id` → `properties.cmip6:institution_id`). */
const facetProperty = (facet: string): string => `properties.${facet.includes(':') ? facet : `cmip6:${facet}`}`;

/** The POST /search of an ESGF-NG STAC API: one CQL2 `in` per facet, AND-ed (as intake-esgf searches). */
export function esgfNgRequest(source: EsgfNgSourceConfig, since: string | undefined): StacRequest {
  const clauses: JsonObject[] = Object.entries(source.facets ?? {}).map(([facet, values]) => ({
    op: 'in',
    args: [{ property: facetProperty(facet) }, typeof values === 'string' ? [values] : [...values]],
  }));
  if (source.updatedFilter === true && since !== undefined) clauses.push(updatedSince('properties.updated', since));
  const filter = clauses.length === 0 ? undefined : clauses.length === 1 ? clauses[0] : { op: 'and', args: clauses };
  const body: JsonObject = {
    collections: [source.upstreamCollection ?? 'CMIP6'],
    limit: source.pageSize ?? 100,
    ...(filter ? { filter, 'filter-lang': 'cql2-json' } : {}),
  };
  return { href: `${source.url.replace(/\/+$/, '')}/search`, method: 'POST', body };
}

/**
 * ESGF-NG (ESGF 2.0) STAC: the STAC API harvester with CQL2 filters on cmip6 facets. Items are dataset
 * versions; `latest` and `retracted` stay item properties, so retractions are updates, not deletions.
 */
export const esgfNgHarvester: Harvester<EsgfNgSourceConfig> = {
  kind: 'esgf-ng',
  harvest(source: EsgfNgSourceConfig, from, ctx: HarvestContext): AsyncIterable<HarvestedDocument> {
    return stacDocuments(esgfNgRequest(source, ctx.window.since), from, 'esgf-stac', ctx);
  },
};
