/**
 * `npm run bench harvest [--count N] [--kinds csw,esgf] [--out file] [--cpu-prof dir]`: end-to-end
 * harvest throughput. A local replay server serves N ISO 19139 records over CSW 2.0.2 and N ESGF datasets
 * over esg-search (real fixture records with their identifiers varied); `meridian harvest <source> --full`
 * stores them into the PostgreSQL database of DATABASE_URL, which is dropped and recreated before each kind.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { HarvestReplay, type HarvestKind } from './harvestReplay.js';
import { rssMb, rssSampler, spawnMeridian, type MeridianProcess } from './meridianProcess.js';
import { loadAverage, machine, positiveInteger, runSuite } from './suiteRun.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const KINDS: readonly HarvestKind[] = ['csw', 'esgf'];
/** Records per second each kind must reach (issue targets). */
const TARGETS: Readonly<Record<HarvestKind, number>> = { csw: 1_000, esgf: 3_000 };
/** Progress points at which the harvest process's RSS is read, to show that memory stays flat. */
const MILESTONES = [0.25, 0.5, 0.75, 1] as const;

interface Options {
  readonly count: number;
  readonly kinds: readonly HarvestKind[];
  readonly databaseUrl: string;
  readonly out: string;
  readonly cpuProfileDir?: string;
}

interface KindResult {
  readonly kind: HarvestKind;
  /** The 1-minute load average when the harvest started: other work on the machine stretches every figure. */
  readonly loadBefore: number | null;
  readonly records: number;
  readonly status: string;
  /** From the start of the process to its exit. */
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** The run as the harvest report has it (without the process start and the database connection). */
  readonly runSeconds: number;
  readonly target: number;
  readonly stored: number;
  readonly failed: number;
  readonly maxRssMB: number | null;
  /** RSS of the harvest process when the source had served 25, 50, 75 and 100 % of its records. */
  readonly rssAtProgressMB: Readonly<Record<string, number | null>>;
  /** CPU seconds the replay server (this process) used during the run: it must stay small beside the harvest. */
  readonly replayCpuSeconds: number;
  readonly exitCode: number | null;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, kinds: { type: 'string' }, out: { type: 'string' }, 'cpu-prof': { type: 'string' } },
  });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('the harvest benchmark needs DATABASE_URL: a PostgreSQL database of its own, dropped and recreated before each kind');
  const count = positiveInteger(values.count, 'count', 100_000);
  const kinds = (values.kinds ?? KINDS.join(',')).split(',').map((k) => k.trim());
  for (const k of kinds) if (!KINDS.includes(k as HarvestKind)) throw new Error(`--kinds takes ${KINDS.join(', ')}, not ${k}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    count,
    kinds: kinds as HarvestKind[],
    databaseUrl,
    out: resolve(values.out ?? join(REPO_ROOT, 'bench', 'results', `harvest-${stamp}.json`)),
    ...(values['cpu-prof'] === undefined ? {} : { cpuProfileDir: resolve(values['cpu-prof']) }),
  };
}

/**
 * Drops and recreates the benchmark's database. Its name must say "bench": the benchmark never empties a
 * database that serves anything else.
 */
async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/bench/i.test(name)) throw new Error(`DATABASE_URL names the database "${name}": the harvest benchmark drops its database, so its name must contain "bench"`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await admin.end();
  }
}

function sourcesYaml(replayUrl: string): string {
  return [
    'sources:',
    '  - id: bench-csw',
    '    kind: csw',
    `    url: ${replayUrl}/csw`,
    '    outputSchema: iso19139',
    '    pageSize: 100',
    '  - id: bench-esgf',
    '    kind: esgf',
    `    url: ${replayUrl}/esg-search/search`,
    '    pageSize: 500',
    '    collection: { id: CMIP6, title: CMIP6 datasets }',
    '',
  ].join('\n');
}

async function lastRun(databaseUrl: string, sourceId: string): Promise<{ status: string; seen: number; failed: number; seconds: number; stored: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const run = await client.query<{ status: string; seen: number; failed: number; seconds: number }>(
      `SELECT status, seen, failed, extract(epoch FROM finished_at - started_at)::float8 AS seconds
       FROM harvest_runs WHERE source_id = $1 ORDER BY run_id DESC LIMIT 1`,
      [sourceId],
    );
    const stored = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM records WHERE source_id = $1 AND NOT deleted', [sourceId]);
    const row = run.rows[0];
    return { status: row?.status ?? 'none', seen: row?.seen ?? 0, failed: row?.failed ?? 0, seconds: row?.seconds ?? 0, stored: stored.rows[0]?.n ?? 0 };
  } finally {
    await client.end();
  }
}

async function runMeridian(args: readonly string[], env: NodeJS.ProcessEnv, processes: MeridianProcess[]): Promise<void> {
  const proc = spawnMeridian(args, env);
  processes.push(proc);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`meridian ${args.join(' ')} exited with ${code}:\n${proc.output()}`);
}

async function harvestKind(
  kind: HarvestKind,
  options: Options,
  replay: HarvestReplay,
  env: NodeJS.ProcessEnv,
  configFile: string,
  processes: MeridianProcess[],
): Promise<KindResult> {
  const loadBefore = loadAverage();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const profile = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir];
  const proc = spawnMeridian(['--config', configFile, 'harvest', `bench-${kind}`, '--full'], env, profile);
  processes.push(proc);
  const rss = rssSampler(proc.child.pid);
  const atProgress: Record<string, number | null> = {};
  let next = 0;
  const watch = setInterval(() => {
    for (; next < MILESTONES.length && replay.served(kind) >= (MILESTONES[next] ?? 1) * options.count; next++) {
      atProgress[`${(MILESTONES[next] ?? 1) * 100}%`] = round(rssMb(proc.child.pid));
    }
  }, 100);
  const exitCode = await proc.exited;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(watch);
  rss.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const run = await lastRun(options.databaseUrl, `bench-${kind}`);
  if (run.status !== 'succeeded') console.error(proc.output());
  return {
    kind,
    loadBefore,
    records: run.seen,
    status: run.status,
    seconds: Number(seconds.toFixed(2)),
    recordsPerSecond: Math.round(run.seen / seconds),
    runSeconds: Number(run.seconds.toFixed(2)),
    target: TARGETS[kind],
    stored: run.stored,
    failed: run.failed,
    maxRssMB: round(rss.max()),
    rssAtProgressMB: Object.fromEntries(MILESTONES.map((m) => [`${m * 100}%`, atProgress[`${m * 100}%`] ?? null])),
    replayCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    exitCode,
  };
}

const round = (mb: number | undefined): number | null => (mb === undefined ? null : Math.round(mb));

interface HarvestBenchResult {
  readonly date: string;
  readonly machine: ReturnType<typeof machine>;
  readonly count: number;
  readonly results: readonly KindResult[];
  readonly error?: string;
}

function markdown(result: HarvestBenchResult): string {
  const rows = result.results.map((r) => {
    const rss = MILESTONES.map((m) => r.rssAtProgressMB[`${m * 100}%`] ?? '-').join(' / ');
    const verdict = r.status === 'succeeded' && r.recordsPerSecond >= r.target ? 'yes' : 'no';
    return (
      `| ${r.kind} | ${r.loadBefore ?? '-'} | ${r.records} | ${r.stored} | ${r.failed} | ${r.seconds} | ${r.runSeconds} | ${r.recordsPerSecond} | ` +
      `${r.target} | ${verdict} | ${r.maxRssMB ?? '-'} | ${rss} | ${r.replayCpuSeconds} |`
    );
  });
  return [
    `Harvest of ${result.count.toLocaleString('en-US')} records per kind, PostgreSQL, ${result.machine.cpus} CPUs (${result.machine.cpuModel})`,
    '',
    '| kind | load before | records seen | stored | failed | wall s | run s | records/s | target | met | max RSS MB | RSS MB at 25/50/75/100 % | replay CPU s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |',
    ...rows,
    ...(result.error === undefined ? [] : ['', `error: ${result.error}`]),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions();
  await runSuite(
    options.out,
    async (work, processes, signal): Promise<HarvestBenchResult> => {
      const results: KindResult[] = [];
      const base = { date: new Date().toISOString(), machine: machine(), count: options.count };
      const replay = await HarvestReplay.start(options.count);
      try {
        const configFile = join(work, 'sources.yaml');
        await writeFile(configFile, sourcesYaml(replay.url));
        const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: options.databaseUrl, MERIDIAN_DEMO: 'false', LOG_LEVEL: 'warn' };
        for (const kind of options.kinds) {
          signal.throwIfAborted();
          // Each kind into an empty store: its figure then does not depend on the kinds harvested before it.
          console.error('recreating the database of DATABASE_URL');
          await recreateDatabase(options.databaseUrl);
          await runMeridian(['--config', configFile, 'migrate'], env, processes);
          console.error(`harvesting ${options.count.toLocaleString('en-US')} ${kind} records`);
          results.push(await harvestKind(kind, options, replay, env, configFile, processes));
        }
        return { ...base, results };
      } catch (error) {
        return { ...base, results, error: error instanceof Error ? error.message : String(error) };
      } finally {
        await replay.close();
      }
    },
    markdown,
  );
}

await main();
