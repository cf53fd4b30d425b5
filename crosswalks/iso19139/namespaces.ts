/** Namespace URIs of ISO 19139 (gmd, gco, gmx, srv), ISO 19115-2 (gmi), ISO 19115-3 and GML. */
export const GMD = 'http://www.isotc211.org/2005/gmd';
export const GCO = 'http://www.isotc211.org/2005/gco';
export const GMX = 'http://www.isotc211.org/2005/gmx';
export const GMI = 'http://www.isotc211.org/2005/gmi';
export const SRV = 'http://www.isotc211.org/2005/srv';
export const GML32 = 'http://www.opengis.net/gml/3.2';
export const GML = 'http://www.opengis.net/gml';
/** Root namespace of ISO 19115-3 records (GeoNetwork 4 writes mdb 2.0). */
export const MDB = 'http://standards.iso.org/iso/19115/-3/mdb/2.0';

const ISO_NAMESPACE_ROOTS = ['http://www.isotc211.org/2005/', 'http://standards.iso.org/iso/19115/-3/', 'http://standards.iso.org/iso/19157/-2/'];

/**
 * True for the namespaces whose elements the ISO reader matches by local name. ISO 19139 and 19115-3
 * share most local names (title, abstract, keyword, linkage...) under different namespaces, so one
 * reader serves both standards; namespaces outside ISO (geonet:, gml:) never match by accident.
 */
export function isIsoNamespace(ns: string): boolean {
  return ISO_NAMESPACE_ROOTS.some((root) => ns.startsWith(root));
}

/** GML 3.1 and 3.2: temporal extents use either, depending on the schema flavour of the record. */
export function isGmlNamespace(ns: string): boolean {
  return ns === GML32 || ns === GML;
}
