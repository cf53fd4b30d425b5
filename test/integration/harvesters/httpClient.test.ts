import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeridianError } from '../../../src/core/errors.js';
import { FetchHttpClient, type RetryNotice } from '../../../src/core/http/httpClient.js';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

/** A server whose routes answer each attempt differently, counting attempts per path. */
let server: Server;
let base = '';
const routes = new Map<string, Handler>();
const attempts = new Map<string, number>();
const arrivals = new Map<string, number[]>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, n);
    arrivals.set(path, [...(arrivals.get(path) ?? []), Date.now()]);
    res.on('error', () => undefined);
    const handler = routes.get(path);
    if (handler) handler(req, res, n);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ok = (res: ServerResponse, body = 'ok', type = 'text/plain; charset=utf-8') => res.writeHead(200, { 'content-type': type }).end(body);

function client(notices: RetryNotice[] = [], options: ConstructorParameters<typeof FetchHttpClient>[0] = {}) {
  return new FetchHttpClient({ timeoutMs: 500, retries: 3, backoffMs: 10, maxBackoffMs: 40, onRetry: (n) => notices.push(n), ...options });
}

async function failure(promise: Promise<unknown>): Promise<MeridianError> {
  try {
    await promise;
  } catch (error) {
    return error as MeridianError;
  }
  throw new Error('expected a failure');
}

describe('harvest HTTP client', () => {
  it('retries a 5xx answer and returns the next success', async () => {
    routes.set('/flaky', (_req, res, n) => (n < 3 ? res.writeHead(n === 1 ? 500 : 503).end() : ok(res, 'third time')));
    const notices: RetryNotice[] = [];
    const response = await client(notices).request({ url: `${base}/flaky` });
    expect(response.text).toBe('third time');
    expect(notices.map((n) => n.reason)).toEqual([`GET ${base}/flaky: HTTP 500`, `GET ${base}/flaky: HTTP 503`]);
  });

  it('honours Retry-After in seconds and as an HTTP date on 429', async () => {
    routes.set('/busy', (_req, res, n) => (n === 1 ? res.writeHead(429, { 'retry-after': '1' }).end() : ok(res)));
    const notices: RetryNotice[] = [];
    await client(notices).request({ url: `${base}/busy` });
    expect(notices[0]?.delayMs).toBe(1000);
    const [first, second] = arrivals.get('/busy') ?? [];
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(950);
    routes.set('/busy-date', (_req, res, n) =>
      n === 1 ? res.writeHead(429, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }).end() : ok(res),
    );
    const dated: RetryNotice[] = [];
    await client(dated).request({ url: `${base}/busy-date` });
    expect(dated[0]?.delayMs).toBeGreaterThan(0);
    expect(dated[0]?.delayMs).toBeLessThanOrEqual(2000);
  });

  it('retries after a timeout, a connection reset and a body cut short', async () => {
    routes.set('/slow', (_req, res, n) => (n === 1 ? setTimeout(() => ok(res, 'late'), 1500) : ok(res, 'fast')));
    routes.set('/reset', (req, res, n) => (n === 1 ? req.socket.resetAndDestroy() : ok(res, 'reconnected')));
    routes.set('/cut', (req, res, n) => {
      if (n > 1) return ok(res, 'whole');
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1000 });
      res.write('x'.repeat(100), () => req.socket.destroy());
    });
    const notices: RetryNotice[] = [];
    const c = client(notices);
    expect((await c.request({ url: `${base}/slow` })).text).toBe('fast');
    expect((await c.request({ url: `${base}/reset` })).text).toBe('reconnected');
    expect((await c.request({ url: `${base}/cut` })).text).toBe('whole');
    expect(notices.map((n) => n.reason)).toEqual([
      `GET ${base}/slow: no complete answer within 500 ms`,
      expect.stringMatching(/^GET .*\/reset: connection failed/),
      expect.stringMatching(/^GET .*\/cut: connection failed/),
    ]);
  });

  it('gives up after the last retry with UpstreamFailed, and does not retry a 404', async () => {
    routes.set('/down', (_req, res) => res.writeHead(502).end());
    const down = await failure(client([], { retries: 2 }).request({ url: `${base}/down` }));
    expect(down).toBeInstanceOf(MeridianError);
    expect(down.code).toBe('UpstreamFailed');
    expect(down.message).toBe(`GET ${base}/down: HTTP 502 (3 attempts)`);
    const missing = await failure(client().request({ url: `${base}/missing` }));
    expect(missing.message).toBe(`GET ${base}/missing: HTTP 404`);
    expect(attempts.get('/missing')).toBe(1);
  });

  it('aborts a response larger than the limit, without retrying', async () => {
    routes.set('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(64 * 1024));
    });
    routes.set('/huge-declared', (_req, res) => res.writeHead(200, { 'content-length': 10_000_000 }).end());
    const c = client([], { maxResponseBytes: 10_000 });
    expect((await failure(c.request({ url: `${base}/huge` }))).message).toBe(`GET ${base}/huge: the response is larger than 10000 bytes`);
    expect(attempts.get('/huge')).toBe(1);
    expect((await failure(c.request({ url: `${base}/huge-declared` }))).code).toBe('UpstreamFailed');
  });

  it('decodes by the charset of Content-Type, else by the XML declaration', async () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><t>Instituto Português</t>';
    routes.set('/latin1-xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(Buffer.from(xml, 'latin1')));
    routes.set('/latin1-text', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=ISO-8859-1' }).end(Buffer.from('Météo', 'latin1')));
    routes.set('/utf8', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.from('{"t":"Météo"}', 'utf8')));
    const c = client();
    expect((await c.request({ url: `${base}/latin1-xml` })).text).toBe(xml);
    expect((await c.request({ url: `${base}/latin1-text` })).text).toBe('Météo');
    expect((await c.request({ url: `${base}/utf8` })).text).toBe('{"t":"Météo"}');
  });

  it('spaces the requests to one host and bounds the requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    routes.set('/paced', (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        ok(res);
      }, 30);
    });
    const c = client([], { minIntervalMs: 50, concurrency: 2 });
    await Promise.all(Array.from({ length: 5 }, () => c.request({ url: `${base}/paced` })));
    // Requests leave 50 ms apart; arrivals jitter with connection set-up, so the span is what is checked.
    const times = arrivals.get('/paced') ?? [];
    expect((times[4] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(180);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    routes.set('/hang', (_req, res) => setTimeout(() => ok(res), 400));
    const controller = new AbortController();
    const pending = client([], { timeoutMs: 5000 }).request({ url: `${base}/hang` }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(pending).rejects.toThrow('stop');
    expect(attempts.get('/hang')).toBe(1);
  });

  it('sends POST bodies and headers', async () => {
    routes.set('/echo', (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => ok(res, `${req.method} ${req.headers['content-type']} ${body}`));
    });
    const response = await client().request({ url: `${base}/echo`, method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(response.text).toBe('POST application/xml <a/>');
    expect(response.status).toBe(200);
  });
});
