import { parseXml, type XmlElement } from '../../core/xml.js';
import type { ElementSet } from './request.js';
import { writeXml } from './xmlWriter.js';

/**
 * The children an ISO 19139 object keeps in a view, by the object's name (gmd and srv). Objects not
 * named keep every child. The lists follow the brief and summary element sets of the ISO application
 * profile (OGC 07-045), plus the elements ISO 19139 requires, so that every view stays valid against
 * gmd.xsd: an MD_Metadata needs its contact and dateStamp, an identification its citation, abstract
 * (and language, for data), a citation its date, a service its coupling type and operations, a data
 * quality report its scope.
 */
type ElementSetRules = Readonly<Record<string, readonly string[]>>;

const SERVICE_REQUIRED = ['serviceType', 'serviceTypeVersion', 'couplingType', 'containsOperations'];

/** Brief: identifier, type, title, dates, bounding box and graphic overview. */
const BRIEF: ElementSetRules = {
  MD_Metadata: ['fileIdentifier', 'hierarchyLevel', 'contact', 'dateStamp', 'identificationInfo'],
  MD_DataIdentification: ['citation', 'abstract', 'graphicOverview', 'language', 'extent'],
  SV_ServiceIdentification: ['citation', 'abstract', 'graphicOverview', ...SERVICE_REQUIRED, 'extent'],
  CI_Citation: ['title', 'date'],
  EX_Extent: ['geographicElement'],
};

/** Summary: brief, plus abstract, keywords, topic, languages, resolution, reference system, online resources, lineage. */
const SUMMARY: ElementSetRules = {
  MD_Metadata: [
    'fileIdentifier', 'language', 'characterSet', 'parentIdentifier', 'hierarchyLevel', 'hierarchyLevelName', 'contact',
    'dateStamp', 'metadataStandardName', 'metadataStandardVersion', 'referenceSystemInfo', 'identificationInfo',
    'distributionInfo', 'dataQualityInfo',
  ],
  MD_DataIdentification: [
    'citation', 'abstract', 'pointOfContact', 'graphicOverview', 'descriptiveKeywords', 'resourceConstraints',
    'spatialRepresentationType', 'spatialResolution', 'language', 'characterSet', 'topicCategory', 'extent',
  ],
  SV_ServiceIdentification: [
    'citation', 'abstract', 'pointOfContact', 'graphicOverview', 'descriptiveKeywords', 'resourceConstraints',
    ...SERVICE_REQUIRED, 'extent', 'operatesOn',
  ],
  CI_Citation: ['title', 'alternateTitle', 'date', 'edition', 'identifier'],
  MD_Distribution: ['distributionFormat', 'transferOptions'],
  DQ_DataQuality: ['scope', 'lineage'],
};

function prune(el: XmlElement, rules: ElementSetRules): XmlElement {
  const kept = rules[el.local];
  const children = kept === undefined ? el.children : el.children.filter((c) => kept.includes(c.local));
  return { ...el, children: children.map((c) => prune(c, rules)) };
}

/**
 * An ISO 19139 `gmd:MD_Metadata` record reduced to the brief or summary element set (full returns it
 * unchanged), whether it was harvested as ISO or rendered from STAC: the same selection of elements,
 * in document order, written back with the usual prefixes.
 */
export function isoElementSet(xml: string, elementSet: ElementSet): string {
  if (elementSet === 'full') return xml;
  return writeXml(prune(parseXml(xml), elementSet === 'brief' ? BRIEF : SUMMARY));
}
