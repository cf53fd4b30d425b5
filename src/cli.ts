import { createWriteStream } from 'node:fs';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { readFile } from 'node:fs/promises';
import type { NativeFormat } from '../crosswalks/crosswalk.js';
import { INPUT_FORMATS, OUTPUT_FORMATS, type OutputFormat } from '../crosswalks/registry.js';
import { convertDocument, readStdin } from './cli/convertDocument.js';
import { exportRecords } from './cli/exportRecords.js';
import { harvestCommand } from './cli/harvestCommand.js';
import { publishCommand } from './cli/publishCommand.js';
import { decodeXml } from './core/xml.js';
import { importRecords, type ImportReport } from './cli/importRecords.js';
import { loadConfig, type MeridianConfig } from './core/config.js';
import { MeridianError } from './core/errors.js';
import { migrate } from './db/migrate.js';
import { connect, createLogger, protocolDeps, startServer } from './server.js';
import { ROLES, TokenStore, type Role } from './store/tokenStore.js';
import { RecordStore } from './store/recordStore.js';

const program = new Command();
program
  .name('meridian')
  .description('Federated metadata catalogue for climate and earth-observation data')
  .option('-c, --config <file>', 'configuration file (YAML), over config/default.yaml');

/** The base URL records link to when no request tells it: the configured public URL, else localhost. */
function publicUrlOf(cfg: MeridianConfig): string {
  return cfg.server.publicUrl || `http://localhost:${cfg.server.port}`;
}

function config(): MeridianConfig {
  return loadConfig({ file: program.opts<{ config?: string }>().config, env: process.env });
}

program
  .command('serve')
  .description('serve the catalogue (STAC API) over HTTP')
  .action(async () => {
    const cfg = config();
    const log = createLogger(cfg);
    const running = await startServer(cfg, log);
    const stop = () => {
      running.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply the database migrations (they also run at every start)')
  .action(async () => {
    const db = await connect(config());
    const applied = await migrate(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
    await db.close();
  });

function progressBar(enabled: boolean) {
  if (!enabled) return undefined;
  const bar = new cliProgress.SingleBar(
    { format: 'importing [{bar}] {percentage}% | {records} records | {failed} failed', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return bar;
}

program
  .command('import')
  .description('import STAC Collections, Items, ItemCollections or NDJSON from files, directories or - (stdin)')
  .argument('<inputs...>', 'files, directories, or - for standard input')
  .option('--batch <n>', 'records per transaction', (v) => Number(v), 1000)
  .option('--collection <id>', 'collection of the items that have none (created when missing)')
  .action(async (inputs: string[], opts: { batch: number; collection?: string }) => {
    const cfg = config();
    const db = await connect(cfg);
    const store = new RecordStore(db);
    const bar = progressBar(process.stderr.isTTY === true);
    let started = false;
    const started_at = Date.now();
    const count = (r: ImportReport) => r.created + r.updated + r.unchanged;
    const report = await importRecords(store, inputs, {
      batchSize: opts.batch,
      concurrency: db.driver === 'postgres' ? 3 : 1,
      actor: 'cli:import',
      crosswalk: { baseUrl: publicUrlOf(cfg), ...(opts.collection ? { collection: opts.collection } : {}) },
      onProgress: (done, total, r) => {
        if (!bar || total === 0) return;
        if (!started) {
          bar.start(total, 0, { records: 0, failed: 0 });
          started = true;
        }
        bar.update(done, { records: count(r), failed: r.failed.length });
      },
    });
    bar?.stop();
    const seconds = (Date.now() - started_at) / 1000;
    for (const f of report.failed.slice(0, 100)) console.error(`failed: ${f.origin}: ${f.reason}`);
    if (report.failed.length > 100) console.error(`... and ${report.failed.length - 100} more failures`);
    console.log(
      `imported ${count(report)} records in ${seconds.toFixed(1)} s (${Math.round(count(report) / Math.max(seconds, 0.001))}/s): ` +
        `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed.length} failed`,
    );
    await db.close();
    process.exitCode = report.failed.length > 0 ? 2 : 0;
  });

program
  .command('export')
  .description('export collections and items as NDJSON (re-importable with meridian import)')
  .option('-o, --out <file>', 'output file (default: standard output)')
  .option('--collection <ids...>', 'only these collections and their items')
  .action(async (opts: { out?: string; collection?: string[] }) => {
    const cfg = config();
    const db = await connect(cfg);
    const deps = protocolDeps(db, cfg, createLogger({ ...cfg, log: { level: 'silent' } }));
    const out = opts.out ? createWriteStream(opts.out) : process.stdout;
    const count = await exportRecords(deps.search, out, opts.collection);
    if (opts.out) await new Promise<void>((resolve) => out.end(resolve));
    console.error(`exported ${count} records`);
    await db.close();
  });

program
  .command('convert')
  .description('convert a metadata document to STAC, Dublin Core, ISO 19139 or DataCite and print it')
  .argument('<input>', 'a file, or - for standard input')
  .addOption(new Option('--from <format>', 'input format (detected from the content when omitted)').choices(INPUT_FORMATS))
  .addOption(new Option('--to <format>', 'output format').choices(['stac', ...OUTPUT_FORMATS]).makeOptionMandatory())
  .action(async (input: string, opts: { from?: NativeFormat; to: 'stac' | OutputFormat }) => {
    const bytes = input === '-' ? await readStdin() : await readFile(input);
    const result = convertDocument(decodeXml(bytes), opts, { baseUrl: publicUrlOf(config()) });
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    for (const problem of result.problems) console.error(`problem: ${problem}`);
    if (result.output !== undefined) console.log(result.output);
    process.exitCode = result.problems.length > 0 ? 1 : 0;
  });

program
  .command('harvest')
  .description('harvest one source of the --config file (its sources: list) or of config/sources.yaml')
  .argument('<source>', 'the id of the source')
  .option('--full', 'read everything again, then delete the records the source no longer has')
  .action(async (source: string, opts: { full?: boolean }) => {
    process.exitCode = await harvestCommand(source, { full: opts.full === true, configFile: program.opts<{ config?: string }>().config });
  });

program
  .command('publish')
  .description('catalogue a directory of NetCDF files (a collection, an item per file), served at /opendap, /files and /thredds')
  .argument('<root-dir>', 'the directory')
  .option('--name <name>', 'the root name in URLs and the collection id (default: the configured root of this directory, else its name)')
  .action(async (dir: string, opts: { name?: string }) => {
    const cfg = config();
    const db = await connect(cfg);
    try {
      process.exitCode = await publishCommand(db, cfg, dir, { ...opts, baseUrl: publicUrlOf(cfg) });
    } finally {
      await db.close();
    }
  });

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description('create an API token (printed once; only its hash is stored)')
  .addOption(new Option('--role <role>', 'role of the token').choices([...ROLES]).default('reader'))
  .option('--name <name>', 'what the token is for', 'unnamed')
  .action(async (opts: { role: Role; name: string }) => {
    const db = await connect(config());
    const { token: secret, info } = await new TokenStore(db).create(opts.name, opts.role);
    console.log(secret);
    console.error(`token ${info.id} (${info.role}) created; keep it now, it is not shown again`);
    await db.close();
  });
token
  .command('list')
  .description('list API tokens (without their secrets)')
  .action(async () => {
    const db = await connect(config());
    for (const t of await new TokenStore(db).list()) {
      console.log(`${t.id}\t${t.role}\t${t.name}\t${t.createdAt}${t.revoked ? '\trevoked' : ''}`);
    }
    await db.close();
  });
token
  .command('revoke')
  .description('revoke an API token')
  .argument('<id>')
  .action(async (id: string) => {
    const db = await connect(config());
    const done = await new TokenStore(db).revoke(id);
    console.log(done ? `token ${id} revoked` : `no active token ${id}`);
    await db.close();
    process.exitCode = done ? 0 : 1;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof MeridianError ? `meridian: ${error.message}` : error);
  process.exit(1);
});
