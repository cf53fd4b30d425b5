import { describe, expect, it } from 'vitest';
import { parseXml, type XmlElement } from '../../../../src/core/xml.js';
import { isoElementSet } from '../../../../src/protocols/csw/isoElementSet.js';
import { writeXml } from '../../../../src/protocols/csw/xmlWriter.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { validateXml } from '../../../support/xmllint.js';

/*
 * The ISO brief and summary element sets over pycsw's APISO records (ISO 19139, 2006 flavour): four
 * datasets and one service, taken from a pycsw GetRecords response.
 */

const ISO_2006_XSD = sharedPath('schemas', 'validate', 'iso19139-20060504-all.xsd');
const records = (child(parseXml(readShared('fixtures', 'geonetwork', 'csw-GetRecords_gmd-full_pycsw-apiso.xml')), 'SearchResults')?.children ?? []).map(writeXml);

function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local);
}
const names = (el: XmlElement | undefined) => (el?.children ?? []).map((c) => c.local);
const identification = (xml: string) => child(parseXml(xml), 'identificationInfo')?.children[0];

describe('ISO element sets', () => {
  const datasets = records.filter((r) => !r.includes('SV_ServiceIdentification'));
  const service = records.find((r) => r.includes('SV_ServiceIdentification')) as string;

  it('keeps every dataset view valid against ISO 19139', () => {
    expect(datasets).toHaveLength(4);
    for (const record of datasets) {
      expect(validateXml(record, ISO_2006_XSD)).toEqual([]);
      for (const view of ['brief', 'summary'] as const) expect(validateXml(isoElementSet(record, view), ISO_2006_XSD)).toEqual([]);
    }
  });

  it('brief keeps what identifies and locates a record; summary adds keywords, topics and distribution', () => {
    const record = datasets[0] as string;
    expect(names(parseXml(isoElementSet(record, 'brief')))).toEqual(['fileIdentifier', 'hierarchyLevel', 'contact', 'dateStamp', 'identificationInfo']);
    expect(names(identification(isoElementSet(record, 'brief')))).not.toContain('descriptiveKeywords');
    const summary = identification(isoElementSet(record, 'summary'));
    expect(names(summary)).toEqual(expect.arrayContaining(['citation', 'abstract', 'descriptiveKeywords', 'language', 'topicCategory', 'extent']));
    expect(isoElementSet(record, 'full')).toBe(record);
  });

  // pycsw's service record lacks srv:couplingType and srv:containsOperations, and is not valid as it is.
  it('keeps the service type in brief, and the operated datasets in summary', () => {
    const brief = names(identification(isoElementSet(service, 'brief')));
    expect(brief).toEqual(expect.arrayContaining(['citation', 'abstract', 'extent', 'serviceType']));
    expect(brief).not.toContain('descriptiveKeywords');
    expect(brief).not.toContain('operatesOn');
    expect(names(identification(isoElementSet(service, 'summary')))).toEqual(expect.arrayContaining(['descriptiveKeywords', 'serviceType', 'operatesOn']));
  });
});
