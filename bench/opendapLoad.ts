/**
 * The two kinds of OPeNDAP load: many small requests from concurrent keep-alive clients (requests/s),
 * and big downloads whose bodies are only drained (MB/s), to 127.0.0.1 only.
 */
import { get } from 'node:http';
import { httpClient } from './httpClient.js';
import { latencyStats, type LatencyStats } from './latencyStats.js';

export interface RateResult extends LatencyStats {
  readonly requestsPerSecond: number;
  readonly firstError?: string;
}

/** `clients` clients each send `path` one after the other for `seconds`, over kept-alive sockets. */
export async function requestRate(port: number, path: string, clients: number, seconds: number): Promise<RateResult> {
  const client = httpClient(port, { maxSockets: clients });
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const fail = (message: string): void => {
    errors += 1;
    firstError ??= message;
  };
  // warm-up: the dataset opened and every socket connected
  await Promise.all(Array.from({ length: clients }, () => client.send({ method: 'GET', path }).catch(() => undefined)));
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        try {
          const res = await client.send({ method: 'GET', path });
          if (res.status === 200) times.push(res.ms);
          else fail(`${path} → ${res.status} ${res.body.slice(0, 200)}`);
        } catch (error) {
          fail(`${path} → ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  client.close();
  return { ...latencyStats(times, errors), requestsPerSecond: Math.round(times.length / elapsed), ...(firstError ? { firstError } : {}) };
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
export async function bestDownload(port: number, path: string, repeats: number): Promise<DownloadResult & { readonly runs: readonly number[] }> {
  const results: DownloadResult[] = [];
  if (repeats > 1) await download(port, path);
  for (let i = 0; i < repeats; i++) results.push(await download(port, path));
  const best = results.reduce((a, b) => (b.mbPerSecond > a.mbPerSecond ? b : a));
  return { ...best, runs: results.map((r) => Math.round(r.mbPerSecond)) };
}

/** `clients` downloads of `path` at once; the rate is all their bytes over the time until the last one ends. */
export async function concurrentDownloads(port: number, path: string, clients: number): Promise<DownloadResult> {
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: clients }, () => download(port, path)));
  const seconds = (performance.now() - started) / 1000;
  const bytes = results.reduce((sum, r) => sum + r.bytes, 0);
  return { bytes, seconds, mbPerSecond: bytes / 1e6 / seconds };
}
