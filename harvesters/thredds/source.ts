import { SOURCE_BASE_PROPERTIES, TARGET_COLLECTION_SCHEMA } from '../../src/core/harvest.js';

/** The `thredds` source variant of `config/sources.yaml`: a THREDDS catalog tree, crawled from its root. */
export const threddsSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'url', 'collection'],
  properties: {
    ...SOURCE_BASE_PROPERTIES,
    kind: { const: 'thredds' },
    url: { type: 'string', pattern: '^https?://' },
    maxDepth: { type: 'integer', minimum: 0, maximum: 100 },
    maxCatalogs: { type: 'integer', minimum: 1 },
    collection: TARGET_COLLECTION_SCHEMA,
  },
} as const;
