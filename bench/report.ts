import type { LatencyStats } from './latencyStats.js';
import { QUERY_NAMES, QUERY_TITLES, type QueryName } from './queryMix.js';

export type Driver = 'pglite' | 'postgres';

export interface QueryResult extends LatencyStats {
  /** The first failure seen, to tell a slow query from a broken one. */
  readonly firstError?: string;
}

export interface BenchResult {
  readonly startedAt: string;
  readonly options: { readonly count: number; readonly driver: Driver; readonly samples: number; readonly clients: number; readonly loadSeconds: number };
  readonly environment: { readonly node: string; readonly platform: string; readonly cpus: number; readonly cpuModel: string; readonly memoryMB: number };
  readonly dataset: { readonly collections: number; readonly items: number; readonly bytes: number; readonly seconds: number };
  readonly firstStart?: { readonly seconds: number } | { readonly error: string };
  readonly import?: { readonly seconds: number; readonly itemsPerSecond: number };
  readonly serverStartSeconds?: number;
  readonly queries: Partial<Record<QueryName, QueryResult>>;
  readonly throughput?: {
    readonly clients: number;
    readonly seconds: number;
    readonly requests: number;
    readonly errors: number;
    readonly requestsPerSecond: number;
    readonly byQuery: Readonly<Record<QueryName, { readonly requests: number; readonly errors: number }>>;
    readonly firstError?: string;
  };
  readonly rss?: { readonly maxMB: number | null; readonly maxDuringLoadMB: number | null };
  readonly error?: string;
}

export interface Targets {
  readonly importItemsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerSecond: number;
  readonly rssMB: number;
  readonly firstStartSeconds: number;
}

/** Meridian's targets; PGlite runs in the server's process on WebAssembly, so its median may be twice as slow. */
export function targetsFor(driver: Driver): Targets {
  return {
    importItemsPerSecond: 5_000,
    p50Ms: driver === 'pglite' ? 30 : 15,
    p99Ms: 100,
    requestsPerSecond: 500,
    rssMB: 300,
    firstStartSeconds: 20,
  };
}

const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'yes' : '**no**');
const atLeast = (value: number | null | undefined, target: number): boolean | undefined => (value === null || value === undefined ? undefined : value >= target);
const atMost = (value: number | null | undefined, target: number): boolean | undefined => (value === null || value === undefined ? undefined : value <= target);

export function markdownReport(result: BenchResult): string {
  const t = targetsFor(result.options.driver);
  const { dataset } = result;
  const lines = [
    `## Meridian benchmark: ${result.options.count.toLocaleString('en-US')} items on ${result.options.driver === 'pglite' ? 'PGlite' : 'PostgreSQL'}`,
    '',
    `${result.startedAt} · Node ${result.environment.node} · ${result.environment.cpus} × ${result.environment.cpuModel} · ${fmt(result.environment.memoryMB / 1024)} GB RAM`,
    '',
    '| measure | value | target | met |',
    '| --- | ---: | ---: | :---: |',
    `| generate NDJSON | ${dataset.items.toLocaleString('en-US')} items + ${dataset.collections} collections, ${fmt(dataset.bytes / 1e6)} MB in ${fmt(dataset.seconds)} s | | |`,
  ];
  const first = result.firstStart;
  if (first) {
    lines.push('seconds' in first
      ? `| first start, PGlite, empty data dir with demo | ${fmt(first.seconds)} s | ≤ ${t.firstStartSeconds} s | ${verdict(atMost(first.seconds, t.firstStartSeconds))} |`
      : `| first start, PGlite, empty data dir with demo | failed: ${first.error.split('\n')[0]} | ≤ ${t.firstStartSeconds} s | **no** |`);
  }
  if (result.import) {
    lines.push(`| bulk import (CLI) | ${fmt(result.import.itemsPerSecond, 0)} items/s (${fmt(result.import.seconds)} s) | ≥ ${t.importItemsPerSecond.toLocaleString('en-US')} items/s | ${verdict(atLeast(result.import.itemsPerSecond, t.importItemsPerSecond))} |`);
  }
  if (result.serverStartSeconds !== undefined) lines.push(`| server start to first 200 | ${fmt(result.serverStartSeconds)} s | | |`);
  if (result.throughput) {
    const tp = result.throughput;
    lines.push(`| throughput, ${tp.clients} clients × ${fmt(tp.seconds, 0)} s | ${fmt(tp.requestsPerSecond, 0)} req/s (${tp.requests.toLocaleString('en-US')} requests, ${tp.errors} errors) | ≥ ${t.requestsPerSecond} req/s | ${verdict(tp.errors === 0 ? atLeast(tp.requestsPerSecond, t.requestsPerSecond) : false)} |`);
  }
  if (result.rss) {
    const underLoad = result.rss.maxDuringLoadMB === null ? 'not measured' : `${fmt(result.rss.maxDuringLoadMB, 0)} MB`;
    lines.push(`| server RSS, max under load | ${underLoad} (max overall ${fmt(result.rss.maxMB, 0)} MB) | ≤ ${t.rssMB} MB | ${verdict(atMost(result.rss.maxDuringLoadMB, t.rssMB))} |`);
  }
  const measured = QUERY_NAMES.filter((name) => result.queries[name]);
  if (measured.length > 0) {
    lines.push('', `Query latency, sequential, after warm-up (targets: p50 ≤ ${t.p50Ms} ms, p99 ≤ ${t.p99Ms} ms):`, '',
      '| query | requests | errors | p50 ms | p95 ms | p99 ms | mean ms | met | under load: requests / errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: |');
    for (const name of measured) {
      const q = result.queries[name] as QueryResult;
      const load = result.throughput?.byQuery[name];
      const met = q.errors > 0 ? false : q.p50Ms === null || q.p99Ms === null ? undefined : q.p50Ms <= t.p50Ms && q.p99Ms <= t.p99Ms;
      lines.push(`| ${QUERY_TITLES[name]} | ${q.requests} | ${q.errors} | ${fmt(q.p50Ms)} | ${fmt(q.p95Ms)} | ${fmt(q.p99Ms)} | ${fmt(q.meanMs)} | ${verdict(met)} | ${load ? `${load.requests} / ${load.errors}` : '–'} |`);
    }
    const errors = measured.flatMap((name) => (result.queries[name]?.firstError ? [`- ${name}: ${result.queries[name]?.firstError}`] : []));
    if (result.throughput?.firstError) errors.push(`- under load: ${result.throughput.firstError}`);
    if (errors.length > 0) lines.push('', 'First error per query:', '', ...errors);
  }
  if (result.error) lines.push('', `**The run stopped early:** ${result.error}`);
  return lines.join('\n');
}
