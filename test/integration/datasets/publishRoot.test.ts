import { rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem } from '../../../src/core/stac.js';
import { sql } from '../../../src/db/sql.js';
import { publishRoot, type PublishDeps } from '../../../src/datasets/publishRoot.js';
import { HarvestStore } from '../../../src/store/harvestStore.js';
import { RecordStore } from '../../../src/store/recordStore.js';
import { DRIVERS, openTestDatabase, type TestDatabase } from '../../support/drivers.js';
import { FIXTURES, makeDataRoot } from '../../support/dataRoot.js';
import { validateStac } from '../../support/stacValidator.js';

const BASE = 'https://meridian.example.org';

describe.each(DRIVERS)('publishing a data root on %s', (driver) => {
  let handle: TestDatabase;
  let deps: PublishDeps;
  let root: string;
  let outside: string;
  const countVersions = async () => (await handle.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM record_versions`))[0]!.n;

  beforeAll(async () => {
    handle = await openTestDatabase(driver);
    deps = { store: new RecordStore(handle.db), harvests: new HarvestStore(handle.db) };
    ({ root, outside } = await makeDataRoot());
  });
  afterAll(async () => {
    await handle?.dispose();
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('catalogues each NetCDF file as a valid STAC Item with OPeNDAP and download assets, in a collection', async () => {
    const report = await publishRoot(deps, { name: 'ocean', path: root, title: 'Ocean files' }, { baseUrl: BASE });
    expect(report).toMatchObject({ collection: 'ocean', files: 5, created: 4, updated: 0, unchanged: 0, deleted: 0, complete: true });
    expect(report.failed.map((f) => f.relativePath).sort()).toEqual(['escape.nc', 'fake.nc']);
    expect(report.failed.find((f) => f.relativePath === 'escape.nc')?.reason).toMatch(/out of the root/);

    const collection = await deps.store.require({ kind: 'collection', collectionId: '', id: 'ocean' });
    expect(validateStac(collection.doc)).toEqual([]);
    expect(collection.doc.title).toBe('Ocean files');
    expect(collection.provenance?.sourceId).toBe('publish:ocean');
    expect(collection.doc.links).toContainEqual(expect.objectContaining({ rel: 'alternate', href: `${BASE}/thredds/ocean/catalog.xml` }));

    const item = await deps.store.require({ kind: 'item', collectionId: 'ocean', id: 'sub dir/3mf07_seacat_netcdf3.nc' });
    const doc = item.doc as StacItem;
    expect(validateStac(doc)).toEqual([]);
    expect(item.provenance).toMatchObject({ sourceId: 'publish:ocean', nativeId: 'sub dir/3mf07_seacat_netcdf3.nc' });
    expect(doc.assets.opendap).toMatchObject({ href: `${BASE}/opendap/ocean/sub%20dir/3mf07_seacat_netcdf3.nc`, roles: ['data'] });
    expect(doc.assets.download).toMatchObject({ href: `${BASE}/files/ocean/sub%20dir/3mf07_seacat_netcdf3.nc`, 'file:size': 16372 });
    for (const name of FIXTURES.slice(1)) {
      const other = await deps.store.require({ kind: 'item', collectionId: 'ocean', id: name });
      expect(validateStac(other.doc)).toEqual([]);
    }
  });

  it('writes nothing on a second run over an unchanged root', async () => {
    const before = await countVersions();
    const report = await publishRoot(deps, { name: 'ocean', path: root, title: 'Ocean files' }, { baseUrl: BASE });
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 4, deleted: 0 });
    expect(await countVersions()).toBe(before);
  });

  it('re-reads a touched file, and writes nothing when its header is the same', async () => {
    const before = await countVersions();
    await utimes(join(root, FIXTURES[1]!), new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
    const report = await publishRoot(deps, { name: 'ocean', path: root, title: 'Ocean files' }, { baseUrl: BASE });
    // The download asset states the modification time: the item changes, nothing else.
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 3, deleted: 0 });
    expect(await countVersions()).toBe(before + 1);
  });

  it('tombstones the record of a removed file', async () => {
    await rm(join(root, FIXTURES[2]!));
    const report = await publishRoot(deps, { name: 'ocean', path: root, title: 'Ocean files' }, { baseUrl: BASE });
    expect(report).toMatchObject({ deleted: 1, unchanged: 3 });
    const gone = await deps.store.get({ kind: 'item', collectionId: 'ocean', id: FIXTURES[2]! }, { includeDeleted: true });
    expect(gone?.deleted).toBe(true);
    const again = await publishRoot(deps, { name: 'ocean', path: root, title: 'Ocean files' }, { baseUrl: BASE });
    expect(again).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });

  it('moves the items when the root is published into another collection', async () => {
    const report = await publishRoot(deps, { name: 'ocean', path: root, collection: 'ocean-files' }, { baseUrl: BASE });
    expect(report).toMatchObject({ collection: 'ocean-files', created: 3, updated: 0, unchanged: 0, deleted: 3 });
    const moved = await deps.store.require({ kind: 'item', collectionId: 'ocean-files', id: FIXTURES[1]! });
    expect(moved.doc.collection).toBe('ocean-files');
    expect(await deps.store.get({ kind: 'item', collectionId: 'ocean', id: FIXTURES[1]! })).toBeUndefined();
  });
});
