import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStac as dataciteToStac } from '../../../../crosswalks/datacite/toStac.js';
import type { RecordInput } from '../../../../src/core/record.js';
import { child, parseXml, type XmlElement } from '../../../../src/core/xml.js';
import { CSW, DC } from '../../../../src/protocols/csw/namespaces.js';
import { DRIVERS } from '../../../support/drivers.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { validateXml } from '../../../support/xmllint.js';
import { citeRecords, isoRecords, openCswCatalogue, type CswCatalogue } from './cswCatalogue.js';
import { CSW202_XSD } from './cswSchemas.js';

/*
 * Queryables whose values live in arrays of objects of the records (parties, languages, topic
 * categories), over ISO 19139 records harvested from GeoNetwork catalogues, DataCite records and the
 * CITE Dublin Core records.
 */

function dataciteRecords(): RecordInput[] {
  return readdirSync(sharedPath('fixtures', 'datacite'))
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => {
      const document = readShared('fixtures', 'datacite', f);
      return { doc: dataciteToStac(document, { baseUrl: 'http://csw.test' }).value, native: { format: 'datacite-xml', document } };
    });
}

const IPMA = '17bd184a-7e7d-4f81-95a5-041449a7212b';
const MARINE_IE = 'ie.marine.data:dataset.1135';
const JMA = 'urn:x-wmo:md:int.wmo.wis::SMJP01RJTD';
const GEOBRETAGNE = '955c3e47-411e-4969-b61b-3556d1b9f879';
const PANGAEA = '10.1594-pangaea.721193';
const OSISAF = '10.15770-eum_saf_osi_9999';
/** The DataCite 4.6 full example: English, with French titles. */
const DATACITE_FULL = '10.82433-b09z-4k37';

function filterRequest(filter: string): string {
  return `<csw:GetRecords xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:ogc="http://www.opengis.net/ogc" service="CSW" version="2.0.2" resultType="results" maxRecords="50">
  <csw:Query typeNames="csw:Record"><csw:ElementSetName>brief</csw:ElementSetName>
    <csw:Constraint version="1.1.0"><ogc:Filter>${filter}</ogc:Filter></csw:Constraint>
  </csw:Query>
</csw:GetRecords>`;
}

const equalTo = (property: string, literal: string, matchCase = true) =>
  `<ogc:PropertyIsEqualTo matchCase="${matchCase}"><ogc:PropertyName>${property}</ogc:PropertyName><ogc:Literal>${literal}</ogc:Literal></ogc:PropertyIsEqualTo>`;
const like = (property: string, pattern: string) =>
  `<ogc:PropertyIsLike wildCard="*" singleChar="?" escapeChar="\\"><ogc:PropertyName>${property}</ogc:PropertyName><ogc:Literal>${pattern}</ogc:Literal></ogc:PropertyIsLike>`;

function identifiers(xml: string): string[] {
  const root = parseXml(xml);
  const results = child(root, CSW, 'SearchResults') as XmlElement | undefined;
  if (results === undefined) throw new Error(`not a GetRecords response: ${xml.slice(0, 400)}`);
  return results.children.map((r) => child(r, DC, 'identifier')?.text ?? '').sort();
}

describe.each(DRIVERS)('CSW queryables in arrays of objects (%s)', (driver) => {
  let csw: CswCatalogue;

  beforeAll(async () => {
    csw = await openCswCatalogue(driver);
    await csw.load([...isoRecords(), ...dataciteRecords(), ...citeRecords()]);
  });
  afterAll(() => csw?.dispose());

  async function post(filter: string): Promise<string[]> {
    const res = await csw.http.post('/csw').set('Content-Type', 'application/xml').send(filterRequest(filter));
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
    return identifiers(res.text);
  }

  async function cql(constraint: string): Promise<string[]> {
    const res = await csw.http.get(
      `/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results&elementSetName=brief&maxRecords=50&constraintLanguage=CQL_TEXT&constraint=${encodeURIComponent(constraint)}`,
    );
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
    return identifiers(res.text);
  }

  it('apiso:OrganisationName matches providers, contact organisations and ISO organisations without an individual', async () => {
    expect(await post(equalTo('apiso:OrganisationName', 'Marine Institute'))).toEqual([MARINE_IE]);
    expect(await post(equalTo('apiso:OrganisationName', 'Japan Meteorological Agency'))).toEqual([JMA]);
    expect(await post(equalTo('apiso:OrganisationName', 'OSI SAF'))).toEqual([OSISAF]);
    // matchCase="false" folds case on the element's member too.
    expect(await post(equalTo('apiso:OrganisationName', 'marine institute', false))).toEqual([MARINE_IE]);
    expect(await post(equalTo('apiso:OrganisationName', 'marine institute'))).toEqual([]);
  });

  it('PropertyIsLike on apiso:OrganisationName is case-insensitive, with the filter\'s wildcards', async () => {
    expect(await post(like('apiso:OrganisationName', '*finances publiques*'))).toEqual([GEOBRETAGNE]);
    expect(await post(like('apiso:OrganisationName', 'dgfip*'))).toEqual([GEOBRETAGNE]);
    expect(await post(like('apiso:OrganisationName', 'ipm?'))).toEqual([IPMA]);
  });

  it('dc:creator is an author (DataCite creators, ISO originators), dc:publisher the publisher', async () => {
    expect(await post(equalTo('dc:creator', 'Kurihara, Haruko'))).toEqual([PANGAEA]);
    expect(await post(equalTo('dc:creator', 'IPMA'))).toEqual([IPMA]);
    // IPMA is only the point of contact of its record under its full name: not an author.
    expect(await post(equalTo('dc:creator', 'Instituto Português do Mar e da Atmosfera'))).toEqual([]);
    const pangaea = await post(equalTo('dc:publisher', 'PANGAEA - Data Publisher for Earth &amp; Environmental Science'));
    expect(pangaea).toContain(PANGAEA);
    expect(await post(like('dc:publisher', '*osi saf*'))).toEqual([OSISAF]);
  });

  it('apiso:Language accepts ISO 639-2 codes and BCP 47 tags', async () => {
    const french = await post(equalTo('apiso:Language', 'fre'));
    expect(french).toEqual([DATACITE_FULL, GEOBRETAGNE]);
    expect(await post(equalTo('apiso:Language', 'fr'))).toEqual(french);
    expect(await cql("dc:language = 'fre'")).toEqual(french);
    expect(french).not.toContain(IPMA);
    expect(await post(equalTo('apiso:Language', 'eng'))).toContain(IPMA);
  });

  it('negation and null: a record without a matching element satisfies Not', async () => {
    const all = await cql("dc:identifier like '%'");
    const creators = await post(equalTo('dc:creator', 'IPMA'));
    expect(await post(`<ogc:Not>${equalTo('dc:creator', 'IPMA')}</ogc:Not>`)).toEqual(all.filter((id) => !creators.includes(id)));
    const withoutOrganisation = await post('<ogc:PropertyIsNull><ogc:PropertyName>apiso:OrganisationName</ogc:PropertyName></ogc:PropertyIsNull>');
    expect(withoutOrganisation).not.toContain(IPMA);
    expect(withoutOrganisation).not.toContain(PANGAEA);
  });

  it('CQL text: the apiso names, and STAC member names (providers.name) of the search core', async () => {
    expect(await cql("apiso:OrganisationName = 'IPMA'")).toEqual([IPMA]);
    expect(await cql("apiso:OrganisationName IN ('IPMA', 'OSI SAF')")).toEqual([IPMA, OSISAF].sort());
    expect(await cql("providers.name = 'Marine Institute'")).toEqual([MARINE_IE]);
    expect(await cql("contacts.name LIKE 'Kurihara%'")).toEqual([PANGAEA]);
  });

  it('GetDomain lists languages and roles; parties found by role have no list of values', async () => {
    const domain = async (property: string) => {
      const res = await csw.http.get(`/csw?service=CSW&version=2.0.2&request=GetDomain&propertyName=${property}`);
      expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
      expect(res.text).toContain(`<csw:PropertyName>${property}</csw:PropertyName>`);
      return [...res.text.matchAll(/<csw:Value>([^<]*)<\/csw:Value>/g)].map((m) => m[1]);
    };
    expect(await domain('apiso:Language')).toEqual(['en', 'en-US', 'fr']);
    expect(await domain('apiso:ResponsiblePartyRole')).toEqual(expect.arrayContaining(['creator', 'originator', 'pointOfContact', 'HostingInstitution']));
    expect(await domain('dc:creator')).toEqual([]);
    expect(await domain('apiso:OrganisationName')).toEqual([]);
  });

  it('apiso:TopicCategory and apiso:ResponsiblePartyRole', async () => {
    expect(await post(equalTo('apiso:ResponsiblePartyRole', 'originator'))).toEqual([IPMA, MARINE_IE].sort());
    const topics = await post(equalTo('apiso:TopicCategory', 'climatologyMeteorologyAtmosphere'));
    expect(topics).toContain(IPMA);
  });
});
