import { FACETS_SCHEMA, SOURCE_BASE_PROPERTIES, TARGET_COLLECTION_SCHEMA } from '../../src/core/harvest.js';

/** The `esgf` source variant of `config/sources.yaml`: one esg-search index node. */
export const esgfSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'url', 'collection'],
  properties: {
    ...SOURCE_BASE_PROPERTIES,
    kind: { const: 'esgf' },
    url: { type: 'string', pattern: '^https?://' },
    facets: FACETS_SCHEMA,
    pageSize: { type: 'integer', minimum: 1, maximum: 10000 },
    files: { type: 'boolean' },
    start: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$' },
    maxWindowRecords: { type: 'integer', minimum: 1 },
    reconcile: { type: 'boolean' },
    collection: TARGET_COLLECTION_SCHEMA,
  },
} as const;
