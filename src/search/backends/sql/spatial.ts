import { bboxProblem, normalizeBbox, splitAtAntimeridian, toBox2D, type Box2D } from '../../../core/bbox.js';
import { assertNever, invalidParameter } from '../../../core/errors.js';
import type { BBox } from '../../../core/stac.js';
import { fragment, join, raw, type SqlFragment } from '../../../db/sql.js';
import type { GeometryLiteral, SpatialOp } from '../../cql2/ast.js';

const FUNCTIONS: Readonly<Record<SpatialOp, SqlFragment>> = {
  s_intersects: raw('ST_Intersects'),
  s_equals: raw('ST_Equals'),
  s_disjoint: raw('ST_Disjoint'),
  s_touches: raw('ST_Touches'),
  s_within: raw('ST_Within'),
  s_overlaps: raw('ST_Overlaps'),
  s_crosses: raw('ST_Crosses'),
  s_contains: raw('ST_Contains'),
};

/** A spatial operator between two geometry expressions (EPSG:4326), through its PostGIS predicate. */
export function spatialRelation(op: SpatialOp, a: SqlFragment, b: SqlFragment): SqlFragment {
  return fragment`${FUNCTIONS[op]}(${a}, ${b})`;
}

function fail(problem: string): never {
  throw invalidParameter('filter', `filter: ${problem}`);
}

function isPosition(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    (value.length === 2 || value.length === 3) &&
    value.every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

function checkPositions(value: unknown, what: string, min: number): void {
  if (!Array.isArray(value) || value.length < min || !value.every(isPosition)) {
    fail(`${what} needs at least ${min} positions of 2 or 3 numbers`);
  }
}

function checkPolygon(value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) fail('a polygon needs at least one ring');
  for (const ring of value) {
    checkPositions(ring, 'a polygon ring', 4);
    const positions = ring as number[][];
    const first = positions[0] ?? [];
    const last = positions[positions.length - 1] ?? [];
    // PostGIS would accept an open ring and build an invalid polygon that predicates then get wrong.
    if (first.length !== last.length || first.some((n, i) => n !== last[i])) fail('a polygon ring must be closed');
  }
}

function checkList(value: unknown, what: string, check: (item: unknown) => void): void {
  if (!Array.isArray(value) || value.length === 0) fail(`${what} needs at least one member`);
  value.forEach(check);
}

const GEOMETRY_TYPES: ReadonlySet<string> = new Set<GeometryLiteral['type']>([
  'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection',
]);

/**
 * Refuses geometries PostGIS would reject or build invalid, so that a bad literal is a client error, and
 * keeps only the members PostGIS reads (a foreign `crs` member would otherwise be honoured).
 */
function checkedGeometry(g: GeometryLiteral): GeometryLiteral {
  if (!GEOMETRY_TYPES.has(g.type)) fail(`unknown geometry type ${JSON.stringify(g.type)}`);
  switch (g.type) {
    case 'Point':
      if (!isPosition(g.coordinates)) fail('a Point needs a position of 2 or 3 numbers');
      break;
    case 'MultiPoint':
      checkPositions(g.coordinates, 'a MultiPoint', 1);
      break;
    case 'LineString':
      checkPositions(g.coordinates, 'a LineString', 2);
      break;
    case 'MultiLineString':
      checkList(g.coordinates, 'a MultiLineString', (line) => checkPositions(line, 'a LineString', 2));
      break;
    case 'Polygon':
      checkPolygon(g.coordinates);
      break;
    case 'MultiPolygon':
      checkList(g.coordinates, 'a MultiPolygon', checkPolygon);
      break;
    case 'GeometryCollection':
      if (!Array.isArray(g.geometries) || g.geometries.length === 0) fail('a GeometryCollection needs at least one member');
      return { type: g.type, geometries: g.geometries.map(checkedGeometry) };
    default:
      return assertNever(g.type, 'geometry type');
  }
  return { type: g.type, coordinates: g.coordinates };
}

/** A GeoJSON geometry literal, passed to PostGIS as one text parameter. */
export function geometryLiteral(g: GeometryLiteral): SqlFragment {
  return fragment`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(checkedGeometry(g))}::text), 4326)`;
}

function box(b: Box2D): SqlFragment {
  const [w, s, e, n] = b;
  // ST_MakeEnvelope turns a flat box into an empty-area polygon that intersects nothing; a box2d
  // becomes a point or a line instead.
  if (w === e || s === n) {
    return fragment`ST_SetSRID(ST_MakeBox2D(ST_MakePoint(${w}::float8, ${s}::float8), ST_MakePoint(${e}::float8, ${n}::float8))::geometry, 4326)`;
  }
  return fragment`ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326)`;
}

/**
 * A bbox literal (4 or 6 numbers; longitudes on 0..360 are normalised). A box with west > east crosses
 * the antimeridian and becomes the union of its two halves, like the footprints it is compared with.
 */
export function bboxLiteral(values: readonly number[]): SqlFragment {
  const problem = bboxProblem(values);
  if (problem !== undefined) fail(problem);
  const halves = splitAtAntimeridian(toBox2D(normalizeBbox(values as unknown as BBox)));
  // A half of zero width is the meridian at 180, the same line as the other half's edge at -180.
  const parts = halves.length > 1 ? halves.filter(([w, , e]) => w < e) : halves;
  const boxes = (parts.length > 0 ? parts : halves.slice(0, 1)).map(box);
  return boxes.length === 1 ? (boxes[0] as SqlFragment) : fragment`ST_Collect(${join(boxes, ', ')})`;
}
