import { get as httpGet, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../../src/protocols/opendap/metadataEncoding.js';
import { opendapRouter } from '../../../src/protocols/opendap/router.js';
import { sharedPath } from '../../support/shared.js';

const DATASET = '/opendap/fixtures/madis-sao_netcdf3-classic.nc';
let server: Server;
let base: string;

beforeAll(async () => {
  const app = express().use(
    '/opendap',
    opendapRouter({ roots: [{ name: 'fixtures', path: sharedPath('fixtures', 'netcdf') }], maxResponseBytes: 1e9, log: pino({ level: 'silent' }) }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** The status, headers and body as sent (HTTP clients of tests would inflate it), with exactly these request headers. */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('compressed OPeNDAP metadata', () => {
  it.each([
    ['das', 'gzip', gunzipSync],
    ['dds', 'deflate', inflateSync],
    ['dmr', 'gzip', gunzipSync],
  ] as const)('sends the .%s %s-compressed to a client that accepts it, the same text once inflated', async (suffix, coding, inflate) => {
    const plain = await raw(`${DATASET}.${suffix}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/Accept-Encoding/i);
    const accept = coding === 'gzip' ? 'deflate;q=0.5, gzip' : 'deflate,gzip;q=0.1';
    const compressed = await raw(`${DATASET}.${suffix}`, { 'Accept-Encoding': accept });
    expect(compressed.headers['content-encoding']).toBe(coding);
    expect(compressed.headers['content-type']).toBe(plain.headers['content-type']);
    expect(compressed.headers['etag']).not.toBe(plain.headers['etag']);
    expect(compressed.body.length).toBeLessThan(plain.body.length / 2);
    expect(inflate(compressed.body).toString()).toBe(plain.body.toString());
    // Revalidation with the compressed variant's ETag.
    const again = await raw(`${DATASET}.${suffix}`, { 'Accept-Encoding': accept, 'If-None-Match': String(compressed.headers['etag']) });
    expect(again.status).toBe(304);
  });

  it('never compresses data responses', async () => {
    const dods = await raw(`${DATASET}.dods?temperature`, { 'Accept-Encoding': 'gzip, deflate' });
    expect(dods.headers['content-encoding']).toBeUndefined();
    expect(Number(dods.headers['content-length'])).toBe(dods.body.length);
  });

  it('chooses by weight, gzip on a tie, nothing for short texts or refused codings', () => {
    const long = 'x'.repeat(2000);
    expect(chooseEncoding('deflate, gzip', long)).toBe('gzip');
    expect(chooseEncoding('deflate;q=1, gzip;q=0.5', long)).toBe('deflate');
    expect(chooseEncoding('*', long)).toBe('gzip');
    expect(chooseEncoding('gzip;q=0, deflate;q=0', long)).toBeUndefined();
    expect(chooseEncoding('br', long)).toBeUndefined();
    expect(chooseEncoding('gzip', 'short')).toBeUndefined();
    expect(chooseEncoding(undefined, long)).toBeUndefined();
  });
});
