import { invalidParameter } from '../../core/errors.js';
import { attr, type XmlElement } from '../../core/xml.js';
import type { BBoxLiteral, GeometryLiteral } from '../../search/cql2/ast.js';
import { GML, GML32 } from './namespaces.js';

const LOCATOR = 'Constraint';

function fail(problem: string): never {
  throw invalidParameter(LOCATOR, problem);
}

/**
 * The axis order a CRS name implies. EPSG:4326, in every spelling (`EPSG:4326`, its URNs and URIs) and
 * when no CRS is named (the CSW 2.0.2 default), is latitude then longitude; CRS84 and the GML 2
 * `epsg.xml#4326` form are longitude then latitude. Any other CRS is refused: the catalogue stores WGS 84.
 */
export function latitudeFirst(srsName: string | undefined): boolean {
  if (srsName === undefined || srsName.trim() === '') return true;
  const s = srsName.trim().toUpperCase();
  if (/CRS:?84$/.test(s)) return false;
  if (/EPSG\.XML#4326$/.test(s)) return false;
  if (/^EPSG:4326$/.test(s) || /EPSG(:[\d.]*)?::?4326$/.test(s) || /\/EPSG\/\d+(\.\d+)*\/4326$/.test(s)) return true;
  return fail(`unsupported CRS ${srsName}: use EPSG:4326 (latitude, longitude) or CRS84 (longitude, latitude)`);
}

const isGml = (el: XmlElement): boolean => el.ns === GML || el.ns === GML32 || el.ns === '';

function gmlChild(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local && isGml(c));
}

function numbers(text: string, what: string): number[] {
  const values = text.trim().split(/[\s,]+/).filter((v) => v !== '').map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) fail(`${what}: "${text}" is not a list of numbers`);
  return values;
}

/** Positions as [longitude, latitude] pairs, whatever the axis order of the CRS. */
function pairs(values: readonly number[], latFirst: boolean, dimension: number, what: string): [number, number][] {
  if (values.length % dimension !== 0) fail(`${what}: ${values.length} numbers do not make ${dimension}-dimensional positions`);
  const out: [number, number][] = [];
  for (let i = 0; i < values.length; i += dimension) {
    const a = values[i] as number;
    const b = values[i + 1] as number;
    out.push(latFirst ? [b, a] : [a, b]);
  }
  return out;
}

function dimensionOf(el: XmlElement): number {
  const d = Number(attr(el, 'srsDimension') ?? attr(el, 'dimension') ?? 2);
  return d === 3 ? 3 : 2;
}

/** The positions of a GML 3 (pos, posList) or GML 2 (coordinates, coord) geometry part. */
function positions(el: XmlElement, latFirst: boolean): [number, number][] {
  const posList = gmlChild(el, 'posList');
  if (posList) return pairs(numbers(posList.text, 'gml:posList'), latFirst, dimensionOf(posList), 'gml:posList');
  const pos = el.children.filter((c) => c.local === 'pos' && isGml(c));
  if (pos.length > 0) return pos.flatMap((p) => pairs(numbers(p.text, 'gml:pos'), latFirst, dimensionOf(p), 'gml:pos'));
  const coordinates = gmlChild(el, 'coordinates');
  if (coordinates) {
    // GML 2 tuples: `x,y x,y`, the separators being attributes we do not need to honour beyond their defaults.
    const tuples = coordinates.text.trim().split(/\s+/).map((t) => numbers(t, 'gml:coordinates'));
    return tuples.map((t) => pairs(t, latFirst, t.length, 'gml:coordinates')[0] as [number, number]);
  }
  const coords = el.children.filter((c) => c.local === 'coord' && isGml(c));
  if (coords.length > 0) {
    return coords.map((c) => {
      const x = Number(gmlChild(c, 'X')?.text);
      const y = Number(gmlChild(c, 'Y')?.text);
      if (!Number.isFinite(x) || !Number.isFinite(y)) fail('gml:coord needs numeric X and Y');
      return (latFirst ? [y, x] : [x, y]) as [number, number];
    });
  }
  return fail(`gml:${el.local} has no coordinates`);
}

/** Longitude/latitude positions read in the wrong order for their CRS (a common client bug) are swapped back. */
function fixAxisOrder(points: [number, number][]): [number, number][] {
  const latitudesOff = points.some(([, lat]) => Math.abs(lat) > 90);
  const longitudesFit = points.every(([lon]) => Math.abs(lon) <= 90);
  return latitudesOff && longitudesFit ? points.map(([lon, lat]) => [lat, lon]) : points;
}

function srsOf(el: XmlElement, inherited: string | undefined): string | undefined {
  return attr(el, 'srsName') ?? inherited;
}

/** A gml:Envelope (GML 3) or gml:Box (GML 2) as a bbox literal [west, south, east, north]. */
export function envelopeBbox(el: XmlElement, inheritedSrs?: string): BBoxLiteral {
  const latFirst = latitudeFirst(srsOf(el, inheritedSrs));
  let corners: [number, number][];
  if (el.local === 'Envelope') {
    const lower = gmlChild(el, 'lowerCorner');
    const upper = gmlChild(el, 'upperCorner');
    if (lower && upper) {
      // A corner is one position: its dimension is its number of values.
      corners = [lower, upper].flatMap((c) => {
        const values = numbers(c.text, `gml:${c.local}`);
        if (values.length !== 2 && values.length !== 3) fail(`gml:${c.local} needs two or three numbers`);
        return pairs(values, latFirst, values.length, `gml:${c.local}`);
      });
    } else {
      corners = positions(el, latFirst);
    }
  } else {
    corners = positions(el, latFirst);
  }
  if (corners.length !== 2) fail(`gml:${el.local} needs exactly two corners`);
  const [[w, s], [e, n]] = fixAxisOrder(corners) as [[number, number], [number, number]];
  if (s > n) fail(`gml:${el.local}: the lower corner is north of the upper corner`);
  return { bbox: [w, s, e, n] };
}

function ring(el: XmlElement | undefined, latFirst: boolean, what: string): [number, number][] {
  const linear = el?.children.find((c) => c.local === 'LinearRing' && isGml(c));
  if (!linear) fail(`gml:Polygon: ${what} needs a gml:LinearRing`);
  const points = fixAxisOrder(positions(linear, latFirst));
  if (points.length < 4) fail('gml:LinearRing needs at least four positions');
  return points;
}

/** A GML geometry (Envelope, Box, Point, LineString, Polygon) as a core geometry or bbox literal. */
export function gmlGeometry(el: XmlElement, inheritedSrs?: string): GeometryLiteral | BBoxLiteral {
  if (!isGml(el)) fail(`{${el.ns}}${el.local} is not a GML geometry`);
  const srs = srsOf(el, inheritedSrs);
  switch (el.local) {
    case 'Envelope':
    case 'Box':
      return envelopeBbox(el, inheritedSrs);
    case 'Point': {
      const points = fixAxisOrder(positions(el, latitudeFirst(srs)));
      if (points.length !== 1) fail('gml:Point needs one position');
      return { type: 'Point', coordinates: points[0] };
    }
    case 'LineString': {
      const points = fixAxisOrder(positions(el, latitudeFirst(srs)));
      if (points.length < 2) fail('gml:LineString needs at least two positions');
      return { type: 'LineString', coordinates: points };
    }
    case 'Polygon': {
      const latFirst = latitudeFirst(srs);
      const exterior = el.children.find((c) => (c.local === 'exterior' || c.local === 'outerBoundaryIs') && isGml(c));
      const interiors = el.children.filter((c) => (c.local === 'interior' || c.local === 'innerBoundaryIs') && isGml(c));
      return {
        type: 'Polygon',
        coordinates: [ring(exterior, latFirst, 'the exterior'), ...interiors.map((i) => ring(i, latFirst, 'an interior'))],
      };
    }
    default:
      return fail(`gml:${el.local} is not supported: use gml:Envelope, gml:Point, gml:LineString or gml:Polygon`);
  }
}
