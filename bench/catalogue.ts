/**
 * `npm run bench catalogue`: the CSW and OAI-PMH endpoints over a synthetic catalogue. CSW GetRecords
 * (BBOX and PropertyIsLike, summary, 50 records) latency and throughput, then an OAI-PMH ListRecords
 * oai_dc harvest of the whole catalogue through its resumption tokens, with the server's RSS sampled.
 */
import { setMaxListeners } from 'node:events';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom, type SeededRandom } from '../src/demo/seededRandom.js';
import { BENCH_COLLECTIONS } from './benchCollections.js';
import {
  getRecordsRequest,
  listRecordsRequest,
  oaiPage,
  resumeRequest,
  searchResults,
} from './catalogueRequests.js';
import { catalogueReport, type CatalogueOptions, type CatalogueResult, type CswLoad, type OaiHarvest } from './catalogueReport.js';
import { writeNdjson } from './generateItems.js';
import { httpClient, type HttpClient, type HttpRequest } from './httpClient.js';
import { latencyStats } from './latencyStats.js';
import { databaseEnv, rssMb, runImport, serverExit, startServer, type MeridianProcess } from './meridianProcess.js';
import { databaseChoice, loadAverage, machine, positiveInteger, runSuite } from './suiteRun.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WARMUP_REQUESTS = 10;
const SERVER_START_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 60_000;
const RSS_EVERY_MS = 500;

interface RunOptions extends CatalogueOptions {
  readonly databaseUrl?: string;
  readonly skipHarvest: boolean;
  readonly out: string;
}

function parseOptions(): RunOptions {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      driver: { type: 'string' },
      'skip-import': { type: 'boolean', default: false },
      'skip-harvest': { type: 'boolean', default: false },
      out: { type: 'string' },
      samples: { type: 'string' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
      property: { type: 'string', default: 'csw:AnyText' },
      word: { type: 'string', default: 'temperature' },
      prefix: { type: 'string', default: 'oai_dc' },
    },
  });
  const { driver, databaseUrl } = databaseChoice(values.driver);
  // a PGlite data directory lives only as long as its run
  if (values['skip-import'] && driver !== 'postgres') throw new Error('--skip-import needs PostgreSQL (DATABASE_URL)');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    count: positiveInteger(values.count, 'count', databaseUrl ? 1_000_000 : 100_000),
    driver,
    ...(databaseUrl ? { databaseUrl } : {}),
    skipImport: values['skip-import'],
    skipHarvest: values['skip-harvest'],
    out: resolve(values.out ?? join(REPO_ROOT, 'bench', 'results', `catalogue-${stamp}.json`)),
    samples: positiveInteger(values.samples, 'samples', 200),
    clients: positiveInteger(values.clients, 'clients', 16),
    loadSeconds: positiveInteger(values.seconds, 'seconds', 20),
    property: values.property,
    word: values.word,
    prefix: values.prefix,
  };
}

type Outcome = { readonly ok: true; readonly ms: number; readonly matched: number } | { readonly ok: false; readonly error: string };

/** One GetRecords; anything but a 200 with a full page of search results counts as an error. */
async function getRecords(client: HttpClient, request: HttpRequest, signal: AbortSignal): Promise<Outcome> {
  try {
    const res = await client.send(request, { signal });
    const results = res.status === 200 ? searchResults(res.body) : undefined;
    if (results === undefined) return { ok: false, error: `${request.method} ${request.path} → ${res.status} ${res.body.slice(0, 300)}` };
    return { ok: true, ms: res.ms, matched: results.matched };
  } catch (error) {
    return { ok: false, error: `${request.method} ${request.path} → ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function measureGetRecords(client: HttpClient, options: RunOptions, random: SeededRandom, signal: AbortSignal): Promise<CatalogueResult['getRecords']> {
  const times: number[] = [];
  const matched: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  for (let i = 0; i < WARMUP_REQUESTS + options.samples && !signal.aborted; i += 1) {
    const outcome = await getRecords(client, getRecordsRequest(random, options.property, options.word), signal);
    if (i < WARMUP_REQUESTS) continue;
    if (outcome.ok) {
      times.push(outcome.ms);
      matched.push(outcome.matched);
    } else {
      errors += 1;
      firstError ??= outcome.error;
    }
  }
  matched.sort((a, b) => a - b);
  return {
    ...latencyStats(times, errors),
    loadAverage: loadAverage(),
    matchedMedian: matched[Math.floor(matched.length / 2)] ?? null,
    ...(firstError ? { firstError } : {}),
  };
}

/** `clients` loops of GetRecords, each waiting for its answer before the next, for `loadSeconds`. */
async function loadGetRecords(client: HttpClient, options: RunOptions, random: SeededRandom, signal: AbortSignal): Promise<CswLoad> {
  const started = performance.now();
  const deadline = started + options.loadSeconds * 1000;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && !signal.aborted) {
      const outcome = await getRecords(client, getRecordsRequest(random, options.property, options.word), signal);
      requests += 1;
      if (!outcome.ok) {
        errors += 1;
        firstError ??= outcome.error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { clients: options.clients, seconds: roundTo(seconds, 3), requests, errors, requestsPerSecond: roundTo(requests / seconds, 1), loadAverage: loadAverage(), ...(firstError ? { firstError } : {}) };
}

/**
 * A harvester's walk: ListRecords, then every resumption token to the end, one request at a time. RSS is
 * read every RSS_EVERY_MS; the figures compare the walk's first and last tenths (flat memory).
 */
async function harvest(client: HttpClient, prefix: string, pid: number | undefined, expected: number, signal: AbortSignal): Promise<OaiHarvest> {
  const rss: number[] = [];
  const sample = (): void => {
    const mb = rssMb(pid);
    if (mb !== undefined) rss.push(mb);
  };
  sample();
  const timer = setInterval(sample, RSS_EVERY_MS);
  const started = performance.now();
  let records = 0;
  let pages = 0;
  let completeListSize: number | undefined;
  let error: string | undefined;
  let lastProgress = started;
  try {
    let request: HttpRequest | undefined = listRecordsRequest(prefix);
    while (request !== undefined && !signal.aborted) {
      const res = await client.send(request, { signal });
      const page = res.status === 200 ? oaiPage(res.body) : { records: 0, error: `HTTP ${res.status}: ${res.body.slice(0, 300)}` };
      if (page.error !== undefined) {
        error = `page ${pages + 1}: ${page.error}`;
        break;
      }
      pages += 1;
      records += page.records;
      completeListSize ??= page.completeListSize;
      request = page.token === undefined ? undefined : resumeRequest(page.token);
      if (performance.now() - lastProgress > 10_000) {
        lastProgress = performance.now();
        console.error(`  ${records.toLocaleString('en-US')} records, ${Math.round(records / ((lastProgress - started) / 1000))} records/s, RSS ${Math.round(rss.at(-1) ?? 0)} MB`);
      }
    }
  } finally {
    clearInterval(timer);
    sample();
  }
  const seconds = (performance.now() - started) / 1000;
  const tenth = Math.max(1, Math.floor(rss.length / 10));
  const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : Math.round(values.reduce((s, v) => s + v, 0) / values.length));
  return {
    prefix,
    records,
    pages,
    seconds: roundTo(seconds, 3),
    recordsPerSecond: roundTo(records / seconds, 1),
    completeListSize: completeListSize ?? null,
    loadAverage: loadAverage(),
    catalogueSize: expected,
    rss: { firstTenthMB: mean(rss.slice(0, tenth)), lastTenthMB: mean(rss.slice(-tenth)), maxMB: rss.length === 0 ? null : Math.round(Math.max(...rss)) },
    ...(error === undefined ? {} : { error }),
  };
}

function recordedOptions({ databaseUrl: _url, skipHarvest: _skip, out: _out, ...recorded }: RunOptions): CatalogueOptions {
  return recorded;
}

async function run(options: RunOptions, work: string, processes: MeridianProcess[], signal: AbortSignal): Promise<CatalogueResult> {
  let result: CatalogueResult = {
    startedAt: new Date().toISOString(),
    options: recordedOptions(options),
    environment: machine(),
  };
  try {
    const env = databaseEnv(options.driver, options.databaseUrl, join(work, 'data'));
    if (!options.skipImport) {
      const file = join(work, 'bench.ndjson');
      console.error(`generating ${options.count.toLocaleString('en-US')} items`);
      await writeNdjson(file, options.count, { signal });
      console.error(`importing through the CLI (${options.driver})`);
      result = { ...result, import: await runImport(file, options.count, env, processes, signal) };
      await rm(file, { force: true });
    }
    const { server, port } = await startServer(env, processes, SERVER_START_TIMEOUT_MS, signal);
    const live = AbortSignal.any([signal, serverExit(server)]);
    // every request in flight listens to it
    setMaxListeners(options.clients + 4, live);
    const client = httpClient(port, { maxSockets: options.clients * 2, timeoutMs: REQUEST_TIMEOUT_MS });
    try {
      const random = seededRandom(42);
      console.error(`CSW GetRecords: ${WARMUP_REQUESTS} warm-up + ${options.samples} requests`);
      result = { ...result, getRecords: await measureGetRecords(client, options, random, live) };
      live.throwIfAborted();
      console.error(`CSW GetRecords load: ${options.clients} clients for ${options.loadSeconds} s`);
      result = { ...result, getRecordsLoad: await loadGetRecords(client, options, random, live) };
      live.throwIfAborted();
      if (!options.skipHarvest) {
        const size = options.count + BENCH_COLLECTIONS.length;
        console.error(`OAI-PMH ListRecords ${options.prefix}: ${size.toLocaleString('en-US')} records`);
        result = { ...result, harvest: await harvest(client, options.prefix, server.child.pid, size, live) };
      }
    } finally {
      client.close();
    }
  } catch (error) {
    result = { ...result, error: error instanceof Error ? error.message : String(error) };
  }
  return result;
}

const roundTo = (value: number, digits: number): number => Number(value.toFixed(digits));

const options = parseOptions();
await runSuite(options.out, (work, processes, signal) => run(options, work, processes, signal), catalogueReport);
