import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStac as isoToStac } from '../../../crosswalks/iso19139/toStac.js';
import { runHarvest } from '../../../harvesters/runner/run.js';
import { sourceHttpClient } from '../../../harvesters/runner/sourceHttpClient.js';
import type { CswSourceConfig, OaiPmhSourceConfig, SourceConfig } from '../../../src/core/harvest.js';
import { recordKeyOf, type RecordInput, type RecordKey } from '../../../src/core/record.js';
import type { StacRecord } from '../../../src/core/stac.js';
import { sql } from '../../../src/db/sql.js';
import { createApp, protocolDeps } from '../../../src/server.js';
import type { RunReport } from '../../../src/store/harvestStore.js';
import { RecordStore } from '../../../src/store/recordStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { readShared } from '../../support/shared.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';
import { testConfig } from '../../support/stacApi.js';

/**
 * One Meridian harvests another through its own OAI-PMH and CSW endpoints, with the generic harvesters
 * and the runner `meridian harvest` uses.
 *
 * How records travel: the source offers every record, collections first and then items, as one flat
 * list (OAI-PMH identifier `oai:<host>:<collection>` or `oai:<host>:<collection>/<item>`; CSW
 * fileIdentifier = the STAC id). Both ISO 19139 and Dublin Core describe a record without a parent, so
 * in the target every source record, collection or item, becomes a collection whose id is the source
 * record's id; the native id is the OAI identifier (OAI-PMH) or the fileIdentifier (CSW). Item ids are
 * therefore unique across the source's collections here, as a flat catalogue needs.
 *
 * The three harvests write to one target database, one after the other: a record a later source harvests
 * with the same key takes the later source's provenance, so each step checks its own source's records.
 */

const ISO_FIXTURES = ['iso19139_geo2france_plu.xml', 'iso19139_geobretagne.xml', 'iso19139_ipma-atmosphere.xml', 'iso19139_wmo-wis_JMA_SMJP01RJTD.xml'];
const SOURCE_URL = 'http://meridian-source.test';
const TARGET_URL = 'http://meridian-target.test';
const OAI_PAGE_SIZE = 25;
const COLLECTIONS = 10;
const ITEMS_PER_COLLECTION = 14;

/** Waits for the next second: sources compare change dates in whole seconds and `from` is inclusive. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));

/** The document as it travels inside an XML envelope: without its XML declaration. */
const asFragment = (document: string) => document.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>)?\s*/, '').trimEnd();

/**
 * What an OAI-PMH ListRecords page does to a record's document, undone: a fragment cut out of the response
 * carries the envelope's default namespace declaration on its root element (src/core/xmlFragments.ts
 * declares every inherited default namespace), and the repository prefixes each `id` attribute and each
 * `href="#..."` with a prefix derived from the record's identifier, `r<hash>-` (src/protocols/oai-pmh/render.ts,
 * src/protocols/oai-pmh/xmlIds.ts), so that ids stay unique across the records of one response.
 */
const unwrapOai = (document: string) =>
  document
    .replace(/^(<[^\s>/]+) xmlns="http:\/\/www\.openarchives\.org\/OAI\/2\.0\/"/, '$1')
    .replace(/(\s(?:[\w.-]+:)?id\s*=\s*["'])r[0-9a-f]{10}-/g, '$1')
    .replace(/(\s(?:[\w.-]+:)?href\s*=\s*["']#)r[0-9a-f]{10}-/g, '$1');

interface Row {
  native_id: string;
  kind: string;
  collection_id: string;
  id: string;
  deleted: boolean;
  version: number;
}

interface Expected {
  readonly key: RecordKey;
  readonly title: string;
  readonly iso?: string;
}

const titleOf = (doc: StacRecord): string =>
  String(doc.type === 'Feature' ? (doc.properties as { title?: unknown }).title : (doc as { title?: unknown }).title);

const oaiId = (key: RecordKey) => `oai:meridian-source.test:${key.kind === 'item' ? `${key.collectionId}/${key.id}` : key.id}`;

describe.each(DRIVERS)('self-harvest on %s', (driver) => {
  const log = pino({ level: 'silent' });
  let source: TestDatabase;
  let target: TestDatabase;
  let server: Server;
  let base: string;
  let expected: Expected[] = [];

  const run = (src: SourceConfig, mode: 'full' | 'incremental') =>
    runHarvest(src, { db: target.db, http: sourceHttpClient(src, log), log, baseUrl: TARGET_URL }, { mode, concurrency: 2 });
  const rows = (sourceId: string) =>
    target.db.query<Row>(sql`SELECT native_id, kind, collection_id, id, deleted, version FROM records WHERE source_id = ${sourceId} ORDER BY native_id, id`);

  /** Every source record is in the target once, as a live collection, with its title, provenance and native document. */
  async function expectCopied(sourceId: string, nativeIdOf: (key: RecordKey) => string, format: 'iso19139' | 'dublin-core', live: readonly Expected[]) {
    const stored = await rows(sourceId);
    const byNative = new Map(stored.map((r) => [r.native_id, r]));
    expect(byNative.size).toBe(stored.length);
    expect(stored.filter((r) => !r.deleted).map((r) => r.native_id).sort()).toEqual(live.map((e) => nativeIdOf(e.key)).sort());
    expect(stored.every((r) => r.kind === 'collection' && r.collection_id === '')).toBe(true);
    const targetStore = new RecordStore(target.db);
    for (const e of live) {
      const row = byNative.get(nativeIdOf(e.key));
      expect(row?.id, nativeIdOf(e.key)).toBe(e.key.id);
      const record = await targetStore.require({ kind: 'collection', collectionId: '', id: e.key.id });
      expect(record.provenance).toMatchObject({ sourceId, nativeId: nativeIdOf(e.key) });
      expect(record.native?.format).toBe(format);
      expect(record.native?.document).toMatch(format === 'iso19139' ? /^<gmd:MD_Metadata[\s>]/ : /^<oai_dc:dc[\s>]/);
      // The ISO records seeded with their own document come back as that document: byte for byte over CSW,
      // and over OAI-PMH once the page's rewriting is undone (see unwrapOai).
      if (format === 'iso19139' && e.iso !== undefined) expect(unwrapOai(record.native?.document ?? '')).toBe(asFragment(e.iso));
      expect(titleOf(record.doc), e.key.id).toBe(e.title);
    }
  }

  /** A second incremental run finds nothing new and leaves every stored record as it was. */
  async function expectIncrementalNoop(src: SourceConfig) {
    const before = await rows(src.id);
    await nextSecond();
    const report: RunReport = await run(src, 'incremental');
    expect(report).toMatchObject({ status: 'succeeded', mode: 'incremental', created: 0, updated: 0, deleted: 0, failed: 0 });
    expect(await rows(src.id)).toEqual(before);
  }

  beforeAll(async () => {
    [source, target] = await Promise.all([openTestDatabase(driver), openTestDatabase(driver)]);
    const seeded: RecordInput[] = [];
    for (const file of ISO_FIXTURES) {
      const document = readShared('fixtures', 'geonetwork', file);
      seeded.push({ doc: isoToStac(document, { baseUrl: SOURCE_URL }).value, native: { format: 'iso19139', document } });
    }
    for (let c = 0; c < COLLECTIONS; c++) {
      const coll = `self-coll-${c}`;
      seeded.push({ doc: makeCollection(coll) });
      for (let i = 0; i < ITEMS_PER_COLLECTION; i++) {
        seeded.push({ doc: makeItem(coll, `self-item-${c}-${i}`, { properties: { title: `Item ${c}.${i}` } }) });
      }
    }
    const outcomes = await new RecordStore(source.db).upsertMany(seeded, 'test');
    expect(outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    expected = seeded.map((s) => ({ key: recordKeyOf(s.doc), title: titleOf(s.doc), ...(s.native ? { iso: s.native.document } : {}) }));
    const defaults = testConfig({ publicUrl: SOURCE_URL });
    const config = { ...defaults, oai: { ...defaults.oai, pageSize: OAI_PAGE_SIZE } };
    const app = createApp(protocolDeps(source.db, config, log));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    await Promise.all([source?.dispose(), target?.dispose()]);
  });

  it('the seeded source needs several pages', () => {
    expect(expected).toHaveLength(ISO_FIXTURES.length + COLLECTIONS * (1 + ITEMS_PER_COLLECTION));
    expect(expected.length).toBeGreaterThan(4 * OAI_PAGE_SIZE);
  });

  it('CSW (outputSchema gmd): every record copied once with provenance and native document; an incremental run changes nothing', async () => {
    const csw: CswSourceConfig = { id: 'self-csw', kind: 'csw', url: `${base}/csw`, outputSchema: 'iso19139', pageSize: 40 };
    const report = await run(csw, 'full');
    expect(report).toMatchObject({ status: 'succeeded', mode: 'full', pages: Math.ceil(expected.length / 40), seen: expected.length, failed: 0, deleted: 0 });
    await expectCopied('self-csw', (key) => key.id, 'iso19139', expected);
    await expectIncrementalNoop(csw);
  });

  it('OAI-PMH oai_dc: every record copied once with provenance and native document; an incremental run changes nothing', async () => {
    const dc: OaiPmhSourceConfig = { id: 'self-oai-dc', kind: 'oai-pmh', url: `${base}/oai`, metadataPrefix: 'oai_dc' };
    const report = await run(dc, 'incremental');
    expect(report).toMatchObject({ status: 'succeeded', mode: 'full', pages: Math.ceil(expected.length / OAI_PAGE_SIZE), seen: expected.length, failed: 0, deleted: 0 });
    await expectCopied('self-oai-dc', oaiId, 'dublin-core', expected);
    await expectIncrementalNoop(dc);
  });

  it('OAI-PMH iso19139: every record copied once; an incremental run changes nothing; a record deleted in the source is tombstoned', async () => {
    const oai: OaiPmhSourceConfig = { id: 'self-oai-iso', kind: 'oai-pmh', url: `${base}/oai`, metadataPrefix: 'iso19139' };
    const identify = await (await fetch(`${base}/oai?verb=Identify`)).text();
    expect(identify).toContain('<deletedRecord>persistent</deletedRecord>');
    const report = await run(oai, 'incremental');
    expect(report).toMatchObject({ status: 'succeeded', mode: 'full', pages: Math.ceil(expected.length / OAI_PAGE_SIZE), seen: expected.length, failed: 0, deleted: 0 });
    await expectCopied('self-oai-iso', oaiId, 'iso19139', expected);
    await expectIncrementalNoop(oai);

    const gone = [expected[1], expected.find((e) => e.key.id === 'self-item-3-7')].filter((e) => e !== undefined);
    expect(gone).toHaveLength(2);
    const sourceStore = new RecordStore(source.db);
    for (const e of gone) expect(await sourceStore.delete(e.key, 'test')).toBe(true);
    await nextSecond();
    const incremental = await run(oai, 'incremental');
    expect(incremental).toMatchObject({ status: 'succeeded', mode: 'incremental', seen: 2, created: 0, updated: 0, deleted: 2, failed: 0 });
    for (const e of gone) {
      const tomb = await new RecordStore(target.db).get({ kind: 'collection', collectionId: '', id: e.key.id }, { includeDeleted: true });
      expect(tomb?.deleted).toBe(true);
    }
    await expectCopied('self-oai-iso', oaiId, 'iso19139', expected.filter((e) => !gone.includes(e)));
    expect((await rows('self-oai-iso')).filter((r) => r.deleted).map((r) => r.native_id).sort()).toEqual(gone.map((e) => oaiId(e.key)).sort());
    await expectIncrementalNoop(oai);
  });
});
