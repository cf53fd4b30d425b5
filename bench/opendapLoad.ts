/**
 * The two kinds of OPeNDAP load: many small requests from concurrent keep-alive clients (requests/s),
 * and big downloads whose bodies are only drained (MB/s), to 127.0.0.1 only.
 */
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

/** The status and Content-Length of an answer's head (its text before the blank line). */
function readHead(head: string): { readonly status: number; readonly contentLength?: number } {
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  return { status: Number(head.slice(9, 12)), ...(length === null ? {} : { contentLength: Number(length[1]) }) };
}

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
        const head = readHead(pending.subarray(0, end).toString('latin1'));
        status = head.status;
        if (head.contentLength === undefined) {
          fail(`${path}: an answer without Content-Length`);
          socket.destroy();
          return;
        }
        bodyLeft = head.contentLength;
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

/** Bytes one download's socket reads at a time, into the same buffer each time. */
const DRAIN_BUFFER_BYTES = 1024 * 1024;

/**
 * GET `path` and drain the body; fails on any status but 200 or a body shorter than its Content-Length.
 * A bare socket reading into one reused buffer: the client shares the machine's cores with the server
 * it measures, and node:http's client (a Buffer and an event per 64 KiB) held a download of the
 * NetCDF-3 variable to about 750 MB/s where curl took 1.3–2.4 GB/s from the same server.
 */
export function download(port: number, path: string): Promise<DownloadResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let head = '';
    let bodyLeft = -1;
    let bytes = 0;
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    const received = (n: number, buffer: Buffer): boolean => {
      let bodyStart = 0;
      if (bodyLeft < 0) {
        head += buffer.toString('latin1', 0, n);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return true;
        const { status, contentLength } = readHead(head.slice(0, end));
        if (status !== 200) fail(new Error(`${path} → ${status}`));
        else if (contentLength === undefined) fail(new Error(`${path}: an answer without Content-Length`));
        if (status !== 200 || contentLength === undefined) return false;
        bodyLeft = contentLength;
        // The head's bytes are the first ones of this read (latin1: one character per byte).
        bodyStart = n - (head.length - end - 4);
      }
      bytes += n - bodyStart;
      bodyLeft -= n - bodyStart;
      if (bodyLeft <= 0) {
        socket.destroy();
        const seconds = (performance.now() - started) / 1000;
        if (bodyLeft < 0) reject(new Error(`${path}: ${bytes} bytes, more than the ${bytes + bodyLeft} announced`));
        else resolve({ bytes, seconds, mbPerSecond: bytes / 1e6 / seconds });
      }
      return true;
    };
    const socket = connect({ host: '127.0.0.1', port, onread: { buffer: Buffer.allocUnsafe(DRAIN_BUFFER_BYTES), callback: received } });
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    socket.on('error', reject);
    socket.on('close', () => {
      if (bodyLeft !== 0) reject(new Error(`${path}: the connection closed ${bodyLeft < 0 ? 'before the answer' : `${bodyLeft} bytes short of its Content-Length`}`));
    });
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
