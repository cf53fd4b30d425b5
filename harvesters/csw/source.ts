import { SOURCE_BASE_PROPERTIES, TARGET_COLLECTION_SCHEMA } from '../../src/core/harvest.js';

/** The `csw` source variant of `config/sources.yaml` (GeoNetwork, pycsw, AERIS and any CSW 2.0.2 server). */
export const cswSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'url'],
  properties: {
    ...SOURCE_BASE_PROPERTIES,
    kind: { const: 'csw' },
    url: { type: 'string', pattern: '^https?://' },
    outputSchema: { enum: ['iso19139', 'iso19115-3', 'csw-record'] },
    pageSize: { type: 'integer', minimum: 1, maximum: 1000 },
    modifiedProperty: { type: 'string', pattern: '^[A-Za-z_][\\w.-]*:[A-Za-z_][\\w.-]*$' },
    reconcile: { type: 'boolean' },
    collection: TARGET_COLLECTION_SCHEMA,
  },
} as const;
