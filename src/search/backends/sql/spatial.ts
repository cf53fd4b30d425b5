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

/** The polar radius of WGS 84, the smallest: bounds drawn with it are never too tight. */
const POLAR_RADIUS = 6_356_752.3;
/** Metres per degree of latitude at the equator, where a degree of latitude is shortest. */
const SHORTEST_LATITUDE_DEGREE = 110_574;

/**
 * A box around `g` holding every point within `metres` of it, for the geometry index to answer first:
 * latitudes widen by the distance over the shortest degree of latitude; longitudes by the angle the
 * distance spans on the widened box's highest parallel (asin(sin(d/R) / cos(latitude)), on the polar
 * radius), or all the way round when that angle does not exist (near a pole) or the box would cross the
 * antimeridian. Margins of 1 % and 0.2 degree cover the ellipsoid's departures from the sphere, and
 * 0.01 degree the great-circle arcs between the vertices of segmentised shapes.
 */
function distanceBox(g: SqlFragment, metres: number): SqlFragment {
  const dy = (metres / SHORTEST_LATITUDE_DEGREE) * 1.01 + 0.01;
  const sine = Math.sin(metres / POLAR_RADIUS);
  const highest = fragment`LEAST(90, GREATEST(abs(ST_YMin(${g}) - ${dy}::float8), abs(ST_YMax(${g}) + ${dy}::float8)) + 0.2)`;
  const ratio = fragment`(${sine}::float8 / cos(radians(${highest})))`;
  const dx = fragment`(degrees(asin(LEAST(${ratio}, 1))) * 1.01)`;
  const whole = fragment`${ratio} >= 1 OR ST_XMin(${g}) - ${dx} < -180 OR ST_XMax(${g}) + ${dx} > 180`;
  return fragment`ST_Expand(${g}, CASE WHEN ${whole} THEN 360 ELSE ${dx} END, ${dy}::float8)`;
}

/**
 * A shape on the ellipsoid whose edges follow the longitude/latitude lines they are drawn along (a box's
 * northern edge along its parallel), not the great circles between its corners, which bend poleward:
 * vertices every degree first.
 */
function onEllipsoid(g: SqlFragment): SqlFragment {
  return fragment`ST_Segmentize(${g}, 1)::geography`;
}

/**
 * Within, or beyond, a distance in metres of a geometry, measured on the WGS 84 ellipsoid (geography), so
 * that a distance means the same at every latitude. Within is first narrowed by the geometry index to a
 * box around the second geometry (the literal, as clients write it); beyond is the negation of within,
 * unknown without a footprint.
 */
export function distanceRelation(op: DistanceOp, a: SqlFragment, b: SqlFragment, metres: number): SqlFragment {
  if (!Number.isFinite(metres) || metres < 0) fail('a distance must be a finite, non-negative number');
  const within = fragment`ST_DWithin(${onEllipsoid(a)}, ${onEllipsoid(b)}, ${metres}::float8)`;
  if (op === 's_beyond') return fragment`NOT ${within}`;
  // Beyond a quarter of the globe the box is the whole world: no use narrowing.
  if (metres >= (Math.PI / 2) * POLAR_RADIUS) return within;
  return fragment`(${a} && ${distanceBox(b, metres)} AND ${within})`;
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
