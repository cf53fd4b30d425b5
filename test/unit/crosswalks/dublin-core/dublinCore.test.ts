import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StacRecord } from '../../../../src/core/stac.js';
import { CrosswalkError } from '../../../../crosswalks/crosswalk.js';
import { toStac } from '../../../../crosswalks/dublin-core/toStac.js';
import { fromStac, renderCswRecord, renderOaiDc } from '../../../../crosswalks/dublin-core/fromStac.js';
import { toStac as dataciteToStac } from '../../../../crosswalks/datacite/toStac.js';
import { validateStac } from '../../../support/stacValidator.js';
import { validateXml } from '../../../support/xmllint.js';
import { readShared, sharedPath } from '../../../support/shared.js';

const ctx = { baseUrl: 'https://meridian.example.org' };
const RECORD_XSD = sharedPath('schemas', 'ogc', 'csw', '2.0.2', 'record.xsd');
const OAI_DC_XSD = sharedPath('schemas', 'oai', 'oai_dc.xsd');
const records = readdirSync(sharedPath('fixtures', 'csw-cite')).filter((f) => f.endsWith('.xml'));
const cite = (file: string) => toStac(readShared('fixtures', 'csw-cite', file), ctx);
const cswRecord = (body: string, crs?: string) => `<csw:Record xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:dct="http://purl.org/dc/terms/" xmlns:ows="http://www.opengis.net/ows"><dc:identifier>r1</dc:identifier>${body}
  ${crs === undefined ? '' : `<ows:BoundingBox crs="${crs}"><ows:LowerCorner>-10 40</ows:LowerCorner><ows:UpperCorner>10 50</ows:UpperCorner></ows:BoundingBox>`}</csw:Record>`;

function expectValidViews(record: StacRecord): void {
  expect(validateXml(renderOaiDc(record), OAI_DC_XSD)).toEqual([]);
  for (const set of ['brief', 'summary', 'full'] as const) expect(validateXml(renderCswRecord(record, set), RECORD_XSD), set).toEqual([]);
}

describe('Dublin Core to STAC', () => {
  it.each(records)('%s converts to a valid STAC Collection', (file) => {
    expect(validateStac(cite(file).value as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('maps a csw:Record with a subject scheme, a date and a lat/lon box (golden)', () => {
    const expected: unknown = JSON.parse(readFileSync(new URL('./expected/Record_9a669547-b69b-469f-a11f-2d875366bbdc.json', import.meta.url), 'utf8'));
    expect(cite('Record_9a669547-b69b-469f-a11f-2d875366bbdc.xml').value).toEqual(expected);
  });

  it.each([
    ['urn:ogc:def:crs:EPSG::4326', [40, -10, 50, 10]],
    ['urn:x-ogc:def:crs:EPSG:6.11:4326', [40, -10, 50, 10]],
    ['http://www.opengis.net/def/crs/EPSG/0/4326', [40, -10, 50, 10]],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', [-10, 40, 10, 50]],
    ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', [-10, 40, 10, 50]],
  ])('reads ows:BoundingBox corners in the axis order of %s', (crs, bbox) => {
    expect(toStac(cswRecord('', crs), ctx).value.extent.spatial.bbox).toEqual([bbox]);
  });

  it('reads oai_dc, its DCMI Box coverage and its licence, also inside an OAI-PMH response', () => {
    const oai = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record><metadata>
      <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <dc:title>SST</dc:title><dc:creator>Doe, Jane</dc:creator><dc:publisher>IPSL</dc:publisher><dc:identifier>oai:ipsl.fr:sst</dc:identifier>
      <dc:coverage>westlimit=-10; southlimit=40; eastlimit=10; northlimit=50</dc:coverage><dc:coverage>start=2000-01-01; end=2010-12-31</dc:coverage>
      <dc:rights>CC BY 4.0</dc:rights><dc:language>fr</dc:language></oai_dc:dc></metadata></record></GetRecord></OAI-PMH>`;
    const { value } = toStac(oai, ctx);
    expect(validateStac(value as unknown as Record<string, unknown>)).toEqual([]);
    expect(value).toMatchObject({
      id: 'oai:ipsl.fr:sst', title: 'SST', license: 'CC-BY-4.0', language: { code: 'fr' },
      extent: { spatial: { bbox: [[-10, 40, 10, 50]] }, temporal: { interval: [['2000-01-01T00:00:00Z', '2010-12-31T23:59:59Z']] } },
      providers: [{ name: 'IPSL', roles: ['host'] }],
      contacts: [{ name: 'Doe, Jane', roles: ['creator'] }, { name: 'IPSL', roles: ['publisher'] }],
    });
    expect(value.links).toEqual([{ rel: 'license', href: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC-BY-4.0' }]);
  });

  it('refuses documents without a Dublin Core record or identifier', () => {
    expect(() => toStac('<a/>', ctx)).toThrow(CrosswalkError);
    expect(() => toStac('<csw:Record xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"/>', ctx)).toThrow(CrosswalkError);
  });
});

describe('STAC to Dublin Core', () => {
  it.each(records)('%s renders valid oai_dc and csw Brief, Summary and full records', (file) => {
    expectValidViews(cite(file).value);
  });

  it.each(['datacite-kernel-4.6_full-example.xml', 'datacite-xml_10.1594-pangaea.721193.xml'])('a DataCite record (%s) renders valid views', (file) => {
    expectValidViews(dataciteToStac(readShared('fixtures', 'datacite', file), ctx).value);
  });

  it('writes ows:BoundingBox in EPSG:4326 latitude/longitude order and the box as DCMI Box in oai_dc', () => {
    const { value } = cite('Record_1ef30a8b-876d-4828-9246-c37ab4510bbd.xml');
    expect(renderCswRecord(value, 'brief')).toBe('<csw:BriefRecord xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/" '
      + 'xmlns:dct="http://purl.org/dc/terms/" xmlns:ows="http://www.opengis.net/ows"><dc:identifier>urn:uuid:1ef30a8b-876d-4828-9246-c37ab4510bbd</dc:identifier>'
      + '<dc:title>urn:uuid:1ef30a8b-876d-4828-9246-c37ab4510bbd</dc:title><dc:type>http://purl.org/dc/dcmitype/Service</dc:type>'
      + '<ows:BoundingBox crs="urn:ogc:def:crs:EPSG::4326" dimensions="2"><ows:LowerCorner>60.042 13.754</ows:LowerCorner>'
      + '<ows:UpperCorner>68.41 17.92</ows:UpperCorner></ows:BoundingBox></csw:BriefRecord>');
    expect(renderOaiDc(value)).toContain('<dc:coverage>westlimit=13.754; southlimit=60.042; eastlimit=17.92; northlimit=68.41</dc:coverage>');
    expect(renderOaiDc(value)).not.toMatch(/dct:|ows:/);
  });

  it('round-trips a csw:Record through STAC', () => {
    const source = readShared('fixtures', 'csw-cite', 'Record_e9330592-0932-474b-be34-c3a3bb67c7db.xml');
    const result = fromStac(toStac(source, ctx).value, ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(validateXml(result.value, RECORD_XSD)).toEqual([]);
    for (const element of ['<dc:identifier>urn:uuid:e9330592-0932-474b-be34-c3a3bb67c7db</dc:identifier>', '<dc:type>http://purl.org/dc/dcmitype/Text</dc:type>',
      '<dc:title>Fuscé vitae ligulä</dc:title>', '<dc:subject>Land titles</dc:subject>', '<dc:format>text/rtf</dc:format>', '<dc:date>2003-05-09T00:00:00Z</dc:date>',
      '<dct:abstract>Morbi ultriçes, dui suscipit vestibulum prètium, velit ante pretium tortor, egët tincidunt pede odio ac nulla.</dct:abstract>']) {
      expect(result.value).toContain(element);
    }
  });
});
