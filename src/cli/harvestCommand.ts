import cliProgress from 'cli-progress';
import { runHarvest, type RunOptions } from '../../harvesters/runner/run.js';
import { sourceHttpClient } from '../../harvesters/runner/sourceHttpClient.js';
import { loadConfig, type MeridianConfig } from '../core/config.js';
import { MeridianError } from '../core/errors.js';
import type { SourceConfig } from '../core/harvest.js';
import type { RunReport } from '../store/harvestStore.js';
import { configuredSources, connect, createLogger } from '../server.js';

export interface HarvestCommandOptions {
  readonly full: boolean;
  /** The global `--config` file: Meridian settings, and the `sources:` list when it has one. */
  readonly configFile?: string;
}

/** Meridian's settings and the sources: those of the configuration, else those of `config/sources.yaml`. */
function loadSettings(configFile: string | undefined): { config: MeridianConfig; sources: SourceConfig[] } {
  const config = loadConfig({ file: configFile, env: process.env });
  return { config, sources: configuredSources(config, configFile ?? 'the configuration') };
}

function summary(report: RunReport, seconds: number): string {
  const how = `${report.mode}${report.resumed ? ', resumed' : ''}${report.since ? ` since ${report.since}` : ''}`;
  return (
    `harvest ${report.sourceId}: ${report.status} (${how}) in ${seconds.toFixed(1)} s: ${report.pages} pages, ${report.seen} records seen, ` +
    `${report.created} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deleted} deleted, ${report.failed} failed` +
    `${report.swept ? ' (deletion sweep done)' : ''}${report.message ? `: ${report.message}` : ''}`
  );
}

/**
 * `meridian harvest <source> [--full]`: one run of one configured source, with a progress bar on a
 * terminal and a summary at the end. Exit code 0 when the run succeeded, 2 when it succeeded with
 * records skipped, 1 when it failed or was interrupted (the next run resumes it).
 */
export async function harvestCommand(sourceId: string, opts: HarvestCommandOptions): Promise<number> {
  const { config, sources } = loadSettings(opts.configFile);
  const source = sources.find((s) => s.id === sourceId);
  if (!source) {
    throw new MeridianError('NotFound', `no source "${sourceId}"; configured: ${sources.map((s) => s.id).join(', ') || 'none'}`);
  }
  const log = createLogger(config);
  const db = await connect(config);
  const http = sourceHttpClient(source, log);
  const controller = new AbortController();
  const stop = () => controller.abort(new MeridianError('Unavailable', 'the harvest was interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const bar =
    process.stderr.isTTY === true
      ? new cliProgress.SingleBar(
          {
            format: `harvesting ${source.id} [{bar}] {value}/{total} | {created} added, {updated} updated, {unchanged} unchanged, {deleted} deleted, {failed} failed`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(0, 0, { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 });
  const started = Date.now();
  const runOptions: RunOptions = {
    mode: opts.full ? 'full' : 'incremental',
    signal: controller.signal,
    onProgress: (p) => {
      bar?.setTotal(Math.max(p.total ?? 0, p.seen));
      bar?.update(p.seen, { created: p.created, updated: p.updated, unchanged: p.unchanged, deleted: p.deleted, failed: p.failed });
    },
  };
  try {
    const report = await runHarvest(source, { db, http, log, baseUrl: config.server.publicUrl || `http://localhost:${config.server.port}` }, runOptions);
    bar?.stop();
    for (const e of report.errors.slice(0, 20)) console.error(`skipped ${e.nativeId}: ${e.reason}`);
    if (report.failed > 20) console.error(`... and ${report.failed - 20} more records skipped (see harvest_run_errors, run ${report.runId})`);
    console.log(summary(report, (Date.now() - started) / 1000));
    return report.status !== 'succeeded' ? 1 : report.failed > 0 ? 2 : 0;
  } finally {
    bar?.stop();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await db.close();
  }
}
