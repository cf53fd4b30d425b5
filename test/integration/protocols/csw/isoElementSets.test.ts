import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { child, descendants, parseXml, type XmlElement } from '../../../../src/core/xml.js';
import { CSW, GMD } from '../../../../src/protocols/csw/namespaces.js';
import { writeXml } from '../../../../src/protocols/csw/xmlWriter.js';
import { DRIVERS } from '../../../support/drivers.js';
import { sharedPath } from '../../../support/shared.js';
import { validateXml } from '../../../support/xmllint.js';
import { isoRecords, openCswCatalogue, stacRecords, type CswCatalogue } from './cswCatalogue.js';
import { CSW202_XSD, CSW30_XSD } from './cswSchemas.js';

/*
 * The brief and summary element sets of the ISO application profile for gmd:MD_Metadata: records
 * harvested as ISO 19139 (pruned from their native document) and records rendered from STAC, each view
 * valid against the CSW response schema and, on its own, against ISO/TS 19139:2007.
 */

const GCO = 'http://www.isotc211.org/2005/gco';
const ISO_XSD = sharedPath('schemas', 'validate', 'iso19139-20070417-all.xsd');
const GMD_SCHEMA = encodeURIComponent('http://www.isotc211.org/2005/gmd');

const HARVESTED = ['17bd184a-7e7d-4f81-95a5-041449a7212b', 'ie.marine.data:dataset.1135', 'urn:x-wmo:md:int.wmo.wis::SMJP01RJTD', '955c3e47-411e-4969-b61b-3556d1b9f879'];
const FROM_STAC = ['sst-demo', 'sst-2020-01'];

const BRIEF_METADATA = ['fileIdentifier', 'hierarchyLevel', 'contact', 'dateStamp', 'identificationInfo'];
const BRIEF_IDENTIFICATION = ['citation', 'abstract', 'graphicOverview', 'language', 'extent'];

const childNames = (el: XmlElement | undefined) => [...new Set((el?.children ?? []).map((c) => c.local))];
const identification = (record: XmlElement) => child(record, GMD, 'identificationInfo')?.children[0];

describe.each(DRIVERS)('CSW ISO brief and summary records (%s)', (driver) => {
  let csw: CswCatalogue;

  beforeAll(async () => {
    csw = await openCswCatalogue(driver);
    await csw.load([...isoRecords(), ...stacRecords(2)]);
  });
  afterAll(() => csw?.dispose());

  /** The record of a GetRecordById in the element set, after checking the response and the record against the schemas. */
  async function record(id: string, elementSet: string): Promise<XmlElement> {
    const res = await csw.http.get(`/csw?service=CSW&version=2.0.2&request=GetRecordById&outputSchema=${GMD_SCHEMA}&elementSetName=${elementSet}&id=${encodeURIComponent(id)}`);
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
    const found = parseXml(res.text).children[0];
    expect([found?.ns, found?.local]).toEqual([GMD, 'MD_Metadata']);
    expect(validateXml(writeXml(found as XmlElement), ISO_XSD)).toEqual([]);
    return found as XmlElement;
  }

  it.each([...HARVESTED, ...FROM_STAC])('%s: brief keeps identifier, type, title, dates, box and overview', async (id) => {
    const brief = await record(id, 'brief');
    expect(descendants(child(brief, GMD, 'fileIdentifier') as XmlElement, GCO, 'CharacterString')[0]?.text).toBe(id);
    expect(BRIEF_METADATA).toEqual(expect.arrayContaining(childNames(brief)));
    expect(BRIEF_IDENTIFICATION).toEqual(expect.arrayContaining(childNames(identification(brief))));
    expect(childNames(child(identification(brief), GMD, 'citation')?.children[0])).toEqual(['title', 'date']);
    expect(descendants(brief, GMD, 'EX_GeographicBoundingBox').length).toBeGreaterThan(0);
    expect(descendants(brief, GMD, 'descriptiveKeywords')).toEqual([]);
  });

  it.each([...HARVESTED, ...FROM_STAC])('%s: summary adds keywords and distribution, full is the whole record', async (id) => {
    const [brief, summary, full] = [await record(id, 'brief'), await record(id, 'summary'), await record(id, 'full')];
    const size = (el: XmlElement) => writeXml(el).length;
    expect(size(brief)).toBeLessThan(size(summary));
    expect(size(summary)).toBeLessThanOrEqual(size(full));
    expect(descendants(summary, GMD, 'MD_Keywords').length).toBe(descendants(full, GMD, 'MD_Keywords').length);
    expect(descendants(summary, GMD, 'onLine').length).toBe(descendants(full, GMD, 'onLine').length);
    expect(descendants(summary, GMD, 'distributor')).toEqual([]);
  });

  it('CSW 3.0 GetRecordById in the summary ISO view, valid', async () => {
    const res = await csw.http.get(`/csw?service=CSW&version=3.0.0&request=GetRecordById&outputSchema=${GMD_SCHEMA}&elementSetName=summary&id=${encodeURIComponent(HARVESTED[1] as string)}`);
    expect(validateXml(res.text, CSW30_XSD)).toEqual([]);
    const root = parseXml(res.text);
    expect([root.ns, root.local]).toEqual([GMD, 'MD_Metadata']);
    expect(descendants(root, GMD, 'distributor')).toEqual([]);
  });

  it('GetRecords in the brief ISO view: every record, valid', async () => {
    const res = await csw.http.get(`/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=gmd:MD_Metadata&resultType=results&outputSchema=${GMD_SCHEMA}&elementSetName=brief&maxRecords=20`);
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
    const records = (child(parseXml(res.text), CSW, 'SearchResults') as XmlElement).children;
    expect(records).toHaveLength(HARVESTED.length + FROM_STAC.length + 1);
    for (const r of records) expect(BRIEF_METADATA).toEqual(expect.arrayContaining(childNames(r)));
  });
});
