import { Ajv, type ErrorObject } from 'ajv';
import type { StacRecord } from './stac.js';

/**
 * The structural checks every record passes before it is stored: what the STAC core schemas require
 * of an Item or a Collection and what the store relies on (an id usable in a URL, a time for items).
 * Extension schemas are not fetched at run time; the test suite validates against the full schemas.
 */
// Slashes are allowed (THREDDS dataset ids have them): URLs carry ids percent-encoded.
const ID = { type: 'string', minLength: 1, maxLength: 1024, pattern: '^[^\\\\?#\\u0000-\\u001f]+$' };
const LINK = { type: 'object', required: ['href', 'rel'], properties: { href: { type: 'string' }, rel: { type: 'string' } } };
const BBOX = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 6 };
const DATETIME = { type: ['string', 'null'], format: 'date-time' };

const itemSchema = {
  type: 'object',
  required: ['type', 'stac_version', 'id', 'geometry', 'properties', 'links', 'assets'],
  properties: {
    type: { const: 'Feature' },
    stac_version: { type: 'string' },
    stac_extensions: { type: 'array', items: { type: 'string' } },
    id: ID,
    collection: ID,
    geometry: {
      oneOf: [
        { type: 'null' },
        { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
      ],
    },
    bbox: BBOX,
    properties: {
      type: 'object',
      required: ['datetime'],
      properties: { datetime: DATETIME, start_datetime: DATETIME, end_datetime: DATETIME },
      if: { required: ['datetime'], properties: { datetime: { type: 'null' } } },
      then: { required: ['start_datetime', 'end_datetime'] },
    },
    links: { type: 'array', items: LINK },
    assets: { type: 'object', additionalProperties: { type: 'object', required: ['href'] } },
  },
  if: { properties: { geometry: { type: 'object' } } },
  then: { required: ['bbox'] },
};

const collectionSchema = {
  type: 'object',
  required: ['type', 'stac_version', 'id', 'description', 'license', 'extent', 'links'],
  properties: {
    type: { const: 'Collection' },
    stac_version: { type: 'string' },
    stac_extensions: { type: 'array', items: { type: 'string' } },
    id: ID,
    title: { type: 'string' },
    description: { type: 'string' },
    license: { type: 'string' },
    keywords: { type: 'array', items: { type: 'string' } },
    extent: {
      type: 'object',
      required: ['spatial', 'temporal'],
      properties: {
        spatial: { type: 'object', required: ['bbox'], properties: { bbox: { type: 'array', minItems: 1, items: BBOX } } },
        temporal: {
          type: 'object',
          required: ['interval'],
          properties: {
            interval: {
              type: 'array',
              minItems: 1,
              items: { type: 'array', minItems: 2, maxItems: 2, items: DATETIME },
            },
          },
        },
      },
    },
    links: { type: 'array', items: LINK },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
const validateItem = ajv.compile(itemSchema);
const validateCollection = ajv.compile(collectionSchema);

function describe(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** The problems that keep a document from being stored as a STAC record (empty when it can be). */
export function stacRecordProblems(doc: unknown): string[] {
  const type = (doc as { type?: unknown } | null)?.type;
  if (type === 'Feature') return validateItem(doc) ? [] : describe(validateItem.errors);
  if (type === 'Collection') return validateCollection(doc) ? [] : describe(validateCollection.errors);
  return ['/type must be "Feature" (an Item) or "Collection"'];
}

export function isValidStacRecord(doc: unknown): doc is StacRecord {
  return stacRecordProblems(doc).length === 0;
}
