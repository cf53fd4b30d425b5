/** Namespace URIs of CSW 2.0.2 and 3.0, their OWS and filter schemas, and the record schemas served. */
export const CSW = 'http://www.opengis.net/cat/csw/2.0.2';
export const CSW30 = 'http://www.opengis.net/cat/csw/3.0';
export const OWS = 'http://www.opengis.net/ows';
export const OWS11 = 'http://www.opengis.net/ows/1.1';
export const OWS20 = 'http://www.opengis.net/ows/2.0';
export const OGC = 'http://www.opengis.net/ogc';
export const FES = 'http://www.opengis.net/fes/2.0';
export const GML = 'http://www.opengis.net/gml';
export const GML32 = 'http://www.opengis.net/gml/3.2';
export const GMD = 'http://www.isotc211.org/2005/gmd';
export const DC = 'http://purl.org/dc/elements/1.1/';
export const DCT = 'http://purl.org/dc/terms/';
export const DCMITYPE = 'http://purl.org/dc/dcmitype/';
export const XLINK = 'http://www.w3.org/1999/xlink';
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const XSD = 'http://www.w3.org/2001/XMLSchema';
export const ATOM = 'http://www.w3.org/2005/Atom';
export const OPENSEARCH = 'http://a9.com/-/spec/opensearch/1.1/';
export const GEORSS = 'http://www.georss.org/georss';
export const APISO = 'http://www.opengis.net/cat/csw/apiso/1.0';

/** The prefixes written in responses (and understood in property names, which carry no namespace context). */
export const PREFIXES: Readonly<Record<string, string>> = {
  csw: CSW,
  csw30: CSW30,
  ows: OWS,
  ows20: OWS20,
  ogc: OGC,
  fes: FES,
  gml: GML,
  gml32: GML32,
  gmd: GMD,
  gco: 'http://www.isotc211.org/2005/gco',
  gmx: 'http://www.isotc211.org/2005/gmx',
  srv: 'http://www.isotc211.org/2005/srv',
  dc: DC,
  dct: DCT,
  xlink: XLINK,
  xsi: XSI,
  apiso: APISO,
  atom: ATOM,
  os: OPENSEARCH,
  georss: GEORSS,
};

/** Official schema locations, for xsi:schemaLocation. */
export const CSW_SCHEMA = 'http://schemas.opengis.net/csw/2.0.2/CSW-discovery.xsd';
export const CSW_PUBLICATION_SCHEMA = 'http://schemas.opengis.net/csw/2.0.2/CSW-publication.xsd';
export const CSW30_SCHEMA = 'http://schemas.opengis.net/cat/csw/3.0/cswAll.xsd';
export const OWS_EXCEPTION_SCHEMA = 'http://schemas.opengis.net/ows/1.0.0/owsExceptionReport.xsd';
export const OWS20_EXCEPTION_SCHEMA = 'http://schemas.opengis.net/ows/2.0/owsExceptionReport.xsd';
