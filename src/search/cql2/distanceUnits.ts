/**
 * A distance in degrees is read as an arc of great circle on the mean Earth sphere (IUGG radius
 * 6 371 008.8 m): 111 195 m per degree, the same in every direction and at every latitude, unlike a
 * degree of longitude on the map.
 */
export const METRES_PER_DEGREE = (2 * Math.PI * 6_371_008.8) / 360;

const BY_NAME: Readonly<Record<string, number>> = {
  m: 1, metre: 1, metres: 1, meter: 1, meters: 1,
  km: 1000, kilometre: 1000, kilometres: 1000, kilometer: 1000, kilometers: 1000,
  ft: 0.3048, foot: 0.3048, feet: 0.3048,
  mi: 1609.344, 'statute mile': 1609.344, 'statute miles': 1609.344,
  nmi: 1852, 'nautical mile': 1852, 'nautical miles': 1852,
  deg: METRES_PER_DEGREE, degree: METRES_PER_DEGREE, degrees: METRES_PER_DEGREE,
};

/** EPSG unit of measure codes (urn:ogc:def:uom:EPSG::9001, http://www.opengis.net/def/uom/EPSG/0/9001). */
const BY_EPSG_CODE: Readonly<Record<string, number>> = {
  9001: 1, 9036: 1000, 9002: 0.3048, 9030: 1852, 9093: 1609.344, 9102: METRES_PER_DEGREE, 9122: METRES_PER_DEGREE,
};

/**
 * Metres per unit for the distance units of OGC Filter (`units`, `uom`: a name, an EPSG URN or URI, or a
 * URI ending with a name) and of CQL 1 (`meters`, `kilometers`, `feet`, `statute miles`, `nautical
 * miles`), or undefined for a unit of another kind.
 */
export function metresPerUnit(unit: string): number | undefined {
  const name = unit.trim().toLowerCase().replace(/\s+/g, ' ');
  if (Object.hasOwn(BY_NAME, name)) return BY_NAME[name];
  const last = name.split(/[/#:]/).pop() ?? '';
  if (name.includes('epsg') && Object.hasOwn(BY_EPSG_CODE, last)) return BY_EPSG_CODE[last];
  return last !== name && Object.hasOwn(BY_NAME, last) ? BY_NAME[last] : undefined;
}
