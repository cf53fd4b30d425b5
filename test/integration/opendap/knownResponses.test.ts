/**
 * Metadata documents answered before express (`Opendap.answerKnown`, as Meridian's request listener
 * calls it): byte for byte what the router sends, only for a document already built from the file as
 * it still is; conditional requests and anything else go on to the router.
 */
import { utimesSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opendap } from '../../../src/protocols/opendap/router.js';
import { ncgen, sampleCdl, tempDirectory } from '../../unit/netcdf/netcdf3/sampleFiles.js';

const dir = tempDirectory('meridian-dap-known-');
const RECHECK_MS = 100;
const MOUNT = '/opendap';
/** What the application adds to every response (Meridian: CORS). */
const APP_HEADERS: OutgoingHttpHeaders = { 'Access-Control-Allow-Origin': '*' };
let server: Server;
let port: number;
/** Requests answered before express. */
let known = 0;

beforeAll(async () => {
  ncgen(dir.path, 'classic.nc', 'classic', sampleCdl('classic'));
  const dap = opendap({ roots: [{ name: 'gen', path: dir.path }], maxResponseBytes: 1e9, recheckMs: RECHECK_MS, log: pino({ level: 'silent' }) });
  const app = express()
    .disable('x-powered-by')
    .use((_req, res, next) => {
      res.set(APP_HEADERS);
      next();
    })
    .use(MOUNT, dap.router);
  server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith(`${MOUNT}/`) && dap.answerKnown(req, res, url.slice(MOUNT.length), APP_HEADERS)) known++;
    else void app(req, res);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  dir.remove();
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Whether it was answered before express. */
  readonly known: boolean;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const before = known;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: `${MOUNT}/gen/${path}`, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), known: known > before }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const withoutDate = (headers: IncomingHttpHeaders): IncomingHttpHeaders => {
  const { date: _date, ...rest } = headers;
  return rest;
};

describe('metadata documents answered before express', () => {
  it.each([
    ['classic.nc.das', {}, 'GET'],
    ['classic.nc.dds', {}, 'GET'],
    ['classic.nc.dds?time', {}, 'GET'],
    ['classic.nc.dmr', {}, 'GET'],
    ['classic.nc.das', { 'Accept-Encoding': 'gzip' }, 'GET'],
    ['classic.nc.dds', { 'Accept-Encoding': 'deflate' }, 'GET'],
    ['classic.nc.das', {}, 'HEAD'],
  ] as const)('%s %j %s: the same status, headers and body as the router sent', async (path, headers, method) => {
    const first = await get(path, headers, method);
    const again = await get(path, headers, method);
    expect(again.known).toBe(true);
    expect(again.status).toBe(200);
    expect(withoutDate(again.headers)).toEqual(withoutDate(first.headers));
    expect(again.body.equals(first.body)).toBe(true);
    expect(again.headers['access-control-allow-origin']).toBe('*');
    expect(again.headers['xdods-server']).toBe('dods/3.2');
  });

  it('leaves conditional requests, other documents and errors to the router', async () => {
    const { headers } = await get('classic.nc.das');
    const revalidated = await get('classic.nc.das', { 'If-None-Match': String(headers.etag) });
    expect(revalidated).toMatchObject({ status: 304, known: false });
    expect((await get('classic.nc.dds?nosuch')).known).toBe(false);
    expect(await get('classic.nc.dds?nosuch')).toMatchObject({ status: 404, known: false });
    expect((await get('classic.nc.ascii?time')).known).toBe(false);
    expect((await get('classic.nc.ascii?time')).known).toBe(false);
  });

  it('builds the document again once the file has changed and the recheck time has passed', async () => {
    ncgen(dir.path, 'changing.nc', 'classic', 'netcdf a { dimensions: x = 2 ; variables: int a(x) ; data: a = 1, 2 ; }');
    expect((await get('changing.nc.dds')).body.toString()).toContain('Int32 a[x = 2];');
    expect((await get('changing.nc.dds')).known).toBe(true);
    ncgen(dir.path, 'changing.nc', 'classic', 'netcdf b { dimensions: x = 3 ; variables: short b(x) ; data: b = 1, 2, 3 ; }');
    utimesSync(join(dir.path, 'changing.nc'), new Date(), new Date(Date.now() + 5000));
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS + 20));
    const changed = await get('changing.nc.dds');
    expect(changed.known).toBe(false);
    expect(changed.body.toString()).toContain('Int16 b[x = 3];');
    expect(await get('changing.nc.dds')).toMatchObject({ known: true, body: changed.body });
  });
});
