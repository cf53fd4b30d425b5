import { SOURCE_BASE_PROPERTIES, TARGET_COLLECTION_SCHEMA } from '../../src/core/harvest.js';

/** The `oai-pmh` source variant of `config/sources.yaml`. */
export const oaiPmhSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'url', 'metadataPrefix'],
  properties: {
    ...SOURCE_BASE_PROPERTIES,
    kind: { const: 'oai-pmh' },
    url: { type: 'string', pattern: '^https?://' },
    metadataPrefix: { type: 'string', minLength: 1 },
    set: { type: 'string', minLength: 1 },
    granularity: { enum: ['day', 'second'] },
    collection: TARGET_COLLECTION_SCHEMA,
  },
} as const;
