import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordInput, RecordKey } from '../../../../src/core/record.js';
import { decodeToken, encodeToken } from '../../../../src/protocols/oai-pmh/resumptionToken.js';
import { makeCollection, makeItem } from '../../../support/stacFactory.js';
import { DRIVERS } from '../../../support/drivers.js';
import {
  HOST,
  OAI_GMX_XSD,
  OAI_XSD,
  expectValid,
  harvestList,
  openOaiApp,
  readOai,
  type ListedHeader,
  type OaiApp,
  type OaiResponse,
} from './oaiTestApp.js';

const PAGE_SIZE = 7;
const TOKEN_KEY = Buffer.from('a fixed key for the tests of this file');
const COLLECTIONS = ['c0', 'c1', 'c2'];
const ITEMS_PER_COLLECTION = 30;

const identifierOf = (key: RecordKey) => (key.kind === 'item' ? `oai:${HOST}:${key.collectionId}/${key.id}` : `oai:${HOST}:${key.id}`);
const itemKey = (collectionId: string, id: string): RecordKey => ({ kind: 'item', collectionId, id });
const headersOf = (pages: readonly OaiResponse[]) => pages.flatMap((p) => p.headers);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Item i of a collection: every third comes from the `esgf` source; in c2, every fourth has what DataCite needs. */
function itemInput(collection: string, i: number, title = `item ${i}`): RecordInput {
  const datacite = collection === 'c2' && i % 4 === 0;
  const doc = makeItem(collection, `i${String(i).padStart(2, '0')}`, {
    properties: {
      title,
      ...(datacite
        ? {
            'sci:doi': `10.1234/${collection}.${i}`,
            published: '2021-01-01T00:00:00Z',
            providers: [{ name: 'IPSL', roles: ['host'] }],
            contacts: [{ name: 'Jane Doe', roles: ['principalInvestigator'] }],
          }
        : {}),
    },
  });
  return i % 3 === 0 ? { doc, provenance: { sourceId: 'esgf', nativeId: doc.id, harvestedAt: '2026-01-01T00:00:00Z' } } : { doc };
}

describe.each(DRIVERS)('OAI-PMH harvesting on %s', (driver) => {
  let app: OaiApp;

  beforeAll(async () => {
    app = await openOaiApp(driver, { pageSize: PAGE_SIZE, tokenKey: TOKEN_KEY });
  });
  afterAll(() => app?.dispose());

  it('an empty repository has no set hierarchy and no records, and still identifies itself', async () => {
    const sets = await app.get({ verb: 'ListSets' });
    expectValid(sets.text);
    expect(readOai(sets.text).errors.map((e) => e.code)).toEqual(['noSetHierarchy']);
    const inSet = await app.get({ verb: 'ListRecords', metadataPrefix: 'oai_dc', set: 'collection:c0' });
    expect(readOai(inSet.text).errors.map((e) => e.code)).toEqual(['noSetHierarchy']);
    const records = await app.get({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' });
    expect(readOai(records.text).errors.map((e) => e.code)).toEqual(['noRecordsMatch']);
    const identify = await app.get({ verb: 'Identify' });
    expectValid(identify.text);
    const response = readOai(identify.text);
    expect(response.root.children.at(-1)?.children.find((c) => c.local === 'earliestDatestamp')?.text).toBe(response.responseDate);
  });

  it('pages a list with resumption tokens: cursor, completeListSize, an empty token at the end', async () => {
    await app.load(COLLECTIONS.map((id) => ({ doc: makeCollection(id) })));
    for (const c of COLLECTIONS) await app.load(Array.from({ length: ITEMS_PER_COLLECTION }, (_, i) => itemInput(c, i)));
    for (const i of [1, 2, 5]) await app.deps.store.delete(itemKey('c0', `i0${i}`), 'test');
    const total = COLLECTIONS.length * (ITEMS_PER_COLLECTION + 1);

    const pages = await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' }, OAI_XSD);
    expect(pages).toHaveLength(Math.ceil(total / PAGE_SIZE));
    pages.forEach((page, n) => {
      const last = n === pages.length - 1;
      expect(page.token).toEqual({ value: last ? '' : expect.any(String), cursor: n * PAGE_SIZE, completeListSize: total });
      expect(page.headers).toHaveLength(last ? total - n * PAGE_SIZE : PAGE_SIZE);
    });
    const headers = headersOf(pages);
    expect(new Set(headers.map((h) => h.identifier)).size).toBe(total);
    expect(headers.filter((h) => h.deleted)).toHaveLength(3);
    // Collections first, then items, each in datestamp order.
    expect(headers.slice(0, 3).map((h) => h.identifier)).toEqual(COLLECTIONS.map((id) => `oai:${HOST}:${id}`));
    const items = headers.slice(3).map((h) => h.datestamp);
    expect(items).toEqual([...items].sort());
    // A resumption request names only the token.
    expect(pages[1]?.request.attrs).toEqual({ verb: 'ListIdentifiers', resumptionToken: expect.any(String) });
  });

  it('answers a repeated token with the same page, and refuses altered, foreign and misused tokens', async () => {
    const first = readOai((await app.get({ verb: 'ListRecords', metadataPrefix: 'oai_dc' })).text);
    const token = first.token?.value ?? '';
    const again = [await app.get({ verb: 'ListRecords', resumptionToken: token }), await app.get({ verb: 'ListRecords', resumptionToken: token })];
    expect(readOai(again[0]?.text ?? '').headers).toEqual(readOai(again[1]?.text ?? '').headers);
    const [payload = '', mac = ''] = token.split('.');
    const altered = `${payload.slice(0, -2)}${payload.endsWith('A') ? 'B' : 'A'}${payload.slice(-1)}.${mac}`;
    // The same list, signed by another server's key.
    const foreign = encodeToken(decodeToken(token, TOKEN_KEY), Buffer.from('another key'));
    for (const [verb, bad] of [['ListRecords', altered], ['ListRecords', `${payload}.${mac.slice(1)}`], ['ListIdentifiers', token], ['ListSets', token], ['ListRecords', foreign]] as const) {
      const res = await app.get({ verb, resumptionToken: bad });
      expectValid(res.text);
      const answer = readOai(res.text);
      expect(answer.errors.map((e) => e.code), `${verb} ${bad}`).toEqual(['badResumptionToken']);
      expect(answer.request.attrs).toEqual({ verb, resumptionToken: bad });
    }
  });

  it('keeps the format and the set in the token across pages', async () => {
    const pages = await harvestList(app, { verb: 'ListRecords', metadataPrefix: 'iso19139', set: 'collection:c1' }, OAI_GMX_XSD);
    expect(pages).toHaveLength(Math.ceil((ITEMS_PER_COLLECTION + 1) / PAGE_SIZE));
    const records = headersOf(pages);
    expect(records.map((r) => r.identifier)).toEqual([
      `oai:${HOST}:c1`,
      ...Array.from({ length: ITEMS_PER_COLLECTION }, (_, i) => `oai:${HOST}:c1/i${String(i).padStart(2, '0')}`),
    ]);
    expect(records.every((r) => r.metadata?.local === 'MD_Metadata')).toBe(true);
  });

  it('pages sparse lists (a source set, a format few records have) without empty pages or a count', async () => {
    const esgf = headersOf(await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', set: 'source:esgf' }, OAI_XSD));
    const expectedEsgf = COLLECTIONS.flatMap((c) => Array.from({ length: ITEMS_PER_COLLECTION / 3 }, (_, k) => `oai:${HOST}:${c}/i${String(k * 3).padStart(2, '0')}`));
    expect(esgf.map((h) => h.identifier).sort()).toEqual(expectedEsgf.sort());
    const pages = await harvestList(app, { verb: 'ListRecords', metadataPrefix: 'oai_datacite' }, OAI_XSD);
    expect(pages.length).toBeGreaterThan(1);
    const expectedDatacite = Array.from({ length: ITEMS_PER_COLLECTION / 4 + 1 }, (_, k) => `oai:${HOST}:c2/i${String(k * 4).padStart(2, '0')}`);
    pages.forEach((page, n) => {
      expect(page.headers.length).toBeGreaterThan(0);
      // Only the end of the list knows its size: records are refused as they are read.
      const last = n === pages.length - 1;
      expect(page.token?.completeListSize).toBe(last ? expectedDatacite.length : undefined);
    });
    expect(headersOf(pages).map((h) => h.identifier)).toEqual(expectedDatacite);
  });

  /**
   * What "no record lost, none repeated" means while records change during a harvest whose first request
   * froze `until` at its time T:
   * - a record that existed before T and was not changed during the harvest is listed exactly once, as it was;
   * - a record changed (updated, deleted or restored) during the harvest is listed at most once, and then in
   *   its state before T; a record created during the harvest is not listed;
   * - an incremental harvest with from = the first response's responseDate (T to the second) lists every
   *   record changed or created during the first harvest, exactly once, in its final state.
   */
  it('neither loses nor repeats a record while records change during a harvest, and the next incremental harvest catches every change', async () => {
    const before = new Map(headersOf(await harvestList(app, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' })).map((h) => [h.identifier, h]));
    const finalDeleted = new Map<string, boolean>();
    const created = new Set<string>();
    let harvesting = true;
    let started = false;
    let mutations = 0;

    async function mutate(): Promise<void> {
      while (!started) await sleep(2);
      for (let n = 0; harvesting; n += 1) {
        // Records everywhere in the list order: some before the cursor, some after.
        const collection = COLLECTIONS[n % 3] as string;
        const i = (n * 7 + 3) % ITEMS_PER_COLLECTION;
        const key = itemKey(collection, `i${String(i).padStart(2, '0')}`);
        switch (n % 4) {
          case 0:
          case 1:
            await app.load([itemInput(collection, i, `changed ${n}`)]);
            finalDeleted.set(identifierOf(key), false);
            break;
          case 2:
            await app.deps.store.delete(key, 'test');
            finalDeleted.set(identifierOf(key), true);
            break;
          default: {
            const id = `new${n}`;
            await app.load([{ doc: makeItem(collection, id) }]);
            created.add(identifierOf(itemKey(collection, id)));
            finalDeleted.set(identifierOf(itemKey(collection, id)), false);
          }
        }
        mutations += 1;
        await sleep(3);
      }
    }

    async function harvest(): Promise<OaiResponse[]> {
      const pages: OaiResponse[] = [];
      let args: Record<string, string> | undefined = { verb: 'ListRecords', metadataPrefix: 'oai_dc' };
      while (args) {
        const res = await app.get(args);
        expectValid(res.text);
        const page = readOai(res.text);
        pages.push(page);
        started = true;
        // The last record of a list may change after its page announced it: the rest is then empty.
        if (page.errors.length > 0) {
          expect(page.errors.map((e) => e.code)).toEqual(['noRecordsMatch']);
          break;
        }
        args = page.token?.value ? { verb: 'ListRecords', resumptionToken: page.token.value } : undefined;
        await sleep(5);
      }
      harvesting = false;
      return pages;
    }

    const [pages] = await Promise.all([harvest(), mutate()]);
    expect(mutations).toBeGreaterThan(5);
    const listed = headersOf(pages);
    const counts = new Map<string, number>();
    for (const h of listed) counts.set(h.identifier, (counts.get(h.identifier) ?? 0) + 1);

    for (const [identifier, was] of before) {
      if (finalDeleted.has(identifier)) {
        expect(counts.get(identifier) ?? 0, identifier).toBeLessThanOrEqual(1);
        const seen = listed.find((h) => h.identifier === identifier);
        if (seen) expect({ deleted: seen.deleted, datestamp: seen.datestamp }).toEqual({ deleted: was.deleted, datestamp: was.datestamp });
      } else {
        expect(counts.get(identifier), identifier).toBe(1);
        const seen = listed.find((h) => h.identifier === identifier) as ListedHeader;
        expect({ deleted: seen.deleted, datestamp: seen.datestamp }).toEqual({ deleted: was.deleted, datestamp: was.datestamp });
      }
    }
    for (const identifier of created) expect(counts.has(identifier), identifier).toBe(false);
    expect([...counts.keys()].every((identifier) => before.has(identifier))).toBe(true);

    const from = pages[0]?.responseDate ?? '';
    const incremental = headersOf(await harvestList(app, { verb: 'ListRecords', metadataPrefix: 'oai_dc', from }, OAI_XSD));
    const again = new Map<string, ListedHeader>();
    for (const h of incremental) {
      expect(again.has(h.identifier), h.identifier).toBe(false);
      again.set(h.identifier, h);
    }
    for (const [identifier, deleted] of finalDeleted) {
      expect(again.get(identifier)?.deleted, identifier).toBe(deleted);
      expect(again.get(identifier)?.metadata === undefined).toBe(deleted);
    }
  });

  it('pages ListSets with resumption tokens too', async () => {
    await app.load(['p0', 'p1', 'p2', 'p3', 'p4'].map((id) => ({ doc: makeCollection(id) })));
    const pages = await harvestList(app, { verb: 'ListSets' }, OAI_XSD);
    const specs = pages.flatMap((p) => p.root.children.at(-1)?.children.filter((c) => c.local === 'set').map((c) => c.children[0]?.text) ?? []);
    expect(specs).toEqual(['collection', 'collection:c0', 'collection:c1', 'collection:c2', 'collection:p0', 'collection:p1', 'collection:p2', 'collection:p3', 'collection:p4', 'source', 'source:esgf']);
    expect(pages.map((p) => p.token)).toEqual([
      { value: expect.any(String), cursor: 0, completeListSize: 11 },
      { value: '', cursor: 7, completeListSize: 11 },
    ]);
  });
});
