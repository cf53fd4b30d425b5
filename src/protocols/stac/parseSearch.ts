import { bboxProblem } from '../../core/bbox.js';
import { invalidParameter } from '../../core/errors.js';
import type { BBox, Geometry } from '../../core/stac.js';
import type { Cql2Expr } from '../../search/cql2/ast.js';
import { readGeometry } from '../../search/cql2/geometryLiteral.js';
import { parseFilter } from '../../search/cql2/parseFilter.js';
import type { FieldsSpec, SearchRequest, SortKey } from '../../search/request.js';
import { parseDatetimeParam } from './datetimeParam.js';
import { queryToCql2 } from './queryExtension.js';

export interface StacLimits {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

/**
 * A STAC search as a POST body would carry it. GET query strings are first turned into this shape,
 * so that GET and POST go through one parser and give identical results.
 */
export interface StacSearchBody {
  readonly ids?: unknown;
  readonly collections?: unknown;
  readonly bbox?: unknown;
  readonly intersects?: unknown;
  readonly datetime?: unknown;
  readonly limit?: unknown;
  readonly filter?: unknown;
  readonly 'filter-lang'?: unknown;
  readonly 'filter-crs'?: unknown;
  readonly sortby?: unknown;
  readonly fields?: unknown;
  readonly query?: unknown;
  readonly q?: unknown;
  readonly token?: unknown;
}

const commaList = (value: string): string[] => value.split(',').map((s) => s.trim()).filter((s) => s !== '');

function parseJsonParam(value: string, locator: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw invalidParameter(locator, `${locator}: not valid JSON`);
  }
}

/** Reads GET query parameters into the POST body shape. */
export function queryStringToBody(params: URLSearchParams): StacSearchBody {
  const get = (name: string) => params.get(name) ?? undefined;
  const body: Record<string, unknown> = {};
  const ids = get('ids');
  if (ids !== undefined) body.ids = commaList(ids);
  const collections = get('collections');
  if (collections !== undefined) body.collections = commaList(collections);
  const bbox = get('bbox');
  if (bbox !== undefined) body.bbox = commaList(bbox).map((v) => (v.trim() === '' ? NaN : Number(v)));
  const intersects = get('intersects');
  if (intersects !== undefined) body.intersects = parseJsonParam(intersects, 'intersects');
  for (const name of ['datetime', 'limit', 'filter', 'filter-lang', 'filter-crs', 'token'] as const) {
    const v = get(name);
    if (v !== undefined) body[name] = v;
  }
  const sortby = get('sortby');
  if (sortby !== undefined) {
    body.sortby = commaList(sortby).map((s) =>
      s.startsWith('-') ? { field: s.slice(1), direction: 'desc' } : { field: s.replace(/^\+/, ''), direction: 'asc' },
    );
  }
  const fields = get('fields');
  if (fields !== undefined) {
    const list = commaList(fields);
    body.fields = {
      include: list.filter((f) => !f.startsWith('-')).map((f) => f.replace(/^\+/, '')),
      exclude: list.filter((f) => f.startsWith('-')).map((f) => f.slice(1)),
    };
  }
  const query = get('query');
  if (query !== undefined) body.query = parseJsonParam(query, 'query');
  const q = get('q');
  if (q !== undefined) body.q = commaList(q);
  return body;
}

function stringList(value: unknown, locator: string): string[] {
  if (typeof value === 'string') return commaList(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw invalidParameter(locator, `${locator}: expected an array of strings`);
}

function parseLimit(value: unknown, limits: StacLimits): number {
  if (value === undefined) return limits.defaultLimit;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw invalidParameter('limit', `limit: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return Math.min(n, limits.maxLimit);
}

function parseBbox(value: unknown): BBox {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
    throw invalidParameter('bbox', 'bbox: expected 4 or 6 numbers');
  }
  const problem = bboxProblem(value);
  if (problem) throw invalidParameter('bbox', `bbox: ${problem}`);
  return value as unknown as BBox;
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

function parseIntersects(value: unknown): Geometry {
  const g = value as { type?: unknown; coordinates?: unknown; geometries?: unknown } | null;
  if (typeof g !== 'object' || g === null || typeof g.type !== 'string' || !GEOMETRY_TYPES.has(g.type)) {
    throw invalidParameter('intersects', 'intersects: expected a GeoJSON geometry');
  }
  if (g.type === 'GeometryCollection' ? !Array.isArray(g.geometries) : !Array.isArray(g.coordinates)) {
    throw invalidParameter('intersects', `intersects: a ${g.type} needs ${g.type === 'GeometryCollection' ? 'geometries' : 'coordinates'}`);
  }
  // PostGIS reads non-numeric coordinates as 0 and accepts open or short rings, which would match the wrong records.
  return readGeometry(g, (problem) => {
    throw invalidParameter('intersects', `intersects: ${problem}`);
  }) as Geometry;
}

function parseSortby(value: unknown): SortKey[] {
  if (typeof value === 'string') return parseSortby(queryStringToBody(new URLSearchParams({ sortby: value })).sortby);
  if (!Array.isArray(value)) throw invalidParameter('sortby', 'sortby: expected an array of {field, direction}');
  return value.map((k: unknown) => {
    const key = k as { field?: unknown; direction?: unknown } | null;
    if (typeof key !== 'object' || key === null || typeof key.field !== 'string' || key.field === '') {
      throw invalidParameter('sortby', 'sortby: every key needs a field name');
    }
    const direction = key.direction === undefined ? 'asc' : key.direction;
    if (direction !== 'asc' && direction !== 'desc') {
      throw invalidParameter('sortby', `sortby: direction must be "asc" or "desc", not ${JSON.stringify(direction)}`);
    }
    return { field: key.field.replace(/^properties\./, ''), direction };
  });
}

function parseFields(value: unknown): FieldsSpec {
  const f = value as { include?: unknown; exclude?: unknown } | null;
  if (typeof f !== 'object' || f === null || Array.isArray(f)) {
    throw invalidParameter('fields', 'fields: expected an object with include and/or exclude lists');
  }
  return {
    ...(f.include !== undefined ? { include: stringList(f.include, 'fields') } : {}),
    ...(f.exclude !== undefined ? { exclude: stringList(f.exclude, 'fields') } : {}),
  };
}

/** A STAC paging token: `next:<cursor>` or `prev:<cursor>` (a bare cursor means next). */
function parseToken(value: unknown): SearchRequest['page'] {
  if (typeof value !== 'string' || value === '') throw invalidParameter('token', 'token: expected a paging token');
  if (value.startsWith('prev:')) return { before: value.slice(5) };
  return { after: value.replace(/^next:/, '') };
}

function and(a: Cql2Expr | undefined, b: Cql2Expr): Cql2Expr {
  return a === undefined ? b : { op: 'and', args: [a, b] };
}

/** Validates a STAC search (item search, items of a collection, or collection search) into a SearchRequest. */
export function parseStacSearch(
  body: StacSearchBody,
  target: SearchRequest['target'],
  limits: StacLimits,
): SearchRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidParameter('body', 'the search body must be a JSON object');
  }
  if (body.bbox !== undefined && body.intersects !== undefined) {
    throw invalidParameter('bbox', 'bbox and intersects cannot be used together');
  }
  if (body['filter-crs'] !== undefined && !/CRS84$/.test(String(body['filter-crs']))) {
    throw invalidParameter('filter-crs', 'filter-crs: only http://www.opengis.net/def/crs/OGC/1.3/CRS84 is supported');
  }
  let filter: Cql2Expr | undefined;
  if (body.filter !== undefined) {
    const lang = body['filter-lang'];
    if (lang !== undefined && typeof lang !== 'string') throw invalidParameter('filter-lang', 'filter-lang: expected a string');
    filter = parseFilter(body.filter, lang);
  }
  if (body.query !== undefined) filter = and(filter, queryToCql2(body.query));
  if (body.fields === null) throw invalidParameter('fields', 'fields: expected an object, not null');
  if (body.datetime !== undefined && typeof body.datetime !== 'string') {
    throw invalidParameter('datetime', 'datetime: expected a string');
  }
  const q = body.q === undefined ? undefined : stringList(body.q, 'q');
  return {
    target,
    limit: parseLimit(body.limit, limits),
    ...(body.ids !== undefined ? { ids: stringList(body.ids, 'ids') } : {}),
    ...(body.collections !== undefined ? { collections: stringList(body.collections, 'collections') } : {}),
    ...(body.bbox !== undefined ? { spatial: { bbox: parseBbox(body.bbox) } } : {}),
    ...(body.intersects !== undefined ? { spatial: { intersects: parseIntersects(body.intersects) } } : {}),
    ...(body.datetime !== undefined ? { datetime: parseDatetimeParam(body.datetime) } : {}),
    ...(filter !== undefined ? { filter } : {}),
    ...(body.sortby !== undefined ? { sortby: parseSortby(body.sortby) } : {}),
    ...(body.fields !== undefined ? { fields: parseFields(body.fields) } : {}),
    ...(q !== undefined && q.length > 0 ? { q } : {}),
    ...(body.token !== undefined ? { page: parseToken(body.token) } : {}),
  };
}
