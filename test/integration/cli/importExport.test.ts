import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRecords } from '../../../src/cli/exportRecords.js';
import { importRecords } from '../../../src/cli/importRecords.js';
import type { StacItem } from '../../../src/core/stac.js';
import { SqlSearchBackend } from '../../../src/search/backends/sql/sqlSearch.js';
import { RecordStore } from '../../../src/store/recordStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { sharedPath } from '../../support/shared.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';

const options = (collection?: string) => ({
  batchSize: 7,
  concurrency: 2,
  actor: 'test',
  crosswalk: { baseUrl: 'http://localhost:8080', ...(collection ? { collection } : {}) },
});

async function exportText(search: SqlSearchBackend, collections?: string[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportRecords(search, out, collections);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe.each(DRIVERS)('import and export on %s', (driver) => {
  let handle: TestDatabase;
  let store: RecordStore;
  let search: SqlSearchBackend;
  const dir = mkdtempSync(join(tmpdir(), 'meridian-import-'));

  beforeAll(async () => {
    handle = await openTestDatabase(driver);
    store = new RecordStore(handle.db);
    search = new SqlSearchBackend(handle.db, { countLimit: 100_000 });
  });
  afterAll(() => handle?.dispose());

  it('imports NDJSON in batches, reports each bad record with its reason and imports the rest', async () => {
    const lines = [
      JSON.stringify(makeCollection('obs')),
      ...Array.from({ length: 20 }, (_, i) => JSON.stringify(makeItem('obs', `i${i}`, { datetime: `2020-01-${String(i + 1).padStart(2, '0')}T00:00:00Z` }))),
      '{"type": "Feature", "id": "broken"',
      JSON.stringify({ ...makeItem('obs', 'no-time'), properties: {} }),
      JSON.stringify(makeItem('elsewhere', 'orphan')),
    ];
    const file = join(dir, 'records.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const report = await importRecords(store, [file], options());
    expect(report.created).toBe(21);
    expect(report.failed.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^not valid JSON/),
      expect.stringMatching(/^no-time: not a valid STAC record: \/properties must have required property 'datetime'/),
      'orphan: collection "elsewhere" does not exist',
    ]);
    expect(report.failed[0]?.origin).toBe(`${file}:22`);
    const again = await importRecords(store, [file], options());
    expect(again.unchanged).toBe(21);
    expect(again.created).toBe(0);
  });

  it('takes items that come before their collection, and ItemCollections', async () => {
    const items = { type: 'FeatureCollection', features: [makeItem('late', 'a'), makeItem('late', 'b')] };
    writeFileSync(join(dir, 'a-items.json'), JSON.stringify(items));
    writeFileSync(join(dir, 'b-collection.json'), JSON.stringify(makeCollection('late'), null, 2));
    const sub = mkdtempSync(join(dir, 'ordered-'));
    writeFileSync(join(sub, 'a-items.json'), JSON.stringify(items));
    writeFileSync(join(sub, 'b-collection.json'), JSON.stringify(makeCollection('late'), null, 2));
    const report = await importRecords(store, [sub], options());
    expect(report.failed).toEqual([]);
    expect(report.created).toBe(3);
  });

  it('exports NDJSON that re-imports into the same records', async () => {
    const text = await exportText(search, ['obs']);
    const docs = text.trim().split('\n').map((l) => JSON.parse(l) as { id: string; type: string });
    expect(docs[0]).toMatchObject({ type: 'Collection', id: 'obs' });
    expect(docs.filter((d) => d.type === 'Feature')).toHaveLength(20);
    const fresh = await openTestDatabase(driver);
    try {
      const file = join(dir, 'export.ndjson');
      writeFileSync(file, text);
      const report = await importRecords(new RecordStore(fresh.db), [file], options());
      expect(report).toMatchObject({ created: 21, failed: [] });
      expect(await exportText(new SqlSearchBackend(fresh.db, { countLimit: 1000 }), ['obs'])).toBe(text);
    } finally {
      await fresh.dispose();
    }
  });

  it('imports ISO, DataCite and CF documents as they are, keeping them as native documents', async () => {
    const files = [
      sharedPath('fixtures/geonetwork/iso19139_ipma-atmosphere.xml'),
      sharedPath('fixtures/datacite/datacite-xml_10.1594-pangaea.721193.xml'),
      sharedPath('fixtures/netcdf/cmip6_CESM2-WACCM_ta_Amon_header.cdl'),
    ];
    const report = await importRecords(store, files, options('model-output'));
    expect(report.failed).toEqual([]);
    expect(report.created).toBe(3);
    const page = await search.search({ target: 'collections', limit: 100, q: ['oyster'] });
    const pangaea = page.records[0];
    expect(pangaea?.nativeFormat).toBe('datacite-xml');
    const stored = await store.require({ kind: 'collection', collectionId: '', id: pangaea!.id });
    expect(stored.native?.document).toBe(readFileSync(files[1]!, 'utf8'));
    const items = await search.search({ target: 'items', collections: ['model-output'], limit: 10 });
    expect(items.records).toHaveLength(1);
    expect((items.records[0]!.doc as StacItem).collection).toBe('model-output');
  });
});
