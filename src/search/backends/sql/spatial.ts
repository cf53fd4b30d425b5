import { bboxProblem, normalizeBbox, splitAtAntimeridian, toBox2D, type Box2D } from '../../../core/bbox.js';
import { invalidParameter } from '../../../core/errors.js';
import type { BBox } from '../../../core/stac.js';
import { fragment, join, raw, type SqlFragment } from '../../../db/sql.js';
import type { DistanceOp, GeometryLiteral, SpatialOp } from '../../cql2/ast.js';
import { readGeometry } from '../../cql2/geometryLiteral.js';

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

/**
 * Within, or beyond, a distance in metres of a geometry, measured on the WGS 84 ellipsoid (geography), so
 * that a distance means the same at every latitude. Beyond is the negation: unknown without a footprint.
 */
export function distanceRelation(op: DistanceOp, a: SqlFragment, b: SqlFragment, metres: number): SqlFragment {
  if (!Number.isFinite(metres) || metres < 0) fail('a distance must be a finite, non-negative number');
  const within = fragment`ST_DWithin(${a}::geography, ${b}::geography, ${metres}::float8)`;
  return op === 's_dwithin' ? within : fragment`NOT ${within}`;
}

function fail(problem: string): never {
  throw invalidParameter('filter', `filter: ${problem}`);
}

/**
 * A GeoJSON geometry literal, passed to PostGIS as one text parameter. It is checked again here, so that
 * a geometry PostGIS would reject or build invalid is a client error whatever built the AST, and only the
 * members PostGIS should read are kept (a foreign `crs` member would otherwise be honoured).
 */
export function geometryLiteral(g: GeometryLiteral): SqlFragment {
  return fragment`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(readGeometry(g, fail))}::text), 4326)`;
}

function box(b: Box2D): SqlFragment {
  const [w, s, e, n] = b;
  // ST_MakeEnvelope turns a flat box into an empty-area polygon that intersects nothing; a box2d
  // becomes a point or a line instead.
  if (w === e || s === n) {
    const corners = fragment`ST_MakePoint(${w}::float8, ${s}::float8), ST_MakePoint(${e}::float8, ${n}::float8)`;
    return fragment`ST_SetSRID(ST_MakeBox2D(${corners})::geometry, 4326)`;
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
