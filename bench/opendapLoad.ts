/**
 * The two kinds of OPeNDAP load: many small requests from concurrent keep-alive clients (requests/s),
 * and big downloads whose bodies are only drained (MB/s), to 127.0.0.1 only.
 */
import { get } from 'node:http';
import { connect } from 'node:net';
import { latencyStats, type LatencyStats } from './latencyStats.js';

export interface RateResult extends LatencyStats {
  readonly requestsPerSecond: number;
  readonly firstError?: string;
}

/**
 * `clients` connections each send `GET path` one after the other for `seconds`. A bare socket with just
 * enough HTTP parsing (status line, Content-Length) to find the end of each answer: node:http's client
 * costs more CPU per request than the server under test, and both share this machine's cores.
 */
export async function requestRate(port: number, path: string, clients: number, seconds: number): Promise<RateResult> {
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const fail = (message: string): void => {
    errors += 1;
    firstError ??= message;
  };
  // warm-up: the dataset opened
  await keepAliveLoop(port, path, performance.now() + 200, () => undefined, fail);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, () =>
      keepAliveLoop(port, path, until, (status, ms) => (status === 200 ? times.push(ms) : fail(`${path} → ${status}`)), fail),
    ),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { ...latencyStats(times, errors), requestsPerSecond: Math.round(times.length / elapsed), ...(firstError ? { firstError } : {}) };
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection sending `GET path` until `until` (a `performance.now()` time); resolves when it is closed. */
function keepAliveLoop(port: number, path: string, until: number, answered: (status: number, ms: number) => void, fail: (message: string) => void): Promise<void> {
  const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let pending: Buffer = Buffer.alloc(0);
    let status = 0;
    let bodyLeft = -1;
    let sentAt = 0;
    const send = (): void => {
      if (performance.now() >= until) {
        socket.end();
        return;
      }
      sentAt = performance.now();
      socket.write(request);
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      if (bodyLeft < 0) {
        const end = pending.indexOf(HEAD_END);
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1');
        status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        if (length === null) {
          fail(`${path}: an answer without Content-Length`);
          socket.destroy();
          return;
        }
        bodyLeft = Number(length[1]);
        pending = pending.subarray(end + HEAD_END.length);
      }
      if (pending.length < bodyLeft) return;
      pending = pending.subarray(bodyLeft);
      bodyLeft = -1;
      answered(status, performance.now() - sentAt);
      send();
    });
    socket.on('error', (error) => fail(`${path}: ${error.message}`));
    socket.on('close', () => resolve());
  });
}

export interface DownloadResult {
  readonly bytes: number;
  readonly seconds: number;
  readonly mbPerSecond: number;
}

/** GET `path` and drain the body; fails on any status but 200 or a body shorter than its Content-Length. */
export function download(port: number, path: string): Promise<DownloadResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = get({ host: '127.0.0.1', port, path }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${path} → ${res.statusCode}`));
        return;
      }
      const expected = Number(res.headers['content-length'] ?? Number.NaN);
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('error', reject);
      res.on('end', () => {
        const seconds = (performance.now() - started) / 1000;
        if (!Number.isNaN(expected) && bytes !== expected) reject(new Error(`${path}: ${bytes} bytes of ${expected}`));
        else resolve({ bytes, seconds, mbPerSecond: bytes / 1e6 / seconds });
      });
    });
    req.on('error', reject);
  });
}

/** The best of `repeats` downloads (the first one warms the caches and is not counted when repeats > 1). */
export async function bestDownload(
  port: number,
  path: string,
  repeats: number,
): Promise<DownloadResult & { readonly runs: readonly number[]; readonly totalBytes: number }> {
  const warmUp = repeats > 1 ? (await download(port, path)).bytes : 0;
  const results: DownloadResult[] = [];
  for (let i = 0; i < repeats; i++) results.push(await download(port, path));
  const best = results.reduce((a, b) => (b.mbPerSecond > a.mbPerSecond ? b : a));
  return { ...best, runs: results.map((r) => Math.round(r.mbPerSecond)), totalBytes: results.reduce((sum, r) => sum + r.bytes, warmUp) };
}

/** `clients` downloads of `path` at once; the rate is all their bytes over the time until the last one ends. */
export async function concurrentDownloads(port: number, path: string, clients: number): Promise<DownloadResult> {
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: clients }, () => download(port, path)));
  const seconds = (performance.now() - started) / 1000;
  const bytes = results.reduce((sum, r) => sum + r.bytes, 0);
  return { bytes, seconds, mbPerSecond: bytes / 1e6 / seconds };
}
