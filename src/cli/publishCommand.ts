import { basename, resolve } from 'node:path';
import type { DatasetRootConfig, MeridianConfig } from '../core/config.js';
import type { Database } from '../db/database.js';
import { publishRoot, type PublishReport } from '../datasets/publishRoot.js';
import { HarvestStore } from '../store/harvestStore.js';
import { RecordStore } from '../store/recordStore.js';

/** The root to publish: the configured one with this name or directory (its collection and title), else a new one. */
export function rootToPublish(config: MeridianConfig, dir: string, name: string | undefined): DatasetRootConfig {
  const path = resolve(dir);
  const configured = config.datasets.find((r) => (name === undefined ? resolve(r.path) === path : r.name === name));
  return { ...configured, name: name ?? configured?.name ?? basename(path), path };
}

function publishSummary(report: PublishReport, seconds: number): string {
  return (
    `published ${report.files} files into collection ${report.collection} in ${seconds.toFixed(1)} s: ` +
    `${report.created} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deleted} deleted, ${report.failed.length} skipped` +
    `${report.complete ? '' : ' (incomplete scan: nothing deleted)'}`
  );
}

/** `meridian publish <dir> [--name NAME]`: catalogues a directory of NetCDF files; the exit code is 2 when files were skipped. */
export async function publishCommand(db: Database, config: MeridianConfig, dir: string, opts: { name?: string; baseUrl: string }): Promise<number> {
  const root = rootToPublish(config, dir, opts.name);
  const started = Date.now();
  const report = await publishRoot({ store: new RecordStore(db), harvests: new HarvestStore(db) }, root, { baseUrl: opts.baseUrl });
  for (const f of report.failed) console.error(`skipped: ${f.relativePath}: ${f.reason}`);
  console.log(publishSummary(report, (Date.now() - started) / 1000));
  return report.failed.length > 0 ? 2 : 0;
}
