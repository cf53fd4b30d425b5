import type { LatencyStats } from './latencyStats.js';
import type { Driver } from './report.js';

export interface CswLoad {
  readonly clients: number;
  readonly seconds: number;
  readonly requests: number;
  readonly errors: number;
  readonly requestsPerSecond: number;
  /** The 1-minute load average at the end of the phase. */
  readonly loadAverage: number | null;
  readonly firstError?: string;
}

export interface OaiHarvest {
  readonly prefix: string;
  readonly records: number;
  readonly pages: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** As the first resumptionToken announced it. */
  readonly completeListSize: number | null;
  readonly loadAverage: number | null;
  /** Records the catalogue holds: the items generated and their collections. */
  readonly catalogueSize: number;
  /** Server RSS: mean of the first and last tenths of the walk's samples, and the maximum. */
  readonly rss: { readonly firstTenthMB: number | null; readonly lastTenthMB: number | null; readonly maxMB: number | null };
  readonly error?: string;
}

/** The options of a run that its results record. */
export interface CatalogueOptions {
  readonly count: number;
  readonly driver: Driver;
  readonly skipImport: boolean;
  readonly samples: number;
  readonly clients: number;
  readonly loadSeconds: number;
  readonly property: string;
  readonly word: string;
  readonly prefix: string;
}

export interface CatalogueResult {
  readonly startedAt: string;
  readonly options: CatalogueOptions;
  readonly environment: { readonly node: string; readonly platform: string; readonly cpus: number; readonly cpuModel: string; readonly memoryMB: number };
  readonly import?: { readonly seconds: number; readonly itemsPerSecond: number };
  readonly getRecords?: LatencyStats & { readonly loadAverage: number | null; readonly matchedMedian: number | null; readonly firstError?: string };
  readonly getRecordsLoad?: CswLoad;
  readonly harvest?: OaiHarvest;
  readonly error?: string;
}

/** The catalogue targets (PostgreSQL, 1 000 000 records). */
export const CATALOGUE_TARGETS = { p50Ms: 30, requestsPerSecond: 300, recordsPerSecond: 3_000 } as const;

const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean): string => (ok ? 'yes' : '**no**');

export function catalogueReport(result: CatalogueResult): string {
  const t = CATALOGUE_TARGETS;
  const o = result.options;
  const lines = [
    `## Meridian catalogue benchmark: ${o.skipImport ? 'an imported database' : `${o.count.toLocaleString('en-US')} items`} on ${o.driver === 'pglite' ? 'PGlite' : 'PostgreSQL'}`,
    '',
    `${result.startedAt} · Node ${result.environment.node} · ${result.environment.cpus} × ${result.environment.cpuModel} · ${fmt(result.environment.memoryMB / 1024)} GB RAM`,
    '',
    `GetRecords: CSW 2.0.2 POST XML, csw:Record summary, maxRecords 50, resultType results, ${o.property} like '%${o.word}%' AND BBOX (random 5–40° boxes, EPSG:4326).`,
    '',
    'Load average: the 1-minute load average of the machine at the end of each phase.',
    '',
    '| measure | value | load average | target | met |',
    '| --- | ---: | ---: | ---: | :---: |',
  ];
  if (result.import) lines.push(`| bulk import (CLI) | ${fmt(result.import.itemsPerSecond, 0)} items/s (${fmt(result.import.seconds)} s) | | | |`);
  const g = result.getRecords;
  if (g) {
    lines.push(
      `| GetRecords, sequential: p50 / p95 / p99 | ${fmt(g.p50Ms)} / ${fmt(g.p95Ms)} / ${fmt(g.p99Ms)} ms (${g.requests} requests, ${g.errors} errors; median matched ${fmt(g.matchedMedian, 0)}) | ${fmt(g.loadAverage, 2)} | p50 ≤ ${t.p50Ms} ms | ${verdict(g.errors === 0 && g.p50Ms !== null && g.p50Ms <= t.p50Ms)} |`,
    );
  }
  const l = result.getRecordsLoad;
  if (l) {
    lines.push(
      `| GetRecords, ${l.clients} clients × ${fmt(l.seconds, 0)} s | ${fmt(l.requestsPerSecond, 0)} req/s (${l.requests.toLocaleString('en-US')} requests, ${l.errors} errors) | ${fmt(l.loadAverage, 2)} | ≥ ${t.requestsPerSecond} req/s | ${verdict(l.errors === 0 && l.requestsPerSecond >= t.requestsPerSecond)} |`,
    );
  }
  const h = result.harvest;
  if (h) {
    const complete = h.error === undefined && h.records === h.catalogueSize && (h.completeListSize === null || h.completeListSize === h.records);
    lines.push(
      `| ListRecords ${h.prefix}, whole catalogue | ${fmt(h.recordsPerSecond, 0)} records/s (${h.records.toLocaleString('en-US')} records, ${h.pages.toLocaleString('en-US')} pages, ${fmt(h.seconds)} s) | ${fmt(h.loadAverage, 2)} | ≥ ${t.recordsPerSecond.toLocaleString('en-US')} records/s | ${verdict(h.error === undefined && h.recordsPerSecond >= t.recordsPerSecond)} |`,
      `| harvested = completeListSize = catalogue | ${h.records.toLocaleString('en-US')} / ${fmt(h.completeListSize, 0)} / ${h.catalogueSize.toLocaleString('en-US')} | | equal | ${verdict(complete)} |`,
      `| server RSS during the harvest: first tenth / last tenth / max | ${fmt(h.rss.firstTenthMB, 0)} / ${fmt(h.rss.lastTenthMB, 0)} / ${fmt(h.rss.maxMB, 0)} MB | | flat | |`,
    );
  }
  const errors = [
    ...(g?.firstError ? [`- GetRecords: ${g.firstError}`] : []),
    ...(l?.firstError ? [`- GetRecords under load: ${l.firstError}`] : []),
    ...(h?.error ? [`- ListRecords: ${h.error}`] : []),
  ];
  if (errors.length > 0) lines.push('', 'First errors:', '', ...errors);
  if (result.error) lines.push('', `**The run stopped early:** ${result.error}`);
  return lines.join('\n');
}
