import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarvestedDocument } from '../../../src/core/harvest.js';
import type { StacRecord } from '../../../src/core/stac.js';
import { HarvestStore } from '../../../src/store/harvestStore.js';
import { RecordStore } from '../../../src/store/recordStore.js';
import { storeBatch, type BatchContext, type PreparedDocument } from '../../../harvesters/runner/storeBatch.js';
import { sweepUnseen } from '../../../harvesters/runner/sweep.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';

const SOURCE = 'iso-source';

/** A harvested document already crosswalked into the given records (what the runner hands to storeBatch). */
function prepared(nativeId: string, records: readonly StacRecord[], deleted = false): PreparedDocument {
  const doc: HarvestedDocument = { nativeId, format: 'iso19139', document: deleted ? '' : `<record id="${nativeId}"/>`, deleted };
  return deleted ? { doc } : { doc, records };
}

describe.each(DRIVERS)('a stored harvest batch on %s', (driver) => {
  let handle: TestDatabase;
  let ctx: BatchContext;
  let records: RecordStore;
  let harvests: HarvestStore;

  beforeAll(async () => {
    handle = await openTestDatabase(driver);
    records = new RecordStore(handle.db);
    harvests = new HarvestStore(handle.db);
    await records.upsertMany([{ doc: makeCollection('c1') }], 'test');
    const runId = await harvests.startRun({ sourceId: SOURCE, kind: 'csw', mode: 'full', resumed: false, startedAt: new Date().toISOString() });
    ctx = { db: handle.db, sourceId: SOURCE, runId, actor: 'harvester', baseUrl: 'http://localhost', recordSeen: false, log: pino({ level: 'silent' }) };
  });
  afterAll(() => handle?.dispose());

  it('retires the record a native id gave before when it now gives another one, and nothing else', async () => {
    // Many records of the source already stored: the lookup by native id must find the one among them.
    const many = Array.from({ length: 300 }, (_, i) => prepared(`n${i}`, [makeItem('c1', `item-${i}`)]));
    const first = await storeBatch(many, ctx);
    expect(first.counts).toMatchObject({ created: 300, deleted: 0 });

    // n7 turned from a dataset into a series (a collection); n8 is unchanged.
    const second = await storeBatch([prepared('n7', [makeCollection('series-7')]), prepared('n8', [makeItem('c1', 'item-8')])], ctx);
    expect(second.counts).toMatchObject({ created: 1, unchanged: 1, deleted: 1 });
    expect(await records.get({ kind: 'item', collectionId: 'c1', id: 'item-7' })).toBeUndefined();
    expect(await records.get({ kind: 'collection', collectionId: '', id: 'series-7' })).toBeDefined();
    expect(await records.get({ kind: 'item', collectionId: 'c1', id: 'item-8' })).toBeDefined();
    expect(await harvests.countLive(SOURCE)).toBe(300);
  });

  it('deletes what a native id gave when the source says it was deleted', async () => {
    const result = await storeBatch([prepared('n9', [], true), prepared('no-such-id', [], true)], ctx);
    expect(result.counts).toMatchObject({ seen: 2, deleted: 1 });
    expect(await records.get({ kind: 'item', collectionId: 'c1', id: 'item-9' })).toBeUndefined();
    expect(await harvests.countLive(SOURCE)).toBe(299);
  });

  it('sweeps the records a complete pass did not see, and nothing after a pass that saw nothing at all', async () => {
    const log = pino({ level: 'silent' });
    await harvests.clearSeen(SOURCE);
    expect(await sweepUnseen(handle.db, SOURCE, 'harvester', log)).toEqual({ swept: false, deleted: 0 });
    expect(await harvests.countLive(SOURCE)).toBe(299);

    const seen = Array.from({ length: 300 }, (_, i) => `n${i}`).filter((id) => id !== 'n9' && id !== 'n42');
    await harvests.addSeen(SOURCE, seen);
    expect(await sweepUnseen(handle.db, SOURCE, 'harvester', log)).toEqual({ swept: true, deleted: 1 });
    expect(await records.get({ kind: 'item', collectionId: 'c1', id: 'item-42' })).toBeUndefined();
    expect(await harvests.countLive(SOURCE)).toBe(298);
  });
});
