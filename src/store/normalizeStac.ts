import { normalizeBbox, normalizeLongitude } from '../core/bbox.js';
import type { Geometry, Position, StacRecord } from '../core/stac.js';

function shift(position: Position): Position {
  const [lon, ...rest] = position;
  return [normalizeLongitude(lon ?? 0), ...rest];
}

function allLongitudes(geometry: Geometry): number[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates[0] ?? 0];
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates.map((p) => p[0] ?? 0);
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat().map((p) => p[0] ?? 0);
    case 'MultiPolygon':
      return geometry.coordinates.flat(2).map((p) => p[0] ?? 0);
    case 'GeometryCollection':
      return geometry.geometries.flatMap(allLongitudes);
  }
}

function shiftGeometry(geometry: Geometry): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: shift(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(shift) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((ring) => ring.map(shift)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(shift))) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map(shiftGeometry) };
  }
}

/**
 * Moves longitudes given on a 0..360 grid to -180..180 on ingest. A geometry is shifted only when
 * all of it lies beyond 180 (a shape that straddles 180 would be torn); its bbox is always normalised,
 * and becomes an antimeridian-crossing box (west > east) when the shape straddles 180.
 */
export function normalizeLongitudes(doc: StacRecord): StacRecord {
  if (doc.type === 'Feature') {
    let geometry = doc.geometry;
    if (geometry && allLongitudes(geometry).every((lon) => lon > 180)) geometry = shiftGeometry(geometry);
    const bbox = doc.bbox ? normalizeBbox(doc.bbox) : undefined;
    if (geometry === doc.geometry && bbox === doc.bbox) return doc;
    return { ...doc, geometry, ...(bbox ? { bbox } : {}) };
  }
  const boxes = doc.extent?.spatial?.bbox;
  if (!boxes) return doc;
  return {
    ...doc,
    extent: { ...doc.extent, spatial: { ...doc.extent.spatial, bbox: boxes.map((b) => normalizeBbox(b)) } },
  };
}
