import { readFile, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, makeDataRoot } from '../../support/dataRoot.js';
import { DRIVERS } from '../../support/drivers.js';
import { openStacApi, testConfig, type StacApi } from '../../support/stacApi.js';
import { sharedPath } from '../../support/shared.js';

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe.each(DRIVERS)('file downloads on %s', (driver) => {
  let api: StacApi;
  let root: string;
  let outside: string;
  let bytes: Buffer;
  const name = FIXTURES[3]!;

  beforeAll(async () => {
    ({ root, outside } = await makeDataRoot());
    await symlink(outside, join(root, 'elsewhere'));
    api = await openStacApi(driver, { ...testConfig(), datasets: [{ name: 'ocean', path: root }] });
    bytes = await readFile(sharedPath('fixtures/netcdf', name));
  });
  afterAll(async () => {
    await api?.dispose();
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('serves a whole file with its length, date, ETag and Accept-Ranges', async () => {
    const res = await api.http.get(`/files/ocean/${name}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['content-type']).toBe('application/x-netcdf');
    expect(res.headers['last-modified']).toBeDefined();
    expect(res.headers.etag).toBeDefined();
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
    const again = await api.http.get(`/files/ocean/${name}`).set('If-None-Match', String(res.headers.etag));
    expect(again.status).toBe(304);
  });

  it('serves a file in a subdirectory, its path percent-encoded', async () => {
    const res = await api.http.head(`/files/ocean/sub%20dir/${FIXTURES[0]!}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('16372');
  });

  it('answers byte ranges with 206 and unsatisfiable ones with 416', async () => {
    const part = await api.http.get(`/files/ocean/${name}`).set('Range', 'bytes=0-3').buffer(true).parse(binary);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-3/${bytes.length}`);
    expect(part.headers['content-length']).toBe('4');
    expect(Buffer.compare(part.body as Buffer, bytes.subarray(0, 4))).toBe(0);
    const tail = await api.http.get(`/files/ocean/${name}`).set('Range', 'bytes=-10').buffer(true).parse(binary);
    expect(tail.status).toBe(206);
    expect(Buffer.compare(tail.body as Buffer, bytes.subarray(bytes.length - 10))).toBe(0);
    const beyond = await api.http.get(`/files/ocean/${name}`).set('Range', `bytes=${bytes.length + 10}-`);
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);
  });

  it('refuses traversal, links out of the root, other files and unknown roots', async () => {
    for (const path of ['/files/ocean/%2e%2e/ocean/x.nc', '/files/ocean/sub%20dir/%2E%2E/madis-sao_netcdf3-classic.nc', '/files/ocean/a%2Fb.nc', '/files/ocean/a%5Cb.nc']) {
      expect((await api.http.get(path)).status, path).toBe(400);
    }
    const raw = await request(api.app).get('/files/ocean/sub%20dir/../../../etc/passwd.nc');
    expect([400, 404]).toContain(raw.status);
    expect((await api.http.get('/files/ocean/escape.nc')).status).toBe(404);
    expect((await api.http.get('/files/ocean/elsewhere/secret.nc')).status).toBe(404);
    expect((await api.http.get('/files/ocean/notes.txt')).status).toBe(404);
    expect((await api.http.get('/files/ocean/missing.nc')).status).toBe(404);
    expect((await api.http.get(`/files/other/${name}`)).status).toBe(404);
  });
});
