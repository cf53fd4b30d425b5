/**
 * OPeNDAP throughput of `meridian serve` on generated files, each figure next to what this machine
 * does without HTTP (page-cache reads, the readers alone). Run with `npm run bench opendap`; see
 * bench/README.md for what is measured and the targets.
 */
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openNetcdf3 } from '../src/netcdf/netcdf3/openNetcdf3.js';
import { netcdf4Opener } from '../src/netcdf/netcdf4/openNetcdf4.js';
import { Hdf5Pool } from '../src/netcdf/netcdf4/hdf5Pool.js';
import { freePort, rssMb, rssSampler, spawnMeridian, waitForOk, type MeridianProcess } from './meridianProcess.js';
import { writeBenchFiles, type BenchFiles } from './opendapFiles.js';
import { bestDownload, concurrentDownloads, requestRate } from './opendapLoad.js';
import { ddRate, nodeReadRate, readerRate, type RawRate } from './opendapRaw.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER_START_TIMEOUT_MS = 120_000;
const ROOT = 'bench';

const TARGETS = { metadataRequestsPerSecond: 10_000, netcdf3MbPerSecond: 1_000, netcdf4OneWorkerMbPerSecond: 150, rssMb: 400 } as const;

interface Options {
  readonly sizeMb: number;
  readonly clients: number;
  readonly seconds: number;
  readonly repeats: number;
  readonly out: string;
}

interface Row {
  readonly measure: string;
  readonly value: string;
  readonly reference: string;
  readonly target: string;
  readonly met: boolean | undefined;
  /** /proc/loadavg's 1-minute figure when the measure ended: other work on the machine skews it. */
  readonly load: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      'size-mb': { type: 'string' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
      repeats: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const positive = (value: string | undefined, name: string, fallback: number): number => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    sizeMb: positive(values['size-mb'], 'size-mb', 1000),
    clients: positive(values.clients, 'clients', 10),
    seconds: positive(values.seconds, 'seconds', 5),
    repeats: positive(values.repeats, 'repeats', 3),
    out: resolve(values.out ?? join(REPO_ROOT, 'bench', 'results', `opendap-${stamp}.json`)),
  };
}

/** CPU time a process has used, all its threads, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs `measure` and adds the server's CPU time it took (load on the machine stretches wall time, much less CPU time). */
async function withCpu<T>(pid: number | undefined, measure: () => Promise<T>): Promise<T & { readonly serverCpuMs: number }> {
  const before = cpuMs(pid);
  const result = await measure();
  return { ...result, serverCpuMs: cpuMs(pid) - before };
}

const mbs = (r: { readonly mbPerSecond: number }): string => `${Math.round(r.mbPerSecond).toLocaleString('en-US')} MB/s`;
const load1 = (): number => loadavg()[0] ?? 0;
/** Bytes sent per second of server CPU time: what one core would do with nothing else running. */
const perCpu = (r: { readonly totalBytes: number; readonly serverCpuMs: number }): string =>
  `${Math.round(r.totalBytes / 1e3 / Math.max(1, r.serverCpuMs)).toLocaleString('en-US')} MB per server CPU-second`;

/**
 * Starts `meridian serve` with the files' directory as its only data root, on the PostgreSQL of
 * DATABASE_URL when set, else on PGlite (which alone takes about 1 GB of the server's RSS).
 */
async function startServer(work: string, files: BenchFiles, hdf5Workers: number, processes: MeridianProcess[]): Promise<{ server: MeridianProcess; port: number }> {
  const config = join(work, `config-${hdf5Workers}.yaml`);
  await writeFile(
    config,
    [`datasets:`, `  - name: ${ROOT}`, `    path: ${dirname(files.netcdf3)}`, `opendap:`, `  maxResponseBytes: 100000000000`, `  hdf5Workers: ${hdf5Workers}`, `log:`, `  level: warn`, ''].join('\n'),
  );
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, MERIDIAN_DEMO: 'false', PORT: String(port) };
  if (!env.DATABASE_URL) env.MERIDIAN_DATA_DIR = join(work, `data-${hdf5Workers}`);
  const server = spawnMeridian(['--config', config, 'serve'], env);
  processes.push(server);
  await waitForOk(server, port, performance.now(), SERVER_START_TIMEOUT_MS);
  return { server, port };
}

async function rawRates(files: BenchFiles): Promise<{ dd: RawRate; node: RawRate; netcdf3: RawRate; netcdf4: RawRate[] }> {
  console.error('raw reads: dd, Node read loop, readers alone');
  const dd = await ddRate(files.netcdf3);
  const node = await nodeReadRate(files.netcdf3);
  const nc3 = await openNetcdf3(files.netcdf3);
  let netcdf3: RawRate;
  try {
    await readerRate(nc3, 'tas');
    netcdf3 = await readerRate(nc3, 'tas');
  } finally {
    await nc3.close();
  }
  const netcdf4: RawRate[] = [];
  for (const size of [1, 2]) {
    const pool = new Hdf5Pool({ size });
    try {
      const nc4 = await netcdf4Opener(pool)(files.netcdf4);
      netcdf4.push(await readerRate(nc4, 'tas'));
      await nc4.close();
    } finally {
      await pool.close();
    }
  }
  return { dd, node, netcdf3, netcdf4 };
}

async function run(options: Options, work: string, processes: MeridianProcess[]): Promise<Row[]> {
  console.error(`writing the NetCDF-3 and NetCDF-4 files (${options.sizeMb} MB of tas each)`);
  const files = await writeBenchFiles(work, options.sizeMb);
  const raw = await rawRates(files);
  const rows: Row[] = [];
  const add = (row: Omit<Row, 'load'>): void => {
    rows.push({ ...row, load: load1() });
    console.error(`${row.measure}: ${row.value}`);
  };
  const rawReference = `dd ${mbs(raw.dd)}, Node read ${mbs(raw.node)}`;
  add({ measure: 'NetCDF-3 reader alone, tas', value: mbs(raw.netcdf3), reference: rawReference, target: '', met: undefined });
  add({ measure: 'NetCDF-4 reader alone, tas, 1 worker', value: mbs(raw.netcdf4[0]!), reference: '', target: '', met: undefined });
  add({ measure: 'NetCDF-4 reader alone, tas, 2 workers', value: mbs(raw.netcdf4[1]!), reference: '', target: '', met: undefined });

  const one = await startServer(work, files, 1, processes);
  const url = (file: string, suffix: string): string => `/opendap/${ROOT}/${file}.${suffix}`;
  for (const [file, suffix] of [['nc3.nc', 'das'], ['nc3.nc', 'dds'], ['nc4.nc', 'das'], ['nc4.nc', 'dds']] as const) {
    const r = await withCpu(one.server.child.pid, () => requestRate(one.port, url(file, suffix), options.clients, options.seconds));
    const met = r.errors === 0 && r.requestsPerSecond >= TARGETS.metadataRequestsPerSecond;
    add({
      measure: `.${suffix} of ${file}, ${options.clients} keep-alive clients`,
      value: `${r.requestsPerSecond.toLocaleString('en-US')} req/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.errors} errors)`,
      reference: `server CPU ${Math.round((r.serverCpuMs * 1000) / Math.max(1, r.requests))} µs/request`,
      target: `≥ ${TARGETS.metadataRequestsPerSecond.toLocaleString('en-US')} req/s`,
      met,
    });
  }
  const nc3 = await withCpu(one.server.child.pid, () => bestDownload(one.port, `${url('nc3.nc', 'dods')}?tas`, options.repeats));
  add({ measure: `.dods?tas of nc3.nc (${Math.round(nc3.bytes / 1e6)} MB), best of ${options.repeats}`, value: `${mbs(nc3)} (runs ${nc3.runs.join(', ')}; ${perCpu(nc3)})`, reference: rawReference + `, reader ${mbs(raw.netcdf3)}`, target: `≥ ${TARGETS.netcdf3MbPerSecond} MB/s`, met: nc3.mbPerSecond >= TARGETS.netcdf3MbPerSecond });
  const nc4One = await withCpu(one.server.child.pid, () => bestDownload(one.port, `${url('nc4.nc', 'dods')}?tas`, options.repeats));
  add({ measure: `.dods?tas of nc4.nc, 1 HDF5 worker, best of ${options.repeats}`, value: `${mbs(nc4One)} (runs ${nc4One.runs.join(', ')}; ${perCpu(nc4One)})`, reference: `reader ${mbs(raw.netcdf4[0]!)}`, target: `≥ ${TARGETS.netcdf4OneWorkerMbPerSecond} MB/s`, met: nc4One.mbPerSecond >= TARGETS.netcdf4OneWorkerMbPerSecond });

  const idleRss = rssMb(one.server.child.pid);
  const rss = rssSampler(one.server.child.pid, 100);
  const many = await concurrentDownloads(one.port, `${url('nc3.nc', 'dods')}?tas`, options.clients);
  rss.stop();
  const maxRss = rss.max();
  add({ measure: `server RSS, ${options.clients} concurrent .dods?tas of nc3.nc`, value: `${maxRss === undefined ? '–' : Math.round(maxRss)} MB (${mbs(many)} in all)`, reference: `before the downloads ${idleRss === undefined ? '–' : Math.round(idleRss)} MB, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, target: `≤ ${TARGETS.rssMb} MB`, met: maxRss === undefined ? undefined : maxRss <= TARGETS.rssMb });
  await one.server.stop();

  const two = await startServer(work, files, 2, processes);
  const nc4Two = await withCpu(two.server.child.pid, () => bestDownload(two.port, `${url('nc4.nc', 'dods')}?tas`, options.repeats));
  add({ measure: `.dods?tas of nc4.nc, 2 HDF5 workers, best of ${options.repeats}`, value: `${mbs(nc4Two)} (runs ${nc4Two.runs.join(', ')}; ${perCpu(nc4Two)})`, reference: `reader ${mbs(raw.netcdf4[1]!)}`, target: `> 1 worker (${mbs(nc4One)})`, met: nc4Two.mbPerSecond > nc4One.mbPerSecond });
  await two.server.stop();
  return rows;
}

function markdown(rows: readonly Row[], options: Options): string {
  const cpu = cpus();
  const verdict = (met: boolean | undefined): string => (met === undefined ? '' : met ? 'yes' : '**no**');
  return [
    `## Meridian OPeNDAP benchmark: tas of ${options.sizeMb} MB`,
    '',
    `${new Date().toISOString()} · Node ${process.versions.node} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'} · ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM`,
    '',
    '| measure | value | without HTTP | target | met | load (1 min) |',
    '| --- | ---: | ---: | ---: | :---: | ---: |',
    ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.reference} | ${r.target} | ${verdict(r.met)} | ${r.load.toFixed(2)} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions();
  const work = await mkdtemp(join(tmpdir(), 'meridian-bench-opendap-'));
  const processes: MeridianProcess[] = [];
  let rows: Row[];
  try {
    rows = await run(options, work, processes);
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await rm(work, { recursive: true, force: true });
  }
  console.log(markdown(rows, options));
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify({ startedAt: new Date().toISOString(), options, node: process.versions.node, cpus: cpus().length, rows }, null, 2)}\n`);
  console.log(`\nresults: ${options.out}`);
}

await main();
