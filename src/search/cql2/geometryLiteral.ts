import { bboxProblem } from '../../core/bbox.js';
import { isJsonObject } from '../../core/json.js';
import type { BBoxLiteral, GeometryLiteral } from './ast.js';
import { MAX_FILTER_DEPTH } from './operators.js';

/** Reports a problem with a literal; the caller adds where it is and throws. */
export type Fail = (problem: string) => never;

type Position = readonly number[];

function readPosition(value: unknown, fail: Fail): Position {
  if (
    !Array.isArray(value) ||
    (value.length !== 2 && value.length !== 3) ||
    !value.every((n) => typeof n === 'number' && Number.isFinite(n))
  ) {
    fail('a position must be an array of 2 or 3 numbers');
  }
  return [...(value as number[])];
}

function readList<T>(value: unknown, what: string, fail: Fail, readItem: (item: unknown, index: number) => T): T[] {
  if (!Array.isArray(value)) fail(`${what} must be an array`);
  if (value.length === 0) fail(`${what} is empty; empty geometries are not supported`);
  return value.map(readItem);
}

function readLine(value: unknown, what: string, fail: Fail): Position[] {
  const line = readList(value, what, fail, (item) => readPosition(item, fail));
  if (line.length < 2) fail(`${what} needs at least 2 positions`);
  return line;
}

function readRing(value: unknown, what: string, fail: Fail): Position[] {
  const ring = readList(value, what, fail, (item) => readPosition(item, fail));
  if (ring.length < 4) fail(`${what} needs at least 4 positions`);
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first.length !== last.length || first.some((n, i) => n !== last[i])) {
    fail(`${what} is not closed (its last position must equal its first)`);
  }
  return ring;
}

function readPolygon(value: unknown, what: string, fail: Fail): Position[][] {
  return readList(value, `${what} coordinates`, fail, (ring, i) => readRing(ring, `${what} ring ${i}`, fail));
}

/**
 * Validates a GeoJSON geometry object and returns a fresh copy with only `type` and `coordinates` (or
 * `geometries`); foreign members such as `bbox` are dropped. WKT from CQL2 text is checked through here too.
 */
export function readGeometry(value: unknown, fail: Fail, depth = 1): GeometryLiteral {
  if (depth > MAX_FILTER_DEPTH) fail(`geometry collections are nested deeper than ${MAX_FILTER_DEPTH} levels`);
  if (!isJsonObject(value)) fail('a geometry must be a GeoJSON object');
  const type = value['type'];
  const coordinates = value['coordinates'];
  switch (type) {
    case 'Point':
      return { type, coordinates: readPosition(coordinates, fail) };
    case 'MultiPoint':
      return { type, coordinates: readList(coordinates, 'MultiPoint coordinates', fail, (p) => readPosition(p, fail)) };
    case 'LineString':
      return { type, coordinates: readLine(coordinates, 'LineString coordinates', fail) };
    case 'MultiLineString':
      return {
        type,
        coordinates: readList(coordinates, 'MultiLineString coordinates', fail, (line, i) =>
          readLine(line, `MultiLineString line ${i}`, fail),
        ),
      };
    case 'Polygon':
      return { type, coordinates: readPolygon(coordinates, 'Polygon', fail) };
    case 'MultiPolygon':
      return {
        type,
        coordinates: readList(coordinates, 'MultiPolygon coordinates', fail, (polygon, i) =>
          readPolygon(polygon, `MultiPolygon polygon ${i}`, fail),
        ),
      };
    case 'GeometryCollection':
      return {
        type,
        geometries: readList(value['geometries'], 'GeometryCollection geometries', fail, (geometry) =>
          readGeometry(geometry, fail, depth + 1),
        ),
      };
    default:
      return fail(`unknown geometry type ${JSON.stringify(type) ?? 'undefined'}`);
  }
}

/** Validates a bbox literal: 4 or 6 numbers, south not above north. */
export function readBbox(value: unknown, fail: Fail): BBoxLiteral {
  if (!Array.isArray(value) || !value.every((n) => typeof n === 'number')) fail('a bbox must be an array of numbers');
  const problem = bboxProblem(value as number[]);
  if (problem !== undefined) fail(problem);
  return { bbox: [...(value as number[])] };
}
