import { existsSync, readFileSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { pino, type Logger } from 'pino';
import { parse as parseYaml } from 'yaml';
import { HarvestScheduler, incrementalRuns } from '../harvesters/runner/scheduler.js';
import { parseSources } from '../harvesters/sources.js';
import type { MeridianConfig } from './core/config.js';
import { MeridianError } from './core/errors.js';
import type { SourceConfig } from './core/harvest.js';
import { isJsonObject } from './core/json.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/open.js';
import { sql } from './db/sql.js';
import { publishRoots } from './datasets/publishRoots.js';
import { demoCatalogue } from './demo/demoCatalogue.js';
import { cswRouter } from './protocols/csw/router.js';
import type { ProtocolDeps } from './protocols/deps.js';
import { jsonApiErrorHandler } from './protocols/jsonApiErrors.js';
import { oaiPmhRouter } from './protocols/oai-pmh/routes.js';
import { opendap, type Opendap } from './protocols/opendap/router.js';
import { stacRouter } from './protocols/stac/router.js';
import { SqlSearchBackend } from './search/backends/sql/sqlSearch.js';
import { HarvestStore } from './store/harvestStore.js';
import { RecordStore } from './store/recordStore.js';
import { TokenStore } from './store/tokenStore.js';
import { renderApiDocPage } from './web/apiDocPage.js';
import { authenticate, isAnonymousPublicRead, readAccess } from './web/authentication.js';
import { fileDownloadRouter } from './web/fileDownload.js';
import { threddsRouter } from './web/threddsCatalog.js';
import { harvestRouter, type HarvestView } from './protocols/harvest/router.js';

const OPENAPI_FILE = fileURLToPath(new URL('../openapi/openapi.yaml', import.meta.url));
const SOURCES_FILE = fileURLToPath(new URL('../config/sources.yaml', import.meta.url));

/**
 * The harvest sources: the configuration's `sources:` list when it has one, else those of
 * `config/sources.yaml` when that file exists, else none.
 */
export function configuredSources(config: MeridianConfig, origin = 'the configuration'): SourceConfig[] {
  if (config.sources.length > 0) return parseSources(config.sources, origin);
  if (!existsSync(SOURCES_FILE)) return [];
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(SOURCES_FILE, 'utf8')) ?? {};
  } catch (error) {
    throw new MeridianError('InvalidParameter', `cannot read ${SOURCES_FILE}: ${(error as Error).message}`, { cause: error });
  }
  if (!isJsonObject(parsed)) throw new MeridianError('InvalidParameter', `${SOURCES_FILE} is not a YAML mapping`);
  return parseSources(parsed['sources'] ?? [], SOURCES_FILE);
}

export function createLogger(config: MeridianConfig): Logger {
  return pino({ level: config.log.level, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] });
}

/** Opens the configured database: PostgreSQL when a URL is configured, else PGlite in the data directory. */
export function connect(config: MeridianConfig): Promise<Database> {
  return openDatabase(
    config.database.url
      ? { driver: 'postgres', url: config.database.url, poolSize: config.database.poolSize }
      : { driver: 'pglite', dataDir: config.database.dataDir },
  );
}

export function protocolDeps(db: Database, config: MeridianConfig, log: Logger): ProtocolDeps {
  return {
    db,
    config,
    log,
    store: new RecordStore(db),
    tokens: new TokenStore(db),
    search: new SqlSearchBackend(db, { countLimit: config.stac.countLimit, countTimeoutMs: config.stac.countTimeoutMs }),
  };
}

/** CORS for browser clients such as STAC Browser, which run on other origins. */
const CORS_HEADERS: OutgoingHttpHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-API-Key',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Expose-Headers': 'Location',
};

function cors(req: Request, res: Response, next: NextFunction): void {
  res.set(CORS_HEADERS);
  if (req.method === 'OPTIONS') res.status(204).end();
  else next();
}

const OPENDAP_MOUNT = '/opendap';

/** OPeNDAP over the configured data roots. */
function opendapOf(deps: ProtocolDeps): Opendap {
  return opendap({
    roots: deps.config.datasets.map((root) => ({ name: root.name, path: root.path })),
    maxResponseBytes: deps.config.opendap.maxResponseBytes,
    publicReads: deps.config.auth.publicReads,
    ...(deps.config.opendap.hdf5Workers === undefined ? {} : { hdf5Workers: deps.config.opendap.hdf5Workers }),
    log: deps.log,
  });
}

/**
 * The server's request listener: OPeNDAP metadata responses already built go out before express,
 * whose handling of a request costs several times what such an answer costs without it (clients
 * ask for `.das` and `.dds` thousands of times); everything else goes to `app`. Only anonymous
 * requests when reads are public take that path: a token must be checked by express's middleware.
 */
export function requestListener(app: Express, dap: Opendap, publicReads: boolean): RequestListener {
  return (req, res) => {
    const url = req.url ?? '';
    if (
      url.startsWith(`${OPENDAP_MOUNT}/`) &&
      isAnonymousPublicRead(req, publicReads) &&
      dap.answerKnown(req, res, url.slice(OPENDAP_MOUNT.length), CORS_HEADERS)
    ) {
      return;
    }
    void app(req, res);
  };
}

/**
 * The HTTP application: every protocol mounted over one store and one search core. `harvest` gives the
 * configured sources and their schedules to `/harvest`; by default the configuration's sources, unscheduled.
 */
export function createApp(deps: ProtocolDeps, harvest?: HarvestView, dap: Opendap = opendapOf(deps)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.set('query parser', 'simple');
  app.use(cors);
  app.use(authenticate(deps.tokens));
  const { oai, secrets, auth } = deps.config;
  const openapi = parseYaml(readFileSync(OPENAPI_FILE, 'utf8')) as Record<string, unknown>;
  const apiPage = renderApiDocPage(openapi);
  // The API description is read access like the rest: readAccess on these two routes only, refusals as STAC JSON.
  const apiDocs = express.Router();
  const readers = readAccess(auth.publicReads);
  apiDocs.get('/api', readers, (_req, res) => {
    res.type('application/vnd.oai.openapi+json;version=3.1').send(JSON.stringify(openapi));
  });
  apiDocs.get('/api.html', readers, (_req, res) => {
    res.type('text/html').send(apiPage);
  });
  apiDocs.use(jsonApiErrorHandler(deps.log, 'API description'));
  app.use(apiDocs);
  app.use(
    '/oai',
    oaiPmhRouter(deps, {
      pageSize: oai.pageSize,
      ...(oai.adminEmail ? { adminEmails: [oai.adminEmail] } : {}),
      ...(secrets.tokenSecret ? { tokenKey: Buffer.from(secrets.tokenSecret, 'utf8') } : {}),
    }),
  );
  app.use('/csw', cswRouter(deps));
  app.use('/files', fileDownloadRouter(deps.config.datasets, { publicReads: auth.publicReads }));
  app.use('/thredds', threddsRouter(deps.config.datasets, deps.config.catalogue.title, { publicReads: auth.publicReads }));
  app.use(OPENDAP_MOUNT, dap.router);
  const harvestView = harvest ?? { sources: parseSources(deps.config.sources, 'the configuration'), nextRun: () => undefined };
  app.use('/harvest', harvestRouter(new HarvestStore(deps.db), harvestView, deps.log));
  app.use('/', stacRouter(deps));
  return app;
}

/** Loads the demo catalogue into an empty database, so that a first start shows a working catalogue. */
export async function loadDemoIfEmpty(deps: ProtocolDeps, baseUrl: string): Promise<number> {
  const rows = await deps.db.query<{ any: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM records) AS any`);
  if (rows[0]?.any) return 0;
  const demo = demoCatalogue({ baseUrl });
  const outcomes = await deps.store.upsertMany(
    [...demo.collections, ...demo.items].map((doc) => ({ doc })),
    'demo',
  );
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) deps.log.warn({ failed: failed.length }, 'some demo records were not loaded');
  return outcomes.length - failed.length;
}

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts Meridian: database, migrations, demo data on first start, HTTP server, scheduled harvests, published data roots. */
export async function startServer(config: MeridianConfig, log: Logger): Promise<RunningServer> {
  const started = Date.now();
  const db = await connect(config);
  const deps = protocolDeps(db, config, log);
  const localUrl = `http://localhost:${config.server.port}`;
  if (config.demo.enabled) {
    const loaded = await loadDemoIfEmpty(deps, config.server.publicUrl || localUrl);
    if (loaded > 0) log.info({ records: loaded }, 'loaded the demo catalogue');
  }
  const sources = configuredSources(config);
  const run = incrementalRuns({ db, log, baseUrl: config.server.publicUrl || localUrl });
  const scheduler = new HarvestScheduler({ sources, run, log });
  const dap = opendapOf(deps);
  const app = createApp(deps, { sources, nextRun: (id) => scheduler.nextRun(id) }, dap);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(requestListener(app, dap, config.auth.publicReads));
    s.listen(config.server.port, config.server.host, () => resolve(s));
    s.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://localhost:${port}`;
  log.info({ url, driver: db.driver, ms: Date.now() - started }, 'Meridian is serving');
  scheduler.start();
  // The configured data roots are published in the background: the catalogue serves meanwhile.
  const publishing = new AbortController();
  const published = publishRoots({ store: deps.store, harvests: new HarvestStore(db) }, config.datasets, {
    baseUrl: config.server.publicUrl || url,
    log,
    signal: publishing.signal,
  });
  return {
    url,
    server,
    async close() {
      await scheduler.stop();
      publishing.abort();
      await published;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
