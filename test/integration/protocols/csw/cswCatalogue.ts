import { readdirSync } from 'node:fs';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { toStac as dublinCoreToStac } from '../../../../crosswalks/dublin-core/toStac.js';
import { toStac as isoToStac } from '../../../../crosswalks/iso19139/toStac.js';
import { loadConfig, type MeridianConfig } from '../../../../src/core/config.js';
import type { RecordInput } from '../../../../src/core/record.js';
import type { ProtocolDeps } from '../../../../src/protocols/deps.js';
import { createApp, protocolDeps } from '../../../../src/server.js';
import { openTestDatabase, type DriverName, type TestDatabase } from '../../../support/drivers.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { makeCollection, makeItem } from '../../../support/stacFactory.js';

/** Links in responses start with this base: requests send `Host: csw.test`. */
export const TEST_HOST = 'csw.test';
export const TEST_ENDPOINT = `http://${TEST_HOST}/csw`;

/** The ISO 19139 fixtures that are valid ISO/TS 19139:2007, served as harvested. */
export const ISO_FIXTURES = [
  'iso19139_ipma-atmosphere.xml',
  'iso19139_marine-ie_gmx-anchor-keywords.xml',
  'iso19139_wmo-wis_JMA_SMJP01RJTD.xml',
  'iso19139_geobretagne.xml',
] as const;

/** The twelve OGC CITE csw:Record records, as CITE loads them. */
export function citeRecords(): RecordInput[] {
  const dir = sharedPath('fixtures', 'csw-cite');
  return readdirSync(dir)
    .filter((f) => f.startsWith('Record_') && f.endsWith('.xml'))
    .sort()
    .map((f) => {
      const document = readShared('fixtures', 'csw-cite', f);
      return { doc: dublinCoreToStac(document, { baseUrl: 'http://csw.test' }).value, native: { format: 'dublin-core', document } };
    });
}

export function isoRecords(): RecordInput[] {
  return ISO_FIXTURES.map((f) => {
    const document = readShared('fixtures', 'geonetwork', f);
    return {
      doc: isoToStac(document, { baseUrl: 'http://csw.test' }).value,
      native: { format: 'iso19139', document },
      provenance: { sourceId: 'geonetwork-test', nativeId: f, harvestedAt: '2024-01-01T00:00:00Z' },
    };
  });
}

/** A STAC collection with items, as the STAC API and the harvesters write them. */
export function stacRecords(items = 6): RecordInput[] {
  const collection = makeCollection('sst-demo', {
    title: 'Sea surface temperature',
    description: 'Daily sea surface temperature analyses over the Mediterranean',
    keywords: ['ocean', 'temperature'],
    extent: { spatial: { bbox: [[-6, 30, 36, 46]] }, temporal: { interval: [['2020-01-01T00:00:00Z', '2020-12-31T00:00:00Z']] } },
  });
  const records: RecordInput[] = [{ doc: collection }];
  for (let i = 0; i < items; i++) {
    records.push({
      doc: makeItem('sst-demo', `sst-2020-${String(i + 1).padStart(2, '0')}`, {
        lon: 5 + i,
        lat: 38 + i / 2,
        datetime: `2020-0${1 + (i % 9)}-15T00:00:00Z`,
        properties: { title: `SST analysis ${i + 1}`, 'eo:cloud_cover': i * 10, platform: i % 2 === 0 ? 'metop-a' : 'metop-b' },
      }),
    });
  }
  return records;
}

export function cswTestConfig(): MeridianConfig {
  const base = loadConfig({ env: {} });
  return { ...base, demo: { enabled: false }, log: { level: 'silent' } };
}

export interface CswCatalogue {
  readonly database: TestDatabase;
  readonly deps: ProtocolDeps;
  readonly app: Express;
  readonly http: ReturnType<typeof request.agent>;
  load(records: readonly RecordInput[]): Promise<void>;
  dispose(): Promise<void>;
}

/** A fresh database on the driver with the whole app over it (supertest drives it in-process). */
export async function openCswCatalogue(driver: DriverName, config: MeridianConfig = cswTestConfig()): Promise<CswCatalogue> {
  const database = await openTestDatabase(driver);
  const deps = protocolDeps(database.db, config, pino({ level: 'silent' }));
  const app = createApp(deps);
  return {
    database,
    deps,
    app,
    http: request.agent(app).set('Host', TEST_HOST),
    async load(records) {
      const outcomes = await deps.store.upsertMany(records, 'test');
      const failed = outcomes.filter((o) => o.status === 'failed');
      if (failed.length > 0) throw new Error(`records refused: ${JSON.stringify(failed)}`);
    },
    dispose: () => database.dispose(),
  };
}
