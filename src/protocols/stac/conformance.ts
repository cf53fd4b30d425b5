import type { BackendCapabilities } from '../../search/backend.js';

const CQL2 = 'http://www.opengis.net/spec/cql2/1.0/conf';

/** CQL2 conformance classes with the operators each needs; pre-final names are kept for older tools. */
const CQL2_CLASSES: readonly { readonly names: readonly string[]; readonly ops: readonly string[] }[] = [
  { names: ['cql2-text', 'cql2-json', 'basic-cql2'], ops: ['and', 'or', 'not', '=', '<>', '<', '<=', '>', '>=', 'isNull'] },
  { names: ['advanced-comparison-operators'], ops: ['like', 'between', 'in'] },
  { names: ['case-insensitive-comparison'], ops: ['casei'] },
  { names: ['accent-insensitive-comparison'], ops: ['accenti'] },
  { names: ['accent-case-insensitive-comparison'], ops: ['casei', 'accenti'] },
  { names: ['basic-spatial-functions', 'basic-spatial-operators'], ops: ['s_intersects'] },
  { names: ['basic-spatial-functions-plus'], ops: ['s_intersects'] },
  {
    names: ['spatial-functions', 'spatial-operators'],
    ops: ['s_intersects', 's_equals', 's_disjoint', 's_touches', 's_within', 's_overlaps', 's_crosses', 's_contains'],
  },
  {
    names: ['temporal-functions', 'temporal-operators'],
    ops: ['t_after', 't_before', 't_contains', 't_disjoint', 't_during', 't_equals', 't_finishedBy', 't_finishes',
      't_intersects', 't_meets', 't_metBy', 't_overlappedBy', 't_overlaps', 't_startedBy', 't_starts'],
  },
  { names: ['array-functions', 'array-operators'], ops: ['a_equals', 'a_contains', 'a_containedBy', 'a_overlaps'] },
  { names: ['property-property'], ops: ['='] },
  { names: ['arithmetic'], ops: ['+', '-', '*', '/'] },
];

const FOUNDATION = [
  'https://api.stacspec.org/v1.0.0/core',
  'https://api.stacspec.org/v1.0.0/collections',
  'https://api.stacspec.org/v1.0.0/ogcapi-features',
  'https://api.stacspec.org/v1.0.0/item-search',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/simple-query',
  'https://api.stacspec.org/v1.0.0/item-search#sort',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#sort',
  'https://api.stacspec.org/v1.0.0/item-search#fields',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#fields',
  'https://api.stacspec.org/v1.0.0/item-search#query',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#query',
  'https://api.stacspec.org/v1.0.0-rc.3/item-search#filter',
  'https://api.stacspec.org/v1.0.0/item-search#filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'https://api.stacspec.org/v1.0.0-rc.1/item-search#free-text',
  'https://api.stacspec.org/v1.0.0-rc.1/ogcapi-features#free-text',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#free-text',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#filter',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#sort',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#fields',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#query',
  'https://api.stacspec.org/v1.0.0/ogcapi-features/extensions/transaction',
  'https://api.stacspec.org/v1.0.0/collections/extensions/transaction',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'https://api.stacspec.org/v0.3.0/aggregation',
  'https://api.stacspec.org/v0.3.0/aggregation#query',
  'https://api.stacspec.org/v0.3.0/aggregation#filter',
];

/** The conformance classes this server meets with the given backend: only what it can really do. */
export function conformanceClasses(capabilities: BackendCapabilities): string[] {
  const cql2 = CQL2_CLASSES.filter((c) => c.ops.every((op) => capabilities.filterOperators.has(op))).flatMap((c) =>
    c.names.map((n) => `${CQL2}/${n}`),
  );
  return [...FOUNDATION, ...cql2];
}
