import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sharedPath } from './shared.js';

const CORE = {
  '1.0.0': 'https://schemas.stacspec.org/v1.0.0',
  '1.1.0': 'https://schemas.stacspec.org/v1.1.0',
} as const;

let ajv: Ajv | undefined;

/** One Ajv with every offline STAC schema of ../shared/schemas/stac preloaded under its canonical URL. */
function stacAjv(): Ajv {
  if (ajv) return ajv;
  const instance = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(instance);
  instance.addFormat('iri', true);
  instance.addFormat('iri-reference', true);
  const catalog = JSON.parse(readFileSync(sharedPath('schemas/stac/catalog.json'), 'utf8')) as Record<string, string>;
  for (const [url, file] of Object.entries(catalog)) {
    if (url === 'http://json-schema.org/draft-07/schema') continue;
    const schema = JSON.parse(readFileSync(sharedPath('schemas/stac', file), 'utf8')) as Record<string, unknown>;
    delete schema.$id;
    instance.addSchema(schema, url);
  }
  ajv = instance;
  return instance;
}

function validator(url: string): ValidateFunction {
  const found = stacAjv().getSchema(url);
  if (!found) throw new Error(`no offline schema for ${url}`);
  return found;
}

/**
 * Validates a STAC Item or Collection against its core schema and every extension schema it declares.
 * Returns the list of problems (empty when valid).
 */
export function validateStac(doc: Record<string, unknown>): string[] {
  const version = doc.stac_version === '1.0.0' ? '1.0.0' : '1.1.0';
  const core =
    doc.type === 'Feature'
      ? `${CORE[version]}/item-spec/json-schema/item.json`
      : doc.type === 'Collection'
        ? `${CORE[version]}/collection-spec/json-schema/collection.json`
        : `${CORE[version]}/catalog-spec/json-schema/catalog.json`;
  const schemas = [core, ...((doc.stac_extensions as string[] | undefined) ?? [])];
  const problems: string[] = [];
  for (const url of schemas) {
    const validate = validator(url);
    if (!validate(doc)) problems.push(...(validate.errors ?? []).map((e: ErrorObject) => `${url} ${e.instancePath} ${e.message}`));
  }
  return problems;
}
