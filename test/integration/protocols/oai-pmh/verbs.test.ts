import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacCollection } from '../../../../src/core/stac.js';
import { DRIVERS } from '../../../support/drivers.js';
import { readShared } from '../../../support/shared.js';
import { makeCollection, makeItem } from '../../../support/stacFactory.js';
import { validateXml } from '../../../support/xmllint.js';
import {
  HOST,
  OAI_GMX_XSD,
  OAI_XSD,
  canonicalXml,
  expectValid,
  harvestList,
  isoInput,
  normalizeTimes,
  openOaiApp,
  readOai,
  type ListedHeader,
  type OaiApp,
} from './oaiTestApp.js';

const GMX_NS = 'http://www.isotc211.org/2005/gmx';
const schemaFor = (xml: string) => (xml.includes(GMX_NS) ? OAI_GMX_XSD : OAI_XSD);
const id = (local: string) => `oai:${HOST}:${local}`;

const REQUESTS = readFileSync(fileURLToPath(new URL('./requests.txt', import.meta.url)), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => {
    const comma = line.indexOf(',');
    return { name: line.slice(0, comma), query: line.slice(comma + 1) };
  });
const expectedFile = (name: string) => fileURLToPath(new URL(`./expected/${name}.xml`, import.meta.url));

/** A record with everything DataCite needs (DOI, creator, publisher, publication year). */
const sst: StacCollection = {
  ...makeCollection('ipsl-sst'),
  title: 'Sea surface temperature',
  description: 'Monthly SST.',
  keywords: ['SST'],
  'sci:doi': '10.1234/ipsl-sst',
  published: '2021-06-01T00:00:00Z',
  providers: [{ name: 'IPSL', roles: ['host'] }],
  contacts: [{ name: 'Jane Doe', organization: 'LSCE', roles: ['principalInvestigator'] }],
  extent: { spatial: { bbox: [[-10, 40, 10, 50]] }, temporal: { interval: [['2000-01-01T00:00:00Z', '2010-12-31T23:59:59Z']] } },
} as StacCollection;

const IPMA = '17bd184a-7e7d-4f81-95a5-041449a7212b';
const MARINE = 'ie.marine.data:dataset.1135';

/** Waits until the clock is in a later second, so that two batches get different datestamps. */
async function nextSecond(): Promise<void> {
  const now = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 1000 - (now % 1000) + 20));
}

describe.each(DRIVERS)('OAI-PMH verbs on %s', (driver) => {
  let app: OaiApp;
  /** Every header of the repository after seeding, by identifier. */
  let all: Map<string, ListedHeader>;

  beforeAll(async () => {
    app = await openOaiApp(driver);
    // First batch.
    await app.load([
      { doc: makeCollection('cmip6-ipsl', { title: 'CMIP6 IPSL-CM6A-LR' }) },
      { doc: makeCollection('cordex-eur', { title: 'CORDEX Europe', project: 'CORDEX' } as Partial<StacCollection>) },
      { doc: sst },
    ]);
    await app.load([
      { doc: makeItem('cmip6-ipsl', 'tas-ssp245', { properties: { title: 'tas ssp245', 'cmip6:mip_era': 'CMIP6', 'cmip6:activity_id': ['ScenarioMIP'] } }) },
      { doc: makeItem('cmip6-ipsl', 'tas-withdrawn', { properties: { 'cmip6:activity_id': 'CMIP' } }) },
    ]);
    await nextSecond();
    // Second batch: harvested ISO records, more items, a deletion.
    await app.load([isoInput('iso19139_ipma-atmosphere.xml', 'geonetwork-fr'), isoInput('iso19139_marine-ie_gmx-anchor-keywords.xml', 'geonetwork-fr')]);
    await app.load([
      { doc: makeItem('cmip6-ipsl', 'tas-historical', { properties: { 'cmip6:activity_id': 'CMIP' } }) },
      { doc: makeItem('cordex-eur', 'pr 100%', { properties: { project: 'CORDEX' } }) },
    ]);
    await app.deps.store.delete({ kind: 'item', collectionId: 'cmip6-ipsl', id: 'tas-withdrawn' }, 'test');
    const pages = await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' });
    all = new Map(pages.flatMap((p) => p.headers).map((h) => [h.identifier, h]));
  });
  afterAll(() => app?.dispose());

  it.each(REQUESTS)('answers $name as its golden file, valid against the OAI-PMH schema', async ({ name, query }) => {
    const res = await app.getRaw(query);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expectValid(res.text, schemaFor(res.text));
    const actual = normalizeTimes(res.text);
    const file = expectedFile(name);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
    expect(canonicalXml(actual)).toBe(canonicalXml(readFileSync(file, 'utf8')));
  });

  it('lists every record once, collections then items, tombstones as deleted without metadata', async () => {
    expect([...all.keys()]).toEqual([
      id('cmip6-ipsl'),
      id('cordex-eur'),
      id('ipsl-sst'),
      id(IPMA),
      id(MARINE),
      id('cmip6-ipsl/tas-ssp245'),
      id('cmip6-ipsl/tas-historical'),
      id('cordex-eur/pr%20100%25'),
      id('cmip6-ipsl/tas-withdrawn'),
    ]);
    expect([...all.values()].filter((h) => h.deleted).map((h) => h.identifier)).toEqual([id('cmip6-ipsl/tas-withdrawn')]);
    const res = await app.get({ verb: 'ListRecords', metadataPrefix: 'oai_dc' });
    expectValid(res.text);
    const records = readOai(res.text).headers;
    expect(records.map((r) => r.identifier)).toEqual([...all.keys()]);
    for (const r of records) expect(r.metadata === undefined).toBe(r.deleted);
    expect(res.text).not.toContain('resumptionToken');
  });

  it('streams lists: no Content-Length, chunked transfer', async () => {
    const res = await app.get({ verb: 'ListRecords', metadataPrefix: 'iso19139' });
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expectValid(res.text, OAI_GMX_XSD);
  });

  it('serves a record harvested as ISO 19139 as harvested, and others through the crosswalk', async () => {
    const native = readOai((await app.get({ verb: 'GetRecord', metadataPrefix: 'iso19139', identifier: id(IPMA) })).text).headers[0];
    expect(native?.metadata?.local).toBe('MD_Metadata');
    const harvested = isoInput('iso19139_ipma-atmosphere.xml', 'x').native?.document ?? '';
    const res = await app.get({ verb: 'GetRecord', metadataPrefix: 'iso19139', identifier: id(IPMA) });
    expect(canonicalXml(res.text.split('<metadata>')[1]?.split('</metadata>')[0] ?? '')).toBe(canonicalXml(harvested));
    const crosswalked = await app.get({ verb: 'GetRecord', metadataPrefix: 'iso19139', identifier: id('cmip6-ipsl/tas-ssp245') });
    expect(crosswalked.text).toContain('<gmd:MD_Metadata');
    expectValid(crosswalked.text, OAI_GMX_XSD);
  });

  it('keeps the xs:ID values of the records of one list apart', async () => {
    const res = await app.get({ verb: 'ListRecords', metadataPrefix: 'iso19139', set: 'collection' });
    const ids = [...res.text.matchAll(/\sgml:id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    expectValid(res.text, OAI_GMX_XSD);
  });

  it('offers DataCite only for records that have the mandatory DataCite fields', async () => {
    for (const prefix of ['datacite', 'oai_datacite']) {
      const pages = await harvestList(app, { verb: 'ListRecords', metadataPrefix: prefix }, OAI_XSD);
      expect(pages.flatMap((p) => p.headers).map((h) => h.identifier)).toEqual([id('ipsl-sst')]);
    }
    const lmf = readOai((await app.get({ verb: 'ListMetadataFormats', identifier: id('cmip6-ipsl/tas-ssp245') })).text);
    expect(lmf.root.children.at(-1)?.children.map((f) => f.children[0]?.text)).toEqual(['oai_dc', 'iso19139']);
  });

  it('accepts POST with a form body like GET, and counts an argument given in the query and the body as repeated', async () => {
    const get = await app.get({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set: 'collection:cordex-eur' });
    const post = await app.post('verb=ListIdentifiers&metadataPrefix=oai_dc&set=collection%3Acordex-eur');
    expect(post.status).toBe(200);
    expectValid(post.text);
    expect(normalizeTimes(post.text)).toBe(normalizeTimes(get.text));
    const both = await app.postTo('/oai?verb=Identify', 'verb=Identify');
    expect(readOai(both.text).errors.map((e) => e.code)).toEqual(['badVerb']);
    const repeated = await app.postTo('/oai?metadataPrefix=oai_dc', 'verb=ListRecords&metadataPrefix=oai_dc');
    expect(readOai(repeated.text).errors.map((e) => e.code)).toEqual(['badArgument']);
    expect(readOai(repeated.text).request.attrs).toEqual({});
  });

  it('lists in each set exactly the records whose headers name it (or a set below it)', async () => {
    const sets = readOai((await app.get({ verb: 'ListSets' })).text)
      .root.children.at(-1)
      ?.children.map((s) => s.children[0]?.text ?? '') ?? [];
    expect(sets).toEqual([
      'collection',
      'collection:17bd184a-7e7d-4f81-95a5-041449a7212b',
      'collection:cmip6-ipsl',
      'collection:cordex-eur',
      'collection:ie.marine.data~3Adataset.1135',
      'collection:ipsl-sst',
      'project',
      'project:CMIP6',
      'project:CMIP6:CMIP',
      'project:CMIP6:ScenarioMIP',
      'project:CORDEX',
      'source',
      'source:geonetwork-fr',
    ]);
    for (const set of sets) {
      const listed = (await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set }, OAI_XSD)).flatMap((p) => p.headers);
      const expected = [...all.values()].filter((h) => h.setSpecs.some((s) => s === set || s.startsWith(`${set}:`)));
      expect(listed.map((h) => h.identifier), set).toEqual(expected.map((h) => h.identifier));
    }
    const scenario = (await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set: 'project:CMIP6:ScenarioMIP' })).flatMap((p) => p.headers);
    expect(scenario.map((h) => h.identifier)).toEqual([id('cmip6-ipsl/tas-ssp245')]);
    const cmip6 = (await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set: 'project:CMIP6' })).flatMap((p) => p.headers);
    expect(cmip6.map((h) => h.identifier)).toEqual([id('cmip6-ipsl/tas-ssp245'), id('cmip6-ipsl/tas-historical'), id('cmip6-ipsl/tas-withdrawn')]);
    const source = (await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set: 'source:geonetwork-fr' })).flatMap((p) => p.headers);
    expect(source.map((h) => h.identifier)).toEqual([id(IPMA), id(MARINE)]);
  });

  it('selects by datestamp: from and until inclusive, in both granularities', async () => {
    const headers = [...all.values()];
    const first = all.get(id('cmip6-ipsl/tas-ssp245'))?.datestamp ?? '';
    const second = all.get(id('cmip6-ipsl/tas-historical'))?.datestamp ?? '';
    expect(first < second).toBe(true);
    const list = async (args: Record<string, string>) =>
      (await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', ...args }, OAI_XSD)).flatMap((p) => p.headers.map((h) => h.identifier));
    const upTo = (t: string) => headers.filter((h) => h.datestamp <= t).map((h) => h.identifier);
    const since = (t: string) => headers.filter((h) => h.datestamp >= t).map((h) => h.identifier);
    expect(await list({ until: first })).toEqual(upTo(first));
    expect(await list({ from: second })).toEqual(since(second));
    expect(await list({ from: second })).toContain(id('cmip6-ipsl/tas-withdrawn'));
    expect(await list({ from: first, until: first })).toEqual(headers.filter((h) => h.datestamp === first).map((h) => h.identifier));
    const day = first.slice(0, 10);
    expect(await list({ from: day, until: day })).toEqual(headers.filter((h) => h.datestamp.startsWith(day)).map((h) => h.identifier));
    const before = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
    const none = readOai((await app.get({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', until: before })).text);
    expect(none.errors.map((e) => e.code)).toEqual(['noRecordsMatch']);
    expect(none.request.attrs).toEqual({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', until: before });
  });

  it('states the earliest datestamp of the data and an identifier that GetRecord resolves', async () => {
    const identify = readOai((await app.get({ verb: 'Identify' })).text).root.children.at(-1);
    const earliest = identify?.children.find((c) => c.local === 'earliestDatestamp')?.text;
    expect(earliest).toBe([...all.values()].map((h) => h.datestamp).sort()[0]);
    const sample = identify?.children.find((c) => c.local === 'description')?.children[0]?.children.find((c) => c.local === 'sampleIdentifier')?.text ?? '';
    expect(sample).toBe(id('cmip6-ipsl'));
    for (const identifier of [sample, ...all.keys()]) {
      const record = readOai((await app.get({ verb: 'GetRecord', metadataPrefix: 'oai_dc', identifier })).text);
      expect(record.errors).toEqual([]);
      expect(record.headers[0]?.identifier).toBe(identifier);
    }
  });

  it("does not repeat pycsw's defects: empty datestamps and setSpecs, no deleted records", async () => {
    const pycsw = readShared('fixtures', 'geonetwork', 'oai-pmh_ListIdentifiers_iso_pycsw.xml');
    expect(validateXml(pycsw, OAI_XSD).some((e) => e.includes('datestamp'))).toBe(true);
    expect(readShared('fixtures', 'geonetwork', 'oai-pmh_Identify_pycsw.xml')).toContain('<oai:deletedRecord>no</oai:deletedRecord>');
    for (const header of all.values()) {
      expect(header.datestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(header.setSpecs.length).toBeGreaterThan(0);
      expect(header.setSpecs.every((s) => s !== '')).toBe(true);
    }
  });
});
