import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publishCommand, rootToPublish } from '../../../src/cli/publishCommand.js';
import { makeDataRoot } from '../../support/dataRoot.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { testConfig } from '../../support/stacApi.js';

describe.each(DRIVERS)('meridian publish on %s', (driver) => {
  let handle: TestDatabase;
  let root: string;
  let outside: string;

  beforeAll(async () => {
    handle = await openTestDatabase(driver);
    ({ root, outside } = await makeDataRoot());
  });
  afterAll(async () => {
    await handle?.dispose();
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('names the root after --name, else the configured root of the directory, else the directory', () => {
    const config = { ...testConfig(), datasets: [{ name: 'ocean', path: join(root, '.'), title: 'Ocean files' }] };
    expect(rootToPublish(config, root, undefined)).toEqual({ name: 'ocean', path: root, title: 'Ocean files' });
    expect(rootToPublish(config, root, 'other')).toEqual({ name: 'other', path: root });
    expect(rootToPublish(testConfig(), root, undefined)).toEqual({ name: basename(root), path: root });
  });

  it('publishes, reports the skipped files and exits with 2 because of them', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const code = await publishCommand(handle.db, testConfig(), root, { name: 'ocean', baseUrl: 'http://localhost:8080' });
      expect(code).toBe(2);
      expect(log.mock.calls[0]?.[0]).toMatch(/^published 5 files into collection ocean in .* s: 4 added, 0 updated, 0 unchanged, 0 deleted, 2 skipped$/);
      expect(error.mock.calls.map((c) => String(c[0])).sort()).toEqual([expect.stringMatching(/^skipped: escape\.nc: /), expect.stringMatching(/^skipped: fake\.nc: /)]);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
