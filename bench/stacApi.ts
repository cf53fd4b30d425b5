import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom, type SeededRandom } from '../src/demo/seededRandom.js';
import { writeNdjson } from './generateItems.js';
import { httpClient, linkRequest, type HttpClient, type HttpRequest } from './httpClient.js';
import { latencyStats } from './latencyStats.js';
import { databaseEnv, rssSampler, runImport, serverExit, startServer, type MeridianProcess } from './meridianProcess.js';
import { DEEP_PAGES, QUERY_NAMES, queryRequest, type QueryName } from './queryMix.js';
import { markdownReport, type BenchResult, type Driver, type QueryResult } from './report.js';
import { databaseChoice, machine, positiveInteger, runSuite } from './suiteRun.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WARMUP_REQUESTS = 10;
/** Upper bounds that make every step end by itself, whatever the server does. */
const SERVER_START_TIMEOUT_MS = 180_000;
const QUERY_PHASE_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 30_000;

interface RunOptions {
  readonly count: number;
  readonly driver: Driver;
  readonly databaseUrl?: string;
  readonly out: string;
  readonly samples: number;
  readonly clients: number;
  readonly loadSeconds: number;
}

function parseOptions(): RunOptions {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      driver: { type: 'string' },
      out: { type: 'string' },
      samples: { type: 'string' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
    },
  });
  const { driver, databaseUrl } = databaseChoice(values.driver);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    count: positiveInteger(values.count, 'count', databaseUrl ? 1_000_000 : 100_000),
    driver,
    ...(databaseUrl ? { databaseUrl } : {}),
    out: resolve(values.out ?? join(REPO_ROOT, 'bench', 'results', `${stamp}.json`)),
    samples: positiveInteger(values.samples, 'samples', 200),
    clients: positiveInteger(values.clients, 'clients', 16),
    loadSeconds: positiveInteger(values.seconds, 'seconds', 20),
  };
}

type Outcome = { readonly ok: true; readonly ms: number; readonly request: HttpRequest } | { readonly ok: false; readonly error: string };

async function single(client: HttpClient, request: HttpRequest): Promise<Outcome> {
  try {
    const res = await client.send(request);
    if (res.status === 200) return { ok: true, ms: res.ms, request };
    return { ok: false, error: `${request.method} ${request.path} → ${res.status} ${res.body.slice(0, 300)}` };
  } catch (error) {
    return { ok: false, error: `${request.method} ${request.path} → ${error instanceof Error ? error.message : String(error)}` };
  }
}

function nextLink(body: string): { href: string; method?: string; body?: unknown; merge?: boolean } | undefined {
  try {
    const page = JSON.parse(body) as { links?: { rel?: string; href?: string }[] };
    const next = page.links?.find((link) => link.rel === 'next');
    return next && typeof next.href === 'string' ? (next as { href: string }) : undefined;
  } catch {
    return undefined;
  }
}

/** Follows `next` links DEEP_PAGES pages deep; the outcome is the last page's. */
async function deepPage(client: HttpClient, first: HttpRequest): Promise<Outcome> {
  let request = first;
  for (let page = 1; page <= DEEP_PAGES; page += 1) {
    let res;
    try {
      res = await client.send(request);
    } catch (error) {
      return { ok: false, error: `page ${page}: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (res.status !== 200) return { ok: false, error: `page ${page}: ${request.method} ${request.path} → ${res.status} ${res.body.slice(0, 300)}` };
    if (page === DEEP_PAGES) return { ok: true, ms: res.ms, request };
    const next = nextLink(res.body);
    if (!next) return { ok: false, error: `no next link after page ${page} of ${first.path}` };
    request = linkRequest(next, request);
  }
  return { ok: false, error: 'unreachable' };
}

/** Sequential requests of one query after a warm-up; deep pages reached are kept for the load phase. */
async function measureQuery(client: HttpClient, name: QueryName, random: SeededRandom, samples: number, signal: AbortSignal): Promise<{ result: QueryResult; deepPages: HttpRequest[] }> {
  const deadline = performance.now() + QUERY_PHASE_TIMEOUT_MS;
  const times: number[] = [];
  const deepPages: HttpRequest[] = [];
  let errors = 0;
  let firstError: string | undefined;
  for (let i = 0; i < WARMUP_REQUESTS + samples && performance.now() < deadline && !signal.aborted; i += 1) {
    const request = queryRequest(name, random);
    const outcome = name === 'deep-page' ? await deepPage(client, request) : await single(client, request);
    if (outcome.ok && name === 'deep-page') deepPages.push(outcome.request);
    if (i < WARMUP_REQUESTS) continue;
    if (outcome.ok) {
      times.push(outcome.ms);
    } else {
      errors += 1;
      firstError ??= outcome.error;
    }
  }
  return { result: { ...latencyStats(times, errors), ...(firstError ? { firstError } : {}) }, deepPages };
}

/** `clients` concurrent loops over the query mix for `seconds`; deep pages replay recorded page-20 requests. */
async function loadTest(client: HttpClient, options: RunOptions, random: SeededRandom, deepPages: readonly HttpRequest[], signal: AbortSignal): Promise<NonNullable<BenchResult['throughput']>> {
  const started = performance.now();
  const deadline = started + options.loadSeconds * 1000;
  const byQuery = Object.fromEntries(QUERY_NAMES.map((name) => [name, { requests: 0, errors: 0 }])) as Record<QueryName, { requests: number; errors: number }>;
  let firstError: string | undefined;
  const worker = async (offset: number): Promise<void> => {
    for (let i = offset; performance.now() < deadline && !signal.aborted; i += 1) {
      const name = QUERY_NAMES[i % QUERY_NAMES.length] as QueryName;
      const request = name === 'deep-page' && deepPages.length > 0 ? random.pick(deepPages) : queryRequest(name, random);
      const outcome = await single(client, request);
      byQuery[name].requests += 1;
      if (!outcome.ok) {
        byQuery[name].errors += 1;
        firstError ??= outcome.error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, offset) => worker(offset)));
  const seconds = (performance.now() - started) / 1000;
  const requests = QUERY_NAMES.reduce((sum, name) => sum + byQuery[name].requests, 0);
  const errors = QUERY_NAMES.reduce((sum, name) => sum + byQuery[name].errors, 0);
  return { clients: options.clients, seconds: roundTo(seconds, 3), requests, errors, requestsPerSecond: roundTo(requests / seconds, 1), byQuery, ...(firstError ? { firstError } : {}) };
}

/** Time from spawning the server on an empty PGlite data directory, demo enabled, to its first 200 on `/`. */
async function firstStart(work: string, processes: MeridianProcess[], signal: AbortSignal): Promise<NonNullable<BenchResult['firstStart']>> {
  const dataDir = join(work, 'first-start');
  await mkdir(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, MERIDIAN_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.MERIDIAN_DEMO;
  try {
    const { server, seconds } = await startServer(env, processes, SERVER_START_TIMEOUT_MS, signal);
    await server.stop();
    return { seconds: roundTo(seconds, 3) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function run(options: RunOptions, work: string, processes: MeridianProcess[], signal: AbortSignal): Promise<BenchResult> {
  let result: BenchResult = {
    startedAt: new Date().toISOString(),
    options: { count: options.count, driver: options.driver, samples: options.samples, clients: options.clients, loadSeconds: options.loadSeconds },
    environment: machine(),
    dataset: { collections: 0, items: 0, bytes: 0, seconds: 0 },
    queries: {},
  };
  try {
    console.error('first start: PGlite, empty data directory, demo catalogue enabled');
    result = { ...result, firstStart: await firstStart(work, processes, signal) };
    signal.throwIfAborted();

    const file = join(work, 'bench.ndjson');
    console.error(`generating ${options.count.toLocaleString('en-US')} items`);
    const generateStarted = performance.now();
    const summary = await writeNdjson(file, options.count, { signal });
    result = { ...result, dataset: { ...summary, seconds: roundTo((performance.now() - generateStarted) / 1000, 3) } };

    const env = databaseEnv(options.driver, options.databaseUrl, join(work, 'data'));
    console.error(`importing through the CLI (${options.driver})`);
    result = { ...result, import: await runImport(file, options.count, env, processes, signal) };

    const { server, port, seconds } = await startServer(env, processes, SERVER_START_TIMEOUT_MS, signal);
    result = { ...result, serverStartSeconds: roundTo(seconds, 3) };
    const live = AbortSignal.any([signal, serverExit(server)]);
    const overall = rssSampler(server.child.pid);
    let underLoad: ReturnType<typeof rssSampler> | undefined;
    const client = httpClient(port, { maxSockets: options.clients * 2, timeoutMs: REQUEST_TIMEOUT_MS });
    try {
      const random = seededRandom(42);
      const deepPages: HttpRequest[] = [];
      for (const name of QUERY_NAMES) {
        live.throwIfAborted();
        console.error(`query ${name}: ${WARMUP_REQUESTS} warm-up + ${options.samples} requests`);
        const measured = await measureQuery(client, name, random, options.samples, live);
        deepPages.push(...measured.deepPages);
        result = { ...result, queries: { ...result.queries, [name]: measured.result } };
      }
      live.throwIfAborted();
      console.error(`load: ${options.clients} clients for ${options.loadSeconds} s`);
      underLoad = rssSampler(server.child.pid);
      const throughput = await loadTest(client, options, random, deepPages, live);
      underLoad.stop();
      live.throwIfAborted();
      result = { ...result, throughput };
    } finally {
      overall.stop();
      underLoad?.stop();
      client.close();
      result = { ...result, rss: { maxMB: round(overall.max()), maxDuringLoadMB: round(underLoad?.max()) } };
    }
  } catch (error) {
    result = { ...result, error: error instanceof Error ? error.message : String(error) };
  }
  return result;
}

const round = (mb: number | undefined): number | null => (mb === undefined ? null : Math.round(mb));
const roundTo = (value: number, digits: number): number => Number(value.toFixed(digits));

const options = parseOptions();
await runSuite(options.out, (work, processes, signal) => run(options, work, processes, signal), markdownReport);
