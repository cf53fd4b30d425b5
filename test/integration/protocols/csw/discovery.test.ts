import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { child, children, descendants, parseXml, type XmlElement } from '../../../../src/core/xml.js';
import { ATOM, CSW, CSW30, DC, GMD, OPENSEARCH, OWS, OWS20 } from '../../../../src/protocols/csw/namespaces.js';
import { DRIVERS } from '../../../support/drivers.js';
import { readShared } from '../../../support/shared.js';
import { validateXml } from '../../../support/xmllint.js';
import { citeRecords, isoRecords, openCswCatalogue, stacRecords, TEST_ENDPOINT, type CswCatalogue } from './cswCatalogue.js';
import { CSW202_XSD, CSW30_XSD } from './cswSchemas.js';
import { canonicalXml, golden } from './golden.js';

/*
 * CSW 2.0.2 and 3.0 discovery over the CITE records, ISO 19139 records harvested from GeoNetwork
 * catalogues and STAC collections and items: golden requests and answers (pycsw-style: requests.txt and
 * post/*.xml, answers in expected/), each answer validated against the CSW schemas with xmllint.
 */

const here = (...parts: string[]) => fileURLToPath(new URL(parts.join('/'), import.meta.url));

interface GoldenRequest {
  readonly name: string;
  readonly query?: string;
  readonly body?: string;
}

const GET_REQUESTS: GoldenRequest[] = readFileSync(here('requests.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => ({ name: line.slice(0, line.indexOf(',')), query: line.slice(line.indexOf(',') + 1) }));
const POST_REQUESTS: GoldenRequest[] = readdirSync(here('post'))
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((f) => ({ name: `post_${f.slice(0, -4)}`, body: readFileSync(here('post', f), 'utf8') }));

/** The schema a CSW answer validates against, from its root element; undefined for Atom and OpenSearch. */
function schemaOf(root: XmlElement): string | undefined {
  if (root.ns === CSW || root.ns === OWS) return CSW202_XSD;
  if (root.ns === CSW30 || root.ns === OWS20 || root.ns === GMD) return CSW30_XSD;
  return undefined;
}

const searchResults = (xml: string) => {
  const root = parseXml(xml);
  const results = child(root, root.ns, 'SearchResults') as XmlElement;
  return {
    matched: Number(results.attrs.numberOfRecordsMatched),
    returned: Number(results.attrs.numberOfRecordsReturned),
    next: Number(results.attrs.nextRecord),
    records: results.children,
  };
};

const identifiers = (records: readonly XmlElement[]) =>
  records.map((r) => (r.ns === GMD ? (descendants(r, 'http://www.isotc211.org/2005/gco', 'CharacterString')[0]?.text ?? '') : (child(r, DC, 'identifier')?.text ?? '')));

describe.each(DRIVERS)('CSW discovery (%s)', (driver) => {
  let csw: CswCatalogue;
  const all = [...citeRecords(), ...isoRecords(), ...stacRecords()];

  beforeAll(async () => {
    csw = await openCswCatalogue(driver);
    await csw.load(all);
  });
  afterAll(() => csw?.dispose());

  const send = (r: GoldenRequest) =>
    r.body === undefined ? csw.http.get(`/csw?${r.query}`) : csw.http.post('/csw').set('Content-Type', 'application/xml').send(r.body);

  it.each([...GET_REQUESTS, ...POST_REQUESTS])('$name: the golden answer, valid against the CSW schemas', async (r) => {
    const res = await send(r);
    const actual = `HTTP ${res.status} ${res.type}\n${canonicalXml(res.text)}`;
    expect(actual).toBe(golden(here('expected', `${r.name}.xml`), actual));
    const schema = schemaOf(parseXml(res.text));
    if (schema !== undefined) expect(validateXml(res.text, schema)).toEqual([]);
  });

  it('pages through every record exactly once, with exact counts and nextRecord 0 at the end', async () => {
    for (const schema of [CSW, GMD]) {
      const seen: string[] = [];
      let start = 1;
      for (let page = 0; start !== 0; page++) {
        expect(page).toBeLessThan(20);
        const res = await csw.http.get(`/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results&outputSchema=${encodeURIComponent(schema)}&maxRecords=4&startPosition=${start}`);
        expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
        const page202 = searchResults(res.text);
        expect(page202.matched).toBe(all.length);
        expect(page202.returned).toBe(page202.records.length);
        expect(page202.returned).toBe(Math.min(4, all.length - (start - 1)));
        seen.push(...identifiers(page202.records));
        start = page202.next;
        if (start !== 0) expect(start).toBe(seen.length + 1);
      }
      expect(seen).toHaveLength(all.length);
      expect(new Set(seen).size).toBe(all.length);
    }
  });

  it('keeps a SortBy order across pages, collections before items', async () => {
    const titles: string[] = [];
    for (const start of [1, 6, 11, 16, 21]) {
      const res = await csw.http.get(`/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results&elementSetName=brief&sortBy=dc:title:A&maxRecords=5&startPosition=${start}`);
      titles.push(...searchResults(res.text).records.map((r) => child(r, DC, 'title')?.text ?? ''));
    }
    expect(titles).toHaveLength(all.length);
    const items = titles.filter((t) => t.startsWith('SST analysis'));
    expect(titles.slice(-items.length)).toEqual(items);
    expect(items).toEqual([...items].sort());
  });

  it('serves a record harvested as ISO 19139 as harvested', async () => {
    const res = await csw.http.get('/csw?service=CSW&version=2.0.2&request=GetRecordById&outputSchema=http://www.isotc211.org/2005/gmd&elementSetName=full&id=ie.marine.data:dataset.1135');
    const fixture = readShared('fixtures', 'geonetwork', 'iso19139_marine-ie_gmx-anchor-keywords.xml');
    const root = fixture.slice(fixture.search(/<gmd:MD_Metadata[\s>]/)).trimEnd();
    expect(res.text).toContain(root);
  });

  it('serves Atom feeds and entries with OpenSearch counts (CSW 3.0)', async () => {
    const res = await csw.http.get('/csw?service=CSW&version=3.0.0&request=GetRecords&resultType=results&outputFormat=application/atom%2Bxml&maxRecords=3&startPosition=2');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/atom+xml');
    const feed = parseXml(res.text);
    expect([feed.ns, feed.local]).toEqual([ATOM, 'feed']);
    expect(child(feed, OPENSEARCH, 'totalResults')?.text).toBe(String(all.length));
    expect(child(feed, OPENSEARCH, 'startIndex')?.text).toBe('2');
    expect(children(feed, ATOM, 'entry')).toHaveLength(3);
    const next = children(feed, ATOM, 'link').find((l) => l.attrs.rel === 'next');
    expect(next?.attrs.href).toContain(`${TEST_ENDPOINT}?`);
    expect(new URL(next?.attrs.href as string).searchParams.get('startPosition')).toBe('5');
  });

  it('answers a malformed XML request with InvalidParameterValue', async () => {
    const res = await csw.http.post('/csw').set('Content-Type', 'application/xml').send('<csw:GetRecords xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"><csw:Query></csw:GetRecords>');
    expect(res.status).toBe(200);
    expect(res.text).toContain('exceptionCode="InvalidParameterValue"');
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
  });

  it('reads KVP from a form-encoded POST body', async () => {
    const res = await csw.http
      .post('/csw')
      .type('form')
      .send('SERVICE=CSW&VERSION=2.0.2&REQUEST=GetRecords&TYPENAMES=csw:Record&RESULTTYPE=hits');
    expect(searchResults(res.text)).toMatchObject({ matched: all.length, returned: 0 });
  });

  it('answers a transaction without a token with NoApplicableCode and HTTP 401', async () => {
    const res = await csw.http
      .post('/csw')
      .set('Content-Type', 'application/xml')
      .send('<csw:Transaction xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" service="CSW" version="2.0.2"><csw:Delete><csw:Constraint version="1.1.0"><csw:CqlText>dc:identifier = \'sst-demo\'</csw:CqlText></csw:Constraint></csw:Delete></csw:Transaction>');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.text).toContain('exceptionCode="NoApplicableCode"');
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
  });
  it('pages through items without skipping or repeating one while seen items are updated', async () => {
    const catalogue = await openCswCatalogue(driver);
    try {
      const records = stacRecords(12);
      await catalogue.load(records);
      const seen: string[] = [];
      let start = 1;
      while (start !== 0) {
        const res = await catalogue.http.get(`/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results&maxRecords=3&startPosition=${start}`);
        const page = searchResults(res.text);
        seen.push(...identifiers(page.records));
        // Each record seen so far changes upstream before the next page is asked for.
        const changed = records
          .filter((r) => seen.includes(r.doc.id))
          .map(({ doc }) => ({ doc: doc.type === 'Feature' ? { ...doc, properties: { ...doc.properties, description: `changed at ${start}` } } : { ...doc, description: `changed at ${start}` } }));
        await catalogue.load(changed);
        start = page.next;
      }
      expect(seen.toSorted()).toEqual(records.map((r) => r.doc.id).toSorted());
    } finally {
      await catalogue.dispose();
    }
  });
});
