/** Namespaces and tables shared by the Dublin Core crosswalks (csw:Record and oai_dc). */

export const DC_NS = 'http://purl.org/dc/elements/1.1/';
export const DCT_NS = 'http://purl.org/dc/terms/';
export const CSW_NS = 'http://www.opengis.net/cat/csw/2.0.2';
export const OWS_NS = 'http://www.opengis.net/ows';
export const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
export const OAI_DC_XSD = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';
export const DCMITYPE_NS = 'http://purl.org/dc/dcmitype/';

/** The CRS Meridian writes on `ows:BoundingBox`: EPSG 4326, so corners are latitude then longitude. */
export const BBOX_CRS = 'urn:ogc:def:crs:EPSG::4326';

/** The twelve DCMI Type vocabulary terms. */
export const DCMI_TYPES: ReadonlySet<string> = new Set([
  'Collection', 'Dataset', 'Event', 'Image', 'InteractiveResource', 'MovingImage', 'PhysicalObject', 'Service',
  'Software', 'Sound', 'StillImage', 'Text',
]);

/** DCMI Type for a DataCite resourceTypeGeneral, for records minted or harvested as DataCite. */
export const DCMI_TYPE_OF_DATACITE: Readonly<Record<string, string>> = {
  Audiovisual: 'MovingImage', Collection: 'Collection', Dataset: 'Dataset', Event: 'Event', Image: 'Image',
  InteractiveResource: 'InteractiveResource', Model: 'Dataset', PhysicalObject: 'PhysicalObject', Service: 'Service',
  Software: 'Software', Sound: 'Sound', Text: 'Text', Workflow: 'Software',
};

/** Link relations written as `dc:relation`. */
export const RELATION_RELS: ReadonlySet<string> = new Set([
  'related', 'parent', 'child', 'derived_from', 'describedby', 'cites', 'cited-by', 'supplement-to', 'supplemented-by',
  'predecessor-version', 'successor-version', 'latest-version', 'alternate', 'via',
]);
