import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { MeridianProcess } from './meridianProcess.js';
import type { Driver } from './report.js';

/** A numeric command-line option: a positive integer, or the fallback when it is not given. */
export function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${value}`);
  return n;
}

export type SuiteRun<R> = (work: string, processes: MeridianProcess[], signal: AbortSignal) => Promise<R>;

/**
 * Runs a suite in a temporary work directory, deleted at the end, and stops every process it started
 * (a Ctrl-C aborts the signal first); then prints its markdown report and writes its results as JSON.
 */
export async function runSuite<R extends { readonly error?: string }>(out: string, run: SuiteRun<R>, report: (result: R) => string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'meridian-bench-'));
  const processes: MeridianProcess[] = [];
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let result: R;
  try {
    result = await run(work, processes, abort.signal);
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await rm(work, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  console.log(report(result));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nresults: ${out}`);
  if (result.error) process.exitCode = 1;
}

/** The database a run uses: `--driver`, else PostgreSQL when DATABASE_URL is set and PGlite otherwise. */
export function databaseChoice(driverOption: string | undefined): { readonly driver: Driver; readonly databaseUrl?: string } {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const driver = driverOption ?? (databaseUrl ? 'postgres' : 'pglite');
  if (driver !== 'pglite' && driver !== 'postgres') throw new Error(`--driver must be pglite or postgres, not ${driver}`);
  if (driver === 'postgres' && !databaseUrl) throw new Error('--driver postgres needs DATABASE_URL');
  return { driver, ...(databaseUrl ? { databaseUrl } : {}) };
}

/** The machine a run ran on, for its results. */
export function machine(): { readonly node: string; readonly platform: string; readonly cpus: number; readonly cpuModel: string; readonly memoryMB: number } {
  const cpu = cpus();
  return { node: process.versions.node, platform: `${process.platform}-${process.arch}`, cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown', memoryMB: Math.round(totalmem() / 1048576) };
}

/** The 1-minute load average (Linux; null elsewhere): on a shared machine, the context of every figure. */
export function loadAverage(): number | null {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}
