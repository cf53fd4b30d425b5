import type { BBox, Geometry } from './stac.js';

/** A 2D box as west, south, east, north; west > east means it crosses the antimeridian. */
export type Box2D = readonly [number, number, number, number];

/** Longitudes given on a 0..360 grid are moved to -180..180 (360 itself stays at 180). */
export function normalizeLongitude(lon: number): number {
  if (lon > 180 && lon <= 360) return lon - 360;
  return lon;
}

/**
 * Normalises a STAC bbox to -180..180 longitudes, keeping 3D boxes 3D.
 * A box spanning the whole 0..360 range becomes the whole globe rather than a crossing box,
 * and a box that only crosses because of the 0..360 grid becomes a crossing box (west > east).
 */
export function normalizeBbox(bbox: BBox): BBox {
  const is3d = bbox.length === 6;
  const west = bbox[0];
  const south = bbox[1];
  const east = is3d ? bbox[3] : bbox[2];
  const north = is3d ? bbox[4] : bbox[3];
  let w = normalizeLongitude(west);
  let e = normalizeLongitude(east);
  if (east - west >= 360 || (west <= 0 && east >= 360) || (west >= 0 && east - west >= 359.999)) {
    w = -180;
    e = 180;
  }
  return is3d ? [w, south, bbox[2], e, north, bbox[5]] : [w, south, e, north];
}

export function toBox2D(bbox: BBox): Box2D {
  return bbox.length === 6 ? [bbox[0], bbox[1], bbox[3], bbox[4]] : [bbox[0], bbox[1], bbox[2], bbox[3]];
}

/** Splits a box that crosses the antimeridian into its two halves; any other box is returned alone. */
export function splitAtAntimeridian(box: Box2D): Box2D[] {
  const [w, s, e, n] = box;
  if (w <= e) return [box];
  return [
    [w, s, 180, n],
    [-180, s, e, n],
  ];
}

/** Problems with a bbox as the STAC API defines it, or undefined when it is usable. */
export function bboxProblem(values: readonly number[]): string | undefined {
  if (values.length !== 4 && values.length !== 6) return `a bbox has 4 or 6 numbers, not ${values.length}`;
  if (values.some((v) => !Number.isFinite(v))) return 'every bbox value must be a number';
  const box = toBox2D(values as unknown as BBox);
  const [, s, , n] = box;
  if (s > n) return `the bbox south (${s}) is greater than its north (${n})`;
  return undefined;
}

function envelope([w, s, e, n]: Box2D): number[][][] {
  return [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
}

/**
 * The GeoJSON footprint of a bbox: a polygon, or a multipolygon of its two halves when it crosses the
 * antimeridian (GeoJSON forbids a single polygon spanning it). A point box stays a point.
 */
export function bboxGeometry(bbox: BBox): Geometry {
  const parts = splitAtAntimeridian(toBox2D(bbox));
  const first = parts[0] as Box2D;
  if (parts.length === 1 && first[0] === first[2] && first[1] === first[3]) return { type: 'Point', coordinates: [first[0], first[1]] };
  return parts.length === 1 ? { type: 'Polygon', coordinates: envelope(first) } : { type: 'MultiPolygon', coordinates: parts.map(envelope) };
}
