import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { child, descendants, parseXml } from '../../../../src/core/xml.js';
import { CSW, DC, GMD } from '../../../../src/protocols/csw/namespaces.js';
import { DRIVERS } from '../../../support/drivers.js';
import { readShared } from '../../../support/shared.js';
import { validateXml } from '../../../support/xmllint.js';
import { openCswCatalogue, stacRecords, type CswCatalogue } from './cswCatalogue.js';
import { CSW202_XSD } from './cswSchemas.js';
import { canonicalXml } from './golden.js';

/*
 * CSW-T and Harvest: curators insert, update (whole records or RecordProperty) and delete records, and
 * harvest ISO 19139 and csw:Record documents from a URL (a local server here). Everyone else is refused.
 */

const TRANSACTION = (body: string) =>
  `<csw:Transaction xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:ogc="http://www.opengis.net/ogc" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dct="http://purl.org/dc/terms/" service="CSW" version="2.0.2">${body}</csw:Transaction>`;

const DC_RECORD = (id: string, title: string) =>
  `<csw:Record xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dct="http://purl.org/dc/terms/"><dc:identifier>${id}</dc:identifier><dc:title>${title}</dc:title><dc:type>http://purl.org/dc/dcmitype/Dataset</dc:type><dc:subject>sea ice</dc:subject><dct:abstract>Sea ice concentration from passive microwave radiometers.</dct:abstract></csw:Record>`;

/** The MD_Metadata element of a fixture, without its XML declaration. */
const isoFixture = (name: string) => {
  const text = readShared('fixtures', 'geonetwork', name);
  return text.slice(text.search(/<gmd:MD_Metadata[\s>]/)).trimEnd();
};

const summary = (xml: string) => {
  const root = parseXml(xml);
  const transaction = root.local === 'HarvestResponse' ? child(root, CSW, 'TransactionResponse') : root;
  const s = child(transaction, CSW, 'TransactionSummary');
  const n = (local: string) => Number(child(s, CSW, local)?.text);
  return { inserted: n('totalInserted'), updated: n('totalUpdated'), deleted: n('totalDeleted'), brief: descendants(root, CSW, 'BriefRecord') };
};

describe.each(DRIVERS)('CSW transactions and harvest (%s)', (driver) => {
  let csw: CswCatalogue;
  let curator: string;
  let reader: string;
  let source: Server;
  let sourceUrl: string;

  beforeAll(async () => {
    csw = await openCswCatalogue(driver);
    await csw.load(stacRecords(2));
    curator = (await csw.deps.tokens.create('curator', 'curator')).token;
    reader = (await csw.deps.tokens.create('reader', 'reader')).token;
    const documents: Record<string, { type: string; body: string }> = {
      '/ipma.xml': { type: 'application/xml', body: readShared('fixtures', 'geonetwork', 'iso19139_ipma-atmosphere.xml') },
      '/record.xml': { type: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${DC_RECORD('urn:example:harvested', 'Harvested record')}` },
      '/page.html': { type: 'text/html', body: '<html><body>not a record</body>' },
    };
    source = createServer((req, res) => {
      const doc = documents[req.url ?? ''];
      if (!doc) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': doc.type }).end(doc.body);
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => source?.close(resolve));
    await csw?.dispose();
  });

  const post = (body: string, token?: string) => {
    const r = csw.http.post('/csw').set('Content-Type', 'application/xml');
    return (token === undefined ? r : r.set('Authorization', `Bearer ${token}`)).send(body);
  };
  const byId = (id: string, schema = CSW) =>
    csw.http.get(`/csw?service=CSW&version=2.0.2&request=GetRecordById&elementSetName=full&outputSchema=${encodeURIComponent(schema)}&id=${encodeURIComponent(id)}`);

  it('refuses writes without a token (401) and with the reader role (403)', async () => {
    const body = TRANSACTION(`<csw:Insert>${DC_RECORD('urn:example:refused', 'Refused')}</csw:Insert>`);
    const anonymous = await post(body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toContain('exceptionCode="NoApplicableCode"');
    const forbidden = await post(body, reader);
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain('exceptionCode="NoApplicableCode"');
    expect(validateXml(forbidden.text, CSW202_XSD)).toEqual([]);
    expect((await byId('urn:example:refused')).text).not.toContain('urn:example:refused');
  });

  it('inserts csw:Record and gmd:MD_Metadata records; ISO records are served back as inserted', async () => {
    const iso = isoFixture('iso19139_marine-ie_gmx-anchor-keywords.xml');
    const res = await post(TRANSACTION(`<csw:Insert handle="batch-1">${DC_RECORD('urn:example:sea-ice', 'Sea ice concentration')}${iso}</csw:Insert>`), curator);
    expect(res.status).toBe(200);
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
    const s = summary(res.text);
    expect([s.inserted, s.updated, s.deleted]).toEqual([2, 0, 0]);
    expect(s.brief.map((b) => child(b, DC, 'identifier')?.text)).toEqual(['urn:example:sea-ice', 'ie.marine.data:dataset.1135']);
    const dc = await byId('urn:example:sea-ice');
    expect(child(child(parseXml(dc.text), CSW, 'Record'), DC, 'title')?.text).toBe('Sea ice concentration');
    const served = await byId('ie.marine.data:dataset.1135', GMD);
    const record = child(parseXml(served.text), GMD, 'MD_Metadata');
    expect(record).toBeDefined();
    expect(canonicalXml(served.text.slice(served.text.indexOf('<gmd:MD_Metadata'), served.text.lastIndexOf('</csw:GetRecordByIdResponse>')))).toBe(canonicalXml(iso));
  });

  it('refuses to insert a record that exists, and an unreadable record, before writing anything', async () => {
    const again = await post(TRANSACTION(`<csw:Insert>${DC_RECORD('urn:example:sea-ice', 'Again')}</csw:Insert>`), curator);
    expect(again.text).toContain('exceptionCode="NoApplicableCode"');
    const bad = await post(TRANSACTION(`<csw:Insert>${DC_RECORD('urn:example:new', 'New')}</csw:Insert><csw:Insert><dc:title>no record</dc:title></csw:Insert>`), curator);
    expect(bad.text).toContain('exceptionCode="InvalidParameterValue"');
    expect((await byId('urn:example:new')).text).not.toContain('urn:example:new');
  });

  it('updates a whole record, and properties of the records a constraint selects', async () => {
    const full = await post(TRANSACTION(`<csw:Update>${DC_RECORD('urn:example:sea-ice', 'Sea ice concentration, version 2')}</csw:Update>`), curator);
    expect(summary(full.text).updated).toBe(1);
    expect((await byId('urn:example:sea-ice')).text).toContain('Sea ice concentration, version 2');

    const properties = await post(
      TRANSACTION(
        '<csw:Update><csw:RecordProperty><csw:Name>apiso:Title</csw:Name><csw:Value>Renamed by a curator</csw:Value></csw:RecordProperty>' +
          '<csw:RecordProperty><csw:Name>dc:subject</csw:Name><csw:Value>curated</csw:Value></csw:RecordProperty>' +
          '<csw:Constraint version="1.1.0"><ogc:Filter><ogc:PropertyIsLike wildCard="*" singleChar="?" escapeChar="!"><ogc:PropertyName>dc:identifier</ogc:PropertyName><ogc:Literal>sst-2020-*</ogc:Literal></ogc:PropertyIsLike></ogc:Filter></csw:Constraint></csw:Update>',
      ),
      curator,
    );
    expect(validateXml(properties.text, CSW202_XSD)).toEqual([]);
    expect(summary(properties.text).updated).toBe(2);
    const item = await byId('sst-2020-02');
    expect(item.text).toContain('<dc:title>Renamed by a curator</dc:title>');
    expect(item.text).toContain('<dc:subject>curated</dc:subject>');

    const missing = await post(TRANSACTION(`<csw:Update>${DC_RECORD('urn:example:nowhere', 'Nowhere')}</csw:Update>`), curator);
    expect(missing.text).toContain('exceptionCode="InvalidParameterValue"');
  });

  it('deletes the records a constraint selects', async () => {
    const res = await post(TRANSACTION('<csw:Delete typeName="csw:Record"><csw:Constraint version="1.1.0"><csw:CqlText>dc:identifier = \'urn:example:sea-ice\'</csw:CqlText></csw:Constraint></csw:Delete>'), curator);
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
    expect(summary(res.text).deleted).toBe(1);
    expect(parseXml((await byId('urn:example:sea-ice')).text).children).toHaveLength(0);
  });

  it('harvests an ISO 19139 record from a URL and serves it as harvested; a second harvest changes nothing', async () => {
    const body = `<csw:Harvest xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" service="CSW" version="2.0.2"><csw:Source>${sourceUrl}/ipma.xml</csw:Source><csw:ResourceType>http://www.isotc211.org/2005/gmd</csw:ResourceType></csw:Harvest>`;
    const first = await post(body, curator);
    expect(first.status).toBe(200);
    expect(validateXml(first.text, CSW202_XSD)).toEqual([]);
    expect(summary(first.text)).toMatchObject({ inserted: 1, updated: 0 });
    const served = await byId('17bd184a-7e7d-4f81-95a5-041449a7212b', GMD);
    expect(served.text).toContain(isoFixture('iso19139_ipma-atmosphere.xml'));
    expect(summary((await post(body, curator)).text)).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('harvests a csw:Record by KVP, and refuses sources that fail or hold no record', async () => {
    const kvp = await csw.http
      .get(`/csw?service=CSW&version=2.0.2&request=Harvest&source=${encodeURIComponent(`${sourceUrl}/record.xml`)}&resourceType=${encodeURIComponent(CSW)}`)
      .set('Authorization', `Bearer ${curator}`);
    expect(summary(kvp.text).inserted).toBe(1);
    expect((await byId('urn:example:harvested')).text).toContain('Harvested record');
    const missing = await csw.http
      .get(`/csw?service=CSW&version=2.0.2&request=Harvest&source=${encodeURIComponent(`${sourceUrl}/gone.xml`)}&resourceType=${encodeURIComponent(GMD)}`)
      .set('Authorization', `Bearer ${curator}`);
    expect(missing.text).toContain('exceptionCode="NoApplicableCode"');
    expect(missing.text).toContain('HTTP 404');
    const html = await csw.http
      .get(`/csw?service=CSW&version=2.0.2&request=Harvest&source=${encodeURIComponent(`${sourceUrl}/page.html`)}&resourceType=${encodeURIComponent(GMD)}`)
      .set('Authorization', `Bearer ${curator}`);
    expect(html.text).toContain('exceptionCode="InvalidParameterValue"');
  });
});
