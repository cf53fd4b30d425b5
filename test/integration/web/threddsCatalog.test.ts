import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseThreddsCatalog } from '../../../crosswalks/thredds/catalog.js';
import { FIXTURES, makeDataRoot } from '../../support/dataRoot.js';
import { DRIVERS } from '../../support/drivers.js';
import { openStacApi, TEST_BASE, testConfig, type StacApi } from '../../support/stacApi.js';

describe.each(DRIVERS)('THREDDS catalogs of the published roots on %s', (driver) => {
  let api: StacApi;
  let root: string;
  let outside: string;

  beforeAll(async () => {
    ({ root, outside } = await makeDataRoot());
    api = await openStacApi(driver, { ...testConfig(), datasets: [{ name: 'ocean', path: root, title: 'Ocean files' }] });
  });
  afterAll(async () => {
    await api?.dispose();
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const fetchCatalog = async (path: string) => {
    const res = await api.http.get(path);
    expect(res.status, path).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    return parseThreddsCatalog(res.text, `${TEST_BASE}${path}`);
  };

  it('has a root catalog with a catalogRef per root', async () => {
    const catalog = await fetchCatalog('/thredds/catalog.xml');
    expect(catalog.warnings).toEqual([]);
    expect(catalog.catalogRefs).toEqual([expect.objectContaining({ href: `${TEST_BASE}/thredds/ocean/catalog.xml`, title: 'Ocean files' })]);
  });

  it('lists a root directory: datasets with OPeNDAP and HTTPServer access, size and date, and its subdirectories', async () => {
    const catalog = await fetchCatalog('/thredds/ocean/catalog.xml');
    expect(catalog.warnings).toEqual([]);
    // Links out of the root and files that are not NetCDF are left out; fake.nc has a NetCDF name (it is listed).
    expect(catalog.datasets.map((d) => d.name).sort()).toEqual(['fake.nc', ...FIXTURES.slice(1)].sort());
    const madis = catalog.datasets.find((d) => d.name === FIXTURES[3]);
    expect(madis).toMatchObject({ urlPath: `ocean/${FIXTURES[3]}`, dataSize: 266032 });
    expect(madis?.dates).toEqual([{ type: 'modified', value: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(madis?.access.map((a) => [a.serviceType, a.href])).toEqual([
      ['OPENDAP', `${TEST_BASE}/opendap/ocean/${FIXTURES[3]}`],
      ['HTTPServer', `${TEST_BASE}/files/ocean/${FIXTURES[3]}`],
    ]);
    expect(catalog.catalogRefs.map((r) => r.href)).toEqual([`${TEST_BASE}/thredds/ocean/sub%20dir/catalog.xml`]);
  });

  it('lists a subdirectory, whose download links work', async () => {
    const catalog = await fetchCatalog('/thredds/ocean/sub%20dir/catalog.xml');
    expect(catalog.datasets.map((d) => d.urlPath)).toEqual([`ocean/sub%20dir/${FIXTURES[0]}`]);
    const http = catalog.datasets[0]?.access.find((a) => a.serviceType === 'HTTPServer');
    expect(http?.href).toBe(`${TEST_BASE}/files/ocean/sub%20dir/${FIXTURES[0]}`);
    const download = await api.http.head(new URL(http!.href).pathname);
    expect(download.status).toBe(200);
    expect(download.headers['content-length']).toBe('16372');
  });

  it('answers 404 for unknown roots, directories out of the root and other documents, 400 for traversal', async () => {
    expect((await api.http.get('/thredds/other/catalog.xml')).status).toBe(404);
    expect((await api.http.get('/thredds/ocean/missing/catalog.xml')).status).toBe(404);
    expect((await api.http.get('/thredds/ocean/catalog.html')).status).toBe(404);
    expect((await api.http.get('/thredds/ocean/%2e%2e/catalog.xml')).status).toBe(400);
  });
});
