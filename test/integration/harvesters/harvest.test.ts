import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esgfHarvester } from '../../../harvesters/esgf/harvester.js';
import { runHarvest, type RunOptions } from '../../../harvesters/runner/run.js';
import type { CswSourceConfig, EsgfNgSourceConfig, EsgfSourceConfig, GeonetworkSourceConfig, OaiPmhSourceConfig, SourceConfig, ThreddsSourceConfig } from '../../../src/core/harvest.js';
import { FetchHttpClient } from '../../../src/core/http/httpClient.js';
import type { StacItem } from '../../../src/core/stac.js';
import { sql } from '../../../src/db/sql.js';
import { HarvestStore } from '../../../src/store/harvestStore.js';
import { RecordStore } from '../../../src/store/recordStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { ThreddsTree } from '../../support/replayData.js';
import { cswPage, esgfPage, ReplayServer, stacPage, type ReplayRequest } from '../../support/replayServer.js';

const BASE = 'http://meridian.test';

/**
 * Waits for the next second of the clock. Sources compare change dates in whole seconds and `from` is
 * inclusive, so a run starting in the same second as upstream changes sees them again on its next run.
 */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));

interface Row {
  native_id: string;
  kind: string;
  collection_id: string;
  id: string;
  deleted: boolean;
  version: number;
}

describe.each(DRIVERS)('harvesting on %s', (driver) => {
  let handle: TestDatabase;
  let server: ReplayServer;
  let records: RecordStore;
  const log = pino({ level: 'silent' });
  // One retry in the client: faults repeated on a page reach the runner, which retries from the checkpoint.
  const http = new FetchHttpClient({ timeoutMs: 1000, retries: 1, backoffMs: 10, maxBackoffMs: 50, maxRetryAfterMs: 2000 });
  const run = (source: SourceConfig, mode: RunOptions['mode'], extra: Partial<RunOptions> = {}) =>
    runHarvest(source, { db: handle.db, http, log, baseUrl: BASE }, { mode, concurrency: 2, batchSize: 100, retry: { attempts: 3, baseMs: 20, maxMs: 100 }, ...extra });
  const rows = (sourceId: string) =>
    handle.db.query<Row>(sql`SELECT native_id, kind, collection_id, id, deleted, version FROM records WHERE source_id = ${sourceId} ORDER BY native_id, id`);
  const liveIds = async (sourceId: string) => (await rows(sourceId)).filter((r) => !r.deleted).map((r) => r.native_id).sort();
  /** The requests a run made, from the replay server's log. */
  const during = async <T>(action: () => Promise<T>): Promise<{ result: T; requests: ReplayRequest[] }> => {
    const before = server.requests.length;
    const result = await action();
    return { result, requests: server.requests.slice(before) };
  };

  beforeAll(async () => {
    server = await ReplayServer.start({ oaiRecords: 1500, oaiPageSize: 100, cswRecords: 400, geonetworkRecords: 300, esgfDatasets: 250, stacItems: 180 });
    handle = await openTestDatabase(driver);
    records = new RecordStore(handle.db);
  });
  afterAll(async () => {
    await handle?.dispose();
    await server?.close();
  });

  describe('OAI-PMH', () => {
    let oai: OaiPmhSourceConfig;
    beforeAll(() => {
      oai = { id: 'oai', kind: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: 'iso19139' };
    });

    it('a full harvest stores every record once, with its provenance and native document', async () => {
      const report = await run(oai, 'incremental');
      expect(report).toMatchObject({ status: 'succeeded', mode: 'full', resumed: false, pages: 15, seen: 1500, created: 1500, updated: 0, failed: 0, swept: true });
      const stored = await rows('oai');
      expect(stored.map((r) => r.native_id)).toEqual(server.oai.liveIds());
      expect(stored.every((r) => r.kind === 'collection' && r.id === r.native_id && r.version === 1 && !r.deleted)).toBe(true);
      const entry = server.oai.entries[42];
      const record = await records.require({ kind: 'collection', collectionId: '', id: entry?.id ?? '' });
      expect(record.provenance).toMatchObject({ sourceId: 'oai', nativeId: entry?.id });
      expect(Date.parse(record.provenance?.harvestedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
      // The native document is the record exactly as the repository sent it inside its OAI envelope.
      expect(record.native).toEqual({ format: 'iso19139', document: server.oai.render(entry!) });
      expect(record.doc.title).toBe('Air temperature 42');
      expect((await new HarvestStore(handle.db).sourceState('oai'))?.highWaterMark).toBe(report.startedAt);
    });

    it('an incremental run sees what was added, changed and deleted upstream, and nothing else', async () => {
      const first = (await new HarvestStore(handle.db).sourceState('oai'))?.highWaterMark;
      const added = server.oai.add(4);
      const changed = [10, 20, 30].map((i) => server.oai.entries[i]?.id ?? '');
      changed.forEach((id) => server.oai.change(id));
      const deleted = [5, 6].map((i) => server.oai.entries[i]?.id ?? '');
      deleted.forEach((id) => server.oai.delete(id));
      await nextSecond();
      const { result: report, requests } = await during(() => run(oai, 'incremental'));
      expect(report).toMatchObject({ status: 'succeeded', mode: 'incremental', since: first, seen: 9, created: 4, updated: 3, unchanged: 0, deleted: 2, failed: 0, swept: false });
      expect(requests).toHaveLength(1);
      expect(requests[0]?.params.get('from')).toBe(`${first?.slice(0, 19)}Z`);
      expect(await liveIds('oai')).toEqual(server.oai.liveIds().sort());
      expect((await records.require({ kind: 'collection', collectionId: '', id: changed[0] ?? '' })).doc.title).toBe('Air temperature 10 (revised)');
      const gone = await records.get({ kind: 'collection', collectionId: '', id: deleted[0] ?? '' }, { includeDeleted: true });
      expect(gone?.deleted).toBe(true);
      expect(added.every((id) => id.startsWith('oai-'))).toBe(true);
    });

    it('an incremental run with nothing new upstream is an empty harvest (noRecordsMatch)', async () => {
      const report = await run(oai, 'incremental');
      expect(report).toMatchObject({ status: 'succeeded', mode: 'incremental', seen: 0, pages: 0, created: 0, deleted: 0 });
    });

    it('a record that cannot be crosswalked is reported and skipped; the version stored before stays', async () => {
      const entry = server.oai.entries[100];
      if (!entry) throw new Error('no entry');
      entry.broken = true;
      server.oai.change(entry.id);
      server.oai.change(server.oai.entries[101]?.id ?? '');
      await nextSecond();
      const report = await run(oai, 'incremental');
      expect(report).toMatchObject({ status: 'succeeded', seen: 2, updated: 1, failed: 1, deleted: 0 });
      expect(report.errors).toEqual([{ nativeId: entry.id, reason: expect.stringMatching(/no identifier/) }]);
      const kept = await records.require({ kind: 'collection', collectionId: '', id: entry.id });
      expect(kept.doc.title).toBe('Air temperature 100');
      expect(kept.version).toBe(1);
    });
  });

  describe('CSW', () => {
    let csw: CswSourceConfig;
    beforeAll(() => {
      csw = { id: 'csw', kind: 'csw', url: `${server.url}/csw`, pageSize: 25 };
    });

    it('a full harvest through faults (5xx, 429, truncated page, slow answer, reset, cut) ends with exactly the expected records', async () => {
      server.inject(cswPage(1), { kind: 'status', status: 500 }, 3);
      server.inject(cswPage(3), { kind: 'tooManyRequests', retryAfter: '1' });
      server.inject(cswPage(4), { kind: 'truncate' });
      server.inject(cswPage(5), { kind: 'slow', ms: 2500 });
      server.inject(cswPage(6), { kind: 'reset' });
      server.inject(cswPage(7), { kind: 'cut' });
      const { result: report, requests } = await during(() => run(csw, 'full'));
      expect(report).toMatchObject({ status: 'succeeded', mode: 'full', seen: 400, created: 400, failed: 0, deleted: 0, swept: true });
      const stored = await rows('csw');
      expect(stored.map((r) => r.native_id)).toEqual(server.csw.liveIds());
      expect(stored.every((r) => r.version === 1)).toBe(true);
      const pages = requests.filter((r) => r.body.includes('<csw:ElementSetName>full<')).map((r) => r.page);
      // Page 1 failed four times: twice in the client, then the runner called the harvester again from page 1.
      expect(pages.filter((p) => p === 1)).toHaveLength(4);
      // After the truncated page 4 the harvest resumed from the checkpoint at the end of page 3, not from the start.
      const truncatedAt = pages.indexOf(4);
      expect(pages.slice(truncatedAt + 1).every((p) => p !== undefined && p >= 4)).toBe(true);
      expect(pages.filter((p) => p === 5)).toHaveLength(2);
      // The CSW pages came in ISO-8859-1: accents survive.
      const record = await records.require({ kind: 'collection', collectionId: '', id: server.csw.entries[0]?.id ?? '' });
      expect(JSON.stringify(record.doc)).toContain('Instituto Português do Mar e da Atmosfera');
    });

    it('an interrupted full run deletes nothing; the next run resumes the pass, then sweeps', async () => {
      const purged = [3, 4, 5].map((i) => server.csw.entries[i]?.id ?? '');
      purged.forEach((id) => server.csw.purge(id));
      const controller = new AbortController();
      const stopAt = (r: ReplayRequest) => {
        if (cswPage(6)(r)) controller.abort(new Error('operator stop'));
      };
      server.on('request', stopAt);
      const interrupted = await run(csw, 'full', { signal: controller.signal });
      server.off('request', stopAt);
      expect(interrupted).toMatchObject({ status: 'interrupted', mode: 'full', deleted: 0, swept: false });
      expect((await liveIds('csw')).length).toBe(400);
      const { result: resumed, requests } = await during(() => run(csw, 'full'));
      expect(resumed).toMatchObject({ status: 'succeeded', mode: 'full', resumed: true, created: 0, deleted: 3, swept: true });
      expect(requests[0]?.page).toBeGreaterThanOrEqual(4);
      expect(await liveIds('csw')).toEqual(server.csw.liveIds().sort());
      const stored = await rows('csw');
      expect(stored.filter((r) => r.deleted).map((r) => r.native_id).sort()).toEqual(purged.sort());
      expect(stored.filter((r) => !r.deleted).every((r) => r.version === 1)).toBe(true);
    });

    it('a run that keeps failing ends failed and deletes nothing; the next run resumes the full pass', async () => {
      const purged = [7, 8].map((i) => server.csw.entries[i]?.id ?? '');
      purged.forEach((id) => server.csw.purge(id));
      server.inject(cswPage(2), { kind: 'status', status: 502 }, 1000);
      const failed = await run(csw, 'full');
      server.clearFaults();
      expect(failed).toMatchObject({ status: 'failed', deleted: 0, swept: false });
      expect(failed.message).toMatch(/HTTP 502/);
      expect((await liveIds('csw')).length).toBe(397);
      // Asked for an incremental run, the runner first finishes the full pass left unfinished.
      const resumed = await run(csw, 'incremental');
      expect(resumed).toMatchObject({ status: 'succeeded', mode: 'full', resumed: true, deleted: 2, swept: true });
      expect(await liveIds('csw')).toEqual(server.csw.liveIds().sort());
    });

    it('an incremental run filters on Modified, then reconciles the identifier list', async () => {
      server.csw.add(2);
      server.csw.change(server.csw.entries[50]?.id ?? '');
      server.csw.purge(server.csw.entries[60]?.id ?? '');
      await nextSecond();
      const { result: report, requests } = await during(() => run(csw, 'incremental'));
      expect(report).toMatchObject({ status: 'succeeded', mode: 'incremental', seen: 3, created: 2, updated: 1, deleted: 1, swept: true });
      expect(requests[0]?.body).toContain('<ogc:PropertyName>apiso:Modified</ogc:PropertyName>');
      expect(requests[requests.length - 1]?.body).toContain('<csw:ElementSetName>brief</csw:ElementSetName>');
      expect(await liveIds('csw')).toEqual(server.csw.liveIds().sort());
    });
  });

  describe('GeoNetwork 4', () => {
    let gn: GeonetworkSourceConfig;
    const recordPath = (id: string) => (r: ReplayRequest) => r.path.endsWith(`/records/${id}/formatters/xml`);
    beforeAll(() => {
      gn = { id: 'gn', kind: 'geonetwork', url: `${server.url}/geonetwork`, pageSize: 50 };
    });

    it('a full harvest lists records with the search API and reads each record as XML; a vanished record is skipped', async () => {
      const [flaky, vanished] = [server.geonetwork.entries[7]?.id ?? '', server.geonetwork.entries[8]?.id ?? ''];
      server.inject(recordPath(flaky), { kind: 'status', status: 500 });
      server.inject(recordPath(vanished), { kind: 'status', status: 404 });
      const { result: report, requests } = await during(() => run(gn, 'full'));
      expect(report).toMatchObject({ status: 'succeeded', mode: 'full', pages: 6, seen: 299, created: 299, failed: 0, swept: true });
      expect(await liveIds('gn')).toEqual(server.geonetwork.liveIds().filter((id) => id !== vanished));
      const entry = server.geonetwork.entries[0];
      const record = await records.require({ kind: 'collection', collectionId: '', id: entry?.id ?? '' });
      expect(record.native).toEqual({ format: 'iso19139', document: server.geonetwork.render(entry!) });
      const search = JSON.parse(requests[0]?.body ?? '{}') as { query: unknown; size: number };
      expect(search).toMatchObject({ size: 50, query: { bool: { must: [{ terms: { isTemplate: ['n'] } }], must_not: [{ terms: { resourceType: ['featureCatalog'] } }] } } });
    });

    it('an incremental run asks for changes since the last pass; records gone from the catalogue go by reconciliation', async () => {
      const changed = [20, 21].map((i) => server.geonetwork.entries[i]?.id ?? '');
      changed.forEach((id) => server.geonetwork.change(id));
      const purged = [30, 31].map((i) => server.geonetwork.entries[i]?.id ?? '');
      purged.forEach((id) => server.geonetwork.purge(id));
      server.geonetwork.add(1);
      await nextSecond();
      const { result: report, requests } = await during(() => run(gn, 'incremental'));
      expect(report).toMatchObject({ status: 'succeeded', mode: 'incremental', seen: 3, created: 1, updated: 2, deleted: 2, swept: true });
      const search = JSON.parse(requests[0]?.body ?? '{}') as { query: { bool: { must: unknown[] } } };
      expect(search.query.bool.must[1]).toMatchObject({ range: { changeDate: { gte: expect.any(String) } } });
      const vanished = server.geonetwork.entries[8]?.id ?? '';
      expect(await liveIds('gn')).toEqual(server.geonetwork.liveIds().filter((id) => id !== vanished));
    });
  });

  describe('THREDDS', () => {
    let tds: ThreddsSourceConfig;
    const catalog = (path: string) => (r: ReplayRequest) => r.path === `/thredds/${path}`;
    beforeAll(() => {
      tds = { id: 'tds', kind: 'thredds', url: `${server.url}/thredds/catalog.xml`, maxDepth: 4, collection: { id: 'tds', title: 'THREDDS files' } };
    });

    it('a crawl follows catalogRefs on the server once each, down to maxDepth, past dead refs and a cut answer', async () => {
      server.inject(catalog('idd/sat/level2.xml'), { kind: 'truncate' });
      const { result: report, requests } = await during(() => run(tds, 'full'));
      const expected = ThreddsTree.datasetIds('gfs', 'nam', 'obs', 'case', 'sat1', 'sat2', 'sat3');
      expect(report).toMatchObject({ status: 'succeeded', mode: 'full', created: expected.length, failed: 0, swept: true });
      const stored = await rows('tds');
      expect(stored.map((r) => r.id).sort()).toEqual(expected);
      expect(stored.every((r) => r.kind === 'item' && r.collection_id === 'tds')).toBe(true);
      const paths = requests.map((r) => r.path);
      expect(paths.filter((p) => p === '/thredds/catalog.xml')).toHaveLength(1);
      expect(paths).toContain('/thredds/idd/radars.xml');
      expect(paths).not.toContain('/thredds/idd/sat/level4.xml');
      // The cut catalog was read again from the checkpoint after the catalog before it, not from the root.
      expect(paths.filter((p) => p === '/thredds/idd/sat/level2.xml')).toHaveLength(2);
      const item = (await records.require({ kind: 'item', collectionId: 'tds', id: expected[0] ?? '' })).doc as StacItem;
      // Access URLs resolve against the catalog's server: the harvester gave the crosswalk its URL.
      expect(Object.values(item.assets).every((a) => a.href.startsWith(server.url))).toBe(true);
    });

    it('a dataset gone from its catalog is deleted by the next run; a catalog gone, by the next full pass', async () => {
      const [dropped] = ThreddsTree.datasetIds('gfs');
      server.thredds.dropDataset('idd/gfs/catalog.xml', dropped ?? '');
      server.thredds.catalogs.delete('idd/nam/catalog.xml');
      const incremental = await run(tds, 'incremental');
      expect(incremental).toMatchObject({ status: 'succeeded', mode: 'incremental', created: 0, deleted: 1, swept: false });
      expect((await liveIds('tds')).length).toBe(27);
      const full = await run(tds, 'full');
      expect(full).toMatchObject({ status: 'succeeded', mode: 'full', deleted: 4, swept: true });
      const live = (await rows('tds')).filter((r) => !r.deleted).map((r) => r.id).sort();
      expect(live).toEqual(ThreddsTree.datasetIds('gfs', 'obs', 'case', 'sat1', 'sat2', 'sat3').filter((id) => id !== dropped));
    });
  });

  describe('ESGF esg-search', () => {
    let esgf: EsgfSourceConfig;
    beforeAll(() => {
      esgf = {
        id: 'esgf',
        kind: 'esgf',
        url: `${server.url}/esg-search/search`,
        facets: { project: 'CMIP6', institution_id: 'NCAR' },
        pageSize: 40,
        files: true,
        start: '2018-01-01T00:00:00Z',
        maxWindowRecords: 120,
        collection: { id: 'cmip6-esgf', title: 'CMIP6 from ESGF' },
      };
    });

    it('yields each dataset version with its document already parsed, equal to its text', async () => {
      const hctx = { http, log, signal: new AbortController().signal, window: { until: new Date().toISOString() } };
      let checked = 0;
      for await (const doc of esgfHarvester.harvest(esgf, undefined, hctx)) {
        expect(doc.parsed).toEqual(JSON.parse(doc.document));
        if (++checked === 50) break;
      }
      expect(checked).toBe(50);
    });

    it('a full harvest reads windowed pages, merges replicas and files into one item per dataset version', async () => {
      server.inject(esgfPage(1), { kind: 'status', status: 503 }, 2);
      const { result: report, requests } = await during(() => run(esgf, 'full'));
      expect(report).toMatchObject({ status: 'succeeded', mode: 'full', created: 250, failed: 0, deleted: 0, swept: true });
      const stored = await rows('esgf');
      expect(stored.map((r) => r.native_id).sort()).toEqual(server.esgf.instanceIds().sort());
      expect(stored.every((r) => r.kind === 'item' && r.collection_id === 'cmip6-esgf' && r.id === r.native_id && r.version === 1)).toBe(true);
      // The window [start, now] holds more than 120 datasets with their replicas: it was split.
      expect(requests.filter((r) => r.params.get('limit') === '0').length).toBeGreaterThan(1);
      expect(requests.every((r) => r.params.get('distrib') === 'false')).toBe(true);
      // Each page held the originals of its datasets (a replica comes right after its original): only replicas were looked up.
      const lookups = requests.filter((r) => r.params.get('type') === 'Dataset' && r.params.has('instance_id'));
      expect(lookups.length).toBeGreaterThan(0);
      expect(lookups.every((r) => r.params.get('replica') === 'true')).toBe(true);
      const replicated = server.esgf.instanceIds()[4] ?? '';
      const item = (await records.require({ kind: 'item', collectionId: 'cmip6-esgf', id: replicated })).doc as StacItem;
      expect(item.properties['esgf:data_nodes']).toEqual(['esgf.ceda.ac.uk', 'esgf-data.dkrz.de']);
      expect(Object.keys(item.assets).some((k) => k.endsWith('.nc'))).toBe(true);
      const collection = await records.require({ kind: 'collection', collectionId: '', id: 'cmip6-esgf' });
      expect(collection.doc.title).toBe('CMIP6 from ESGF');
    });

    it('an incremental run updates retractions, adds new versions, and reconciles the id list to delete unpublished datasets', async () => {
      const [retracted, gone1, gone2] = [10, 11, 12].map((i) => server.esgf.instanceIds()[i] ?? '');
      server.esgf.retract(retracted ?? '');
      server.esgf.unpublish(gone1 ?? '');
      server.esgf.unpublish(gone2 ?? '');
      server.esgf.add(3);
      const { result: report, requests } = await during(() => run(esgf, 'incremental'));
      expect(report).toMatchObject({ status: 'succeeded', mode: 'incremental', seen: 4, created: 3, updated: 1, deleted: 2, swept: true });
      expect(requests.some((r) => r.params.get('fields') === 'id,latest,retracted')).toBe(true);
      expect(await liveIds('esgf')).toEqual(server.esgf.instanceIds().sort());
      const item = (await records.require({ kind: 'item', collectionId: 'cmip6-esgf', id: retracted ?? '' })).doc as StacItem;
      expect(item.properties.retracted).toBe(true);
    });

    it('a page that brings only a replica of a dataset version looks up all its copies, and the item keeps both', async () => {
      await nextSecond();
      const replicated = server.esgf.instanceIds()[4] ?? '';
      const replica = server.esgf.copiesOf(replicated).find((d) => d.replica === true);
      if (replica === undefined) throw new Error('the fifth dataset of the index has a replica');
      replica._timestamp = new Date().toISOString();
      const { result: report, requests } = await during(() => run(esgf, 'incremental'));
      expect(report).toMatchObject({ status: 'succeeded', updated: 1, failed: 0 });
      const lookups = requests.filter((r) => r.params.get('type') === 'Dataset' && r.params.get('instance_id') === replicated);
      expect(lookups.map((r) => r.params.get('replica'))).toEqual([null]);
      const item = (await records.require({ kind: 'item', collectionId: 'cmip6-esgf', id: replicated })).doc as StacItem;
      expect(item.properties['esgf:data_nodes']).toEqual(['esgf.ceda.ac.uk', 'esgf-data.dkrz.de']);
    });
  });

  describe('ESGF-NG STAC API', () => {
    let ng: EsgfNgSourceConfig;
    beforeAll(() => {
      ng = { id: 'esgf-ng', kind: 'esgf-ng', url: `${server.url}/stac`, facets: { institution_id: 'IPSL' }, pageSize: 40, updatedFilter: true, collection: { id: 'CMIP6' } };
    });

    it('a full harvest follows POST next links through faults into the target collection', async () => {
      server.inject(stacPage(2), { kind: 'cut' }, 2);
      server.inject(stacPage(3), { kind: 'truncate' });
      const report = await run(ng, 'full');
      expect(report).toMatchObject({ status: 'succeeded', mode: 'full', pages: 5, created: 180, failed: 0 });
      const stored = await rows('esgf-ng');
      expect(stored).toHaveLength(180);
      expect(stored.every((r) => r.collection_id === 'CMIP6' && r.version === 1)).toBe(true);
      const item = (await records.require({ kind: 'item', collectionId: 'CMIP6', id: stored[0]?.id ?? '' })).doc as StacItem;
      expect(item.collection).toBe('CMIP6');
      expect(item.stac_extensions).toContain('https://stac-extensions.github.io/cmip6/v3.0.2/schema.json');
    });

    it('an incremental run asks only for items updated since the last pass', async () => {
      server.stac.add(5);
      await nextSecond();
      const { result: report, requests } = await during(() => run(ng, 'incremental'));
      expect(report).toMatchObject({ status: 'succeeded', mode: 'incremental', seen: 5, created: 5 });
      expect(requests[0]?.body).toContain('properties.updated');
      expect((await rows('esgf-ng')).length).toBe(185);
    });
  });
});
