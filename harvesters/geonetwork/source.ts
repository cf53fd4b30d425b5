import { SOURCE_BASE_PROPERTIES, TARGET_COLLECTION_SCHEMA } from '../../src/core/harvest.js';

/** The `geonetwork` source variant of `config/sources.yaml`: a GeoNetwork 4 catalogue through its search API. */
export const geonetworkSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'url'],
  properties: {
    ...SOURCE_BASE_PROPERTIES,
    kind: { const: 'geonetwork' },
    url: { type: 'string', pattern: '^https?://' },
    pageSize: { type: 'integer', minimum: 1, maximum: 1000 },
    sourceCatalogue: { type: 'string', minLength: 1 },
    reconcile: { type: 'boolean' },
    collection: TARGET_COLLECTION_SCHEMA,
  },
} as const;
