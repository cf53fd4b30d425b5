/**
 * Crosswalk throughput on one core: every real fixture of each input format converted to STAC over and
 * over, after a warm-up. Prints records/s by wall clock and by CPU time (the latter is steadier on a
 * busy machine). Run with `npm run bench crosswalks`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NativeFormat } from '../crosswalks/crosswalk.js';
import { detectFormat } from '../crosswalks/detectFormat.js';
import { toStacRecords } from '../crosswalks/registry.js';

const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));
const CTX = { baseUrl: 'http://localhost:8080', collection: 'bench' };
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

function documentsOf(folder: string, formats: readonly NativeFormat[]): { format: NativeFormat; text: string }[] {
  return readdirSync(FIXTURES + folder)
    .filter((f) => /\.(xml|json)$/.test(f))
    .map((f) => readFileSync(`${FIXTURES}${folder}/${f}`, 'utf8'))
    .map((text) => ({ format: detectFormat(text), text }))
    .filter((d): d is { format: NativeFormat; text: string } => d.format !== undefined && formats.includes(d.format))
    .filter((d) => {
      try {
        return toStacRecords(d.format, d.text, CTX).value.length > 0;
      } catch {
        return false;
      }
    });
}

function measure(name: string, docs: readonly { format: NativeFormat; text: string }[]): Record<string, string | number> {
  for (let i = 0; i < 200; i++) for (const d of docs) toStacRecords(d.format, d.text, CTX);
  let records = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    for (const d of docs) records += toStacRecords(d.format, d.text, CTX).value.length;
  }
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const kb = docs.reduce((s, d) => s + d.text.length, 0) / docs.length / 1024;
  return { crosswalk: name, documents: docs.length, 'mean KB': Number(kb.toFixed(1)), 'records/s (wall)': Math.round(records / wall), 'records/s (CPU)': Math.round(records / cpuSeconds) };
}

const rows = [
  measure('ISO 19139 / 19115-3 → STAC', documentsOf('geonetwork', ['iso19139', 'iso19115-3'])),
  measure('DataCite XML → STAC', documentsOf('datacite', ['datacite-xml'])),
  measure('DataCite JSON → STAC', documentsOf('datacite', ['datacite-json'])),
  measure('ESGF Solr JSON → STAC', documentsOf('esgf', ['esgf-solr'])),
  measure('Dublin Core → STAC', documentsOf('csw-cite', ['dublin-core'])),
];
console.table(rows);
