import { cswSourceSchema } from '../csw/source.js';

/** The `aeris` source variant of `config/sources.yaml`: the CSW settings, plus the REST API's. */
export const aerisSourceSchema = {
  ...cswSourceSchema,
  properties: {
    ...cswSourceSchema.properties,
    kind: { const: 'aeris' },
    api: { type: 'string', pattern: '^https?://' },
    project: { type: 'string' },
    enrich: { type: 'boolean' },
  },
} as const;
