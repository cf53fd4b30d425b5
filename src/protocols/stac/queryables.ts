import type { PropertyInfo } from '../../store/propertyCatalog.js';

const CORE_ITEM_QUERYABLES: Record<string, unknown> = {
  id: { title: 'Item identifier', type: 'string' },
  collection: { title: 'Collection identifier', type: 'string' },
  geometry: { title: 'Footprint', $ref: 'https://geojson.org/schema/Geometry.json' },
  datetime: { title: 'Acquisition or nominal time (items with only start/end match by overlap)', type: 'string', format: 'date-time' },
  start_datetime: { title: 'Start of the time range', type: 'string', format: 'date-time' },
  end_datetime: { title: 'End of the time range', type: 'string', format: 'date-time' },
};

const CORE_COLLECTION_QUERYABLES: Record<string, unknown> = {
  id: { title: 'Collection identifier', type: 'string' },
  title: { type: 'string' },
  description: { type: 'string' },
  keywords: { type: 'array', items: { type: 'string' } },
  license: { type: 'string' },
  geometry: { title: 'Spatial extent', $ref: 'https://geojson.org/schema/Geometry.json' },
  datetime: { title: 'Temporal extent', type: 'string', format: 'date-time' },
};

const SKIPPED = new Set(['datetime', 'start_datetime', 'end_datetime', 'type', 'stac_version', 'stac_extensions', 'links', 'assets', 'extent', 'id']);

function schemaOf(info: PropertyInfo): Record<string, unknown> {
  const types = info.types.map((t) => (t === 'number' ? 'number' : t));
  if (/(^|_|:)(datetime|created|updated|published)$/.test(info.name) && types.every((t) => t === 'string')) {
    return { type: 'string', format: 'date-time' };
  }
  return { type: types.length === 1 ? types[0] : types };
}

/** The queryables document (JSON Schema) of the catalogue or of one collection, derived from its data. */
export function queryablesDocument(
  url: string,
  target: 'items' | 'collections',
  properties: readonly PropertyInfo[],
  title: string,
): Record<string, unknown> {
  const core = target === 'items' ? CORE_ITEM_QUERYABLES : CORE_COLLECTION_QUERYABLES;
  const derived = Object.fromEntries(
    properties.filter((p) => !SKIPPED.has(p.name) && !(p.name in core)).map((p) => [p.name, schemaOf(p)]),
  );
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: url,
    type: 'object',
    title,
    properties: { ...core, ...derived },
    additionalProperties: true,
  };
}
