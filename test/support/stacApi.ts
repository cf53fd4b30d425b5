import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { loadConfig, type MeridianConfig } from '../../src/core/config.js';
import type { StacRecord } from '../../src/core/stac.js';
import type { ProtocolDeps } from '../../src/protocols/deps.js';
import { createApp, protocolDeps } from '../../src/server.js';
import { openTestDatabase, type DriverName, type TestDatabase } from './drivers.js';

/** The Host header test requests send: links in responses start with `http://meridian.test/`. */
export const TEST_HOST = 'meridian.test';
export const TEST_BASE = `http://${TEST_HOST}`;

/** The default configuration without the demo catalogue, with some members replaced. */
export function testConfig(
  overrides: { publicUrl?: string; maxLimit?: number; defaultLimit?: number; publicReads?: boolean } = {},
): MeridianConfig {
  const base = loadConfig({ env: {} });
  return {
    ...base,
    server: { ...base.server, publicUrl: overrides.publicUrl ?? '' },
    stac: {
      ...base.stac,
      ...(overrides.maxLimit !== undefined ? { maxLimit: overrides.maxLimit } : {}),
      ...(overrides.defaultLimit !== undefined ? { defaultLimit: overrides.defaultLimit } : {}),
    },
    auth: { publicReads: overrides.publicReads ?? true },
    demo: { enabled: false },
    log: { level: 'silent' },
  };
}

export interface StacApi {
  readonly database: TestDatabase;
  readonly deps: ProtocolDeps;
  readonly app: Express;
  /** A supertest agent on the app that sends `Host: meridian.test`, so that links are predictable. */
  readonly http: ReturnType<typeof request.agent>;
  /** Another app over the same database with a different configuration. */
  appWith(config: MeridianConfig): Express;
  /** Writes records through the store, failing loudly when one is refused. */
  load(docs: readonly StacRecord[]): Promise<void>;
  dispose(): Promise<void>;
}

/** A fresh database on the driver and the STAC API over it (supertest drives the express app in-process). */
export async function openStacApi(driver: DriverName, config: MeridianConfig = testConfig()): Promise<StacApi> {
  const database = await openTestDatabase(driver);
  const log = pino({ level: 'silent' });
  const deps = protocolDeps(database.db, config, log);
  const app = createApp(deps);
  return {
    database,
    deps,
    app,
    http: request.agent(app).set('Host', TEST_HOST),
    appWith: (other) => createApp(protocolDeps(database.db, other, log)),
    async load(docs) {
      for (let i = 0; i < docs.length; i += 500) {
        const outcomes = await deps.store.upsertMany(docs.slice(i, i + 500).map((doc) => ({ doc })), 'test');
        const failed = outcomes.filter((o) => o.status === 'failed');
        if (failed.length > 0) throw new Error(`records refused: ${JSON.stringify(failed)}`);
      }
    },
    dispose: () => database.dispose(),
  };
}
