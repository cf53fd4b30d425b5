import type { Cmip6Values } from '../../../../crosswalks/esgf/cmip6Extension.js';
import { readShared } from '../../../support/shared.js';

interface FieldSchema {
  readonly enum?: readonly string[];
  readonly items?: { readonly enum?: readonly string[] };
}

/** The allowed values of every enumerated cmip6 v3.0.2 item field, read from the offline schema. */
export function cmip6ValuesFromSchema(): Cmip6Values {
  const schema = JSON.parse(readShared('schemas/stac/stac-extensions.github.io/cmip6/v3.0.2/schema.json')) as {
    definitions: { item_fields: { properties: Record<string, FieldSchema> } };
  };
  const values: Record<string, ReadonlySet<string>> = {};
  for (const [field, spec] of Object.entries(schema.definitions.item_fields.properties)) {
    const list = spec.enum ?? spec.items?.enum;
    if (list) values[field] = new Set(list);
  }
  return values;
}
