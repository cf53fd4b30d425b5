import { FACETS_SCHEMA, SOURCE_BASE_PROPERTIES, TARGET_COLLECTION_SCHEMA } from '../../src/core/harvest.js';

/** The `stac-api` source variant of `config/sources.yaml`. */
export const stacApiSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'url', 'collection'],
  properties: {
    ...SOURCE_BASE_PROPERTIES,
    kind: { const: 'stac-api' },
    url: { type: 'string', pattern: '^https?://' },
    collections: { type: 'array', items: { type: 'string' }, minItems: 1 },
    endpoint: { enum: ['search', 'items'] },
    method: { enum: ['GET', 'POST'] },
    pageSize: { type: 'integer', minimum: 1, maximum: 10000 },
    datetime: { type: 'string' },
    updatedFilter: { type: 'boolean' },
    collection: TARGET_COLLECTION_SCHEMA,
  },
  // /collections/{id}/items reads exactly one collection.
  if: { required: ['endpoint'], properties: { endpoint: { const: 'items' } } },
  then: { type: 'object', required: ['collections'], properties: { collections: { type: 'array', maxItems: 1 } } },
} as const;

/** The `esgf-ng` source variant: an ESGF-NG STAC API searched with CQL2 filters on cmip6 facets. */
export const esgfNgSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'url', 'collection'],
  properties: {
    ...SOURCE_BASE_PROPERTIES,
    kind: { const: 'esgf-ng' },
    url: { type: 'string', pattern: '^https?://' },
    upstreamCollection: { type: 'string', minLength: 1 },
    facets: FACETS_SCHEMA,
    pageSize: { type: 'integer', minimum: 1, maximum: 10000 },
    updatedFilter: { type: 'boolean' },
    collection: TARGET_COLLECTION_SCHEMA,
  },
} as const;
