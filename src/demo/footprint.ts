import type { BBox, Geometry } from '../core/stac.js';

export type LonLat = readonly [number, number];

const round = (value: number): number => Math.round(value * 1e4) / 1e4;

/**
 * Keeps the part of a ring on one side of the meridian `at`: Sutherland–Hodgman clipping
 * against a single vertical line, exact for the straight edges of a lon/lat ring.
 */
function clipRing(ring: readonly LonLat[], at: number, keepWest: boolean): LonLat[] {
  const inside = (p: LonLat): boolean => (keepWest ? p[0] <= at : p[0] >= at);
  const out: LonLat[] = [];
  for (let i = 0; i < ring.length; i += 1) {
    const current = ring[i] as LonLat;
    const previous = ring[(i + ring.length - 1) % ring.length] as LonLat;
    const crossing = (): LonLat => {
      const t = (at - previous[0]) / (current[0] - previous[0]);
      return [at, previous[1] + t * (current[1] - previous[1])];
    };
    if (inside(current)) {
      if (!inside(previous)) out.push(crossing());
      out.push(current);
    } else if (inside(previous)) {
      out.push(crossing());
    }
  }
  return out;
}

function closed(ring: readonly LonLat[]): number[][] {
  const points = ring.map(([lon, lat]) => [round(lon), round(lat)]);
  const first = points[0];
  return first ? [...points, first] : points;
}

function extent(ring: readonly LonLat[]): [number, number, number, number] {
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/**
 * The GeoJSON footprint and bbox of an open, counter-clockwise ring given in continuous longitudes
 * (east of 180 or west of -180 allowed). A ring that crosses the antimeridian is cut there into a
 * MultiPolygon (RFC 7946 §3.1.9) whose bbox has west > east (§5.2).
 */
export function footprint(ring: readonly LonLat[]): { readonly geometry: Geometry; readonly bbox: BBox } {
  const [w, s, e, n] = extent(ring);
  const shift = w < -180 ? 360 : e > 180 ? -360 : 0;
  if (shift === 0) {
    return { geometry: { type: 'Polygon', coordinates: [closed(ring)] }, bbox: [round(w), round(s), round(e), round(n)] };
  }
  const at = shift > 0 ? -180 : 180;
  // The part beyond the antimeridian moves by ±360 to come back into -180..180.
  const inside = clipRing(ring, at, shift < 0);
  const beyond = clipRing(ring, at, shift > 0).map(([lon, lat]): LonLat => [lon + shift, lat]);
  const west = shift < 0 ? inside : beyond;
  const east = shift < 0 ? beyond : inside;
  return {
    geometry: { type: 'MultiPolygon', coordinates: [[closed(west)], [closed(east)]] },
    bbox: [round(extent(west)[0]), round(s), round(extent(east)[2]), round(n)],
  };
}
