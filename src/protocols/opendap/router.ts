/**
 * OPeNDAP over the NetCDF files under the configured roots: `<mount>/<root>/<path>.<suffix>[?CE]`
 * with the DAP2 suffixes `.dds .das .dods .ascii .html .info .ver .help .ddx` and the DAP4 ones
 * `.dmr` (`.dmr.xml`) and `.dap` (`?dap4.ce=...&dap4.checksum=...`).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { MeridianError } from '../../core/errors.js';
import { readAccess } from '../../web/authentication.js';
import { datasetOpener } from '../../netcdf/openDataset.js';
import { SlabBuffers } from '../../netcdf/slabBuffers.js';
import { bindConstraint, type Selection } from './dap2/bindConstraint.js';
import { dodsDataSize, encodeDods, DATA_SEPARATOR } from './dap2/encodeDods.js';
import { parseConstraint, type Constraint } from './dap2/parseConstraint.js';
import { renderAscii } from './dap2/renderAscii.js';
import { renderDds } from './dap2/renderDds.js';
import { renderDdx } from './dap2/renderDdx.js';
import { renderForm, renderHelp, renderInfo } from './dap2/renderPages.js';
import { DatasetLocations } from './datasetLocations.js';
import { DatasetCache, type CachedDataset, type OpenFile } from './datasetCache.js';
import { bindDap4Constraint, type Dap4Selection } from './dap4/bindDap4Constraint.js';
import { dapDataSize, encodeDap } from './dap4/encodeDap.js';
import { renderDmr } from './dap4/renderDmr.js';
import { DapError, dapErrorHandler, markDap4 } from './errors.js';
import { DAP_VERSION, SERVER_SOFTWARE, setDapHeaders } from './headers.js';
import { sendStream, type StreamTotals } from './sendStream.js';
import { isConditional, MetadataResponse, MetadataResponses, type MetadataDocument } from './metadataResponses.js';
import { isDap4Path, parseDatasetUrl, type DatasetFile, type DapSuffix, type OpendapRoot } from './resolveDatasetPath.js';

export interface OpendapOptions {
  readonly roots: readonly OpendapRoot[];
  /** Largest `.dods` response, refused up front with a DAP error (THREDDS: 500 MB). */
  readonly maxResponseBytes: number;
  readonly log: Logger;
  /**
   * `auth.publicReads`: false, every request needs a token with the reader role (checked by the
   * application's `authenticate`); default true. `answerKnown` does not check it: its caller does.
   */
  readonly publicReads?: boolean;
  /** Largest `.ascii` response, counted as its binary values; default the smaller of 50 MB and `maxResponseBytes`. */
  readonly maxAsciiBytes?: number;
  /**
   * How long a dataset URL's file, size and modification time are trusted before the file is looked
   * at again (default 1000 ms; 0: at every request).
   */
  readonly recheckMs?: number;
  /** Datasets kept open between requests (default 64). */
  readonly cacheEntries?: number;
  /** Bytes read from a file at a time (default 4 MiB: a download holds about two slabs at once). */
  readonly slabBytes?: number;
  /** h5wasm worker threads reading NetCDF-4 files; default the number of CPUs, at most 4. */
  readonly hdf5Workers?: number;
  /** Opens a dataset file; default by its magic number, NetCDF-4 files through `hdf5Workers` workers. */
  readonly open?: OpenFile;
}

const DEFAULT_ASCII_LIMIT = 50_000_000;
const DEFAULT_CACHE_ENTRIES = 64;
const DEFAULT_RECHECK_MS = 1000;
/** Bytes a response reads from a file at a time unless `slabBytes` says otherwise. */
export const DEFAULT_RESPONSE_SLAB_BYTES = 4 * 1024 * 1024;
const TEXT = 'text/plain; charset=utf-8';
/** Metadata responses kept built (see MetadataResponses), in bytes of text. */
const METADATA_RESPONSE_BYTES = 32 * 1024 * 1024;

type RevalidatableSuffix = 'dds' | 'das' | 'ddx' | 'dmr';
const isRevalidatable = (suffix: DapSuffix): suffix is RevalidatableSuffix => suffix === 'dds' || suffix === 'das' || suffix === 'ddx' || suffix === 'dmr';

interface RequestContext {
  readonly req: Request;
  readonly res: Response;
  readonly file: DatasetFile;
  readonly fileName: string;
  readonly entry: CachedDataset;
  readonly query: string;
  readonly signal: AbortSignal;
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** The query is the constraint, percent-encoded by most clients (netCDF-C sends `%5b`). */
function constraintOf(query: string): Constraint {
  let decoded: string;
  try {
    decoded = decodeURIComponent(query);
  } catch {
    throw new DapError(1005, 400, 'Constraint expression parse error: malformed %-escape');
  }
  return parseConstraint(decoded);
}

const megabytes = (n: number): string => (n / 1e6).toFixed(1);

/** DAP4 takes its constraint and options as query parameters (`dap4.ce`, `dap4.checksum`). */
function dap4Parameters(query: string): ReadonlyMap<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    try {
      params.set(decodeURIComponent(eq === -1 ? part : part.slice(0, eq)), eq === -1 ? '' : decodeURIComponent(part.slice(eq + 1)));
    } catch {
      throw new DapError(1005, 400, 'DAP4 query: malformed %-escape');
    }
  }
  return params;
}

/** The response key of a request URL (path and query inside the mount): the URL as written names the document, a symbolic link's name is in its DDS. */
function responseKey(url: string): string {
  return url.includes('?') ? url : `${url}?`;
}

export interface Opendap {
  /** The whole protocol, to mount (at `/opendap` in Meridian). */
  readonly router: Router;
  /**
   * Answers a GET or HEAD of a metadata document already built for a file version still trusted
   * (`recheckMs`), without express: `url` is the request's path and query inside the mount, `headers`
   * go out first. False, having written nothing, for any other request (conditional ones included).
   * It checks no access (`publicReads`, tokens): its caller uses it only for what anyone may read.
   */
  answerKnown(req: IncomingMessage, res: ServerResponse, url: string, headers?: OutgoingHttpHeaders): boolean;
}

/** The OPeNDAP router alone, as tests and other applications mount it. */
export function opendapRouter(options: OpendapOptions): Router {
  return opendap(options).router;
}

export function opendap(options: OpendapOptions): Opendap {
  const { roots, maxResponseBytes, log } = options;
  const maxAsciiBytes = options.maxAsciiBytes ?? Math.min(DEFAULT_ASCII_LIMIT, maxResponseBytes);
  const slabBytes = options.slabBytes ?? DEFAULT_RESPONSE_SLAB_BYTES;
  const open = options.open ?? datasetOpener(options.hdf5Workers === undefined ? {} : { hdf5Workers: options.hdf5Workers });
  const metadataResponses = new MetadataResponses(METADATA_RESPONSE_BYTES);
  const locations = new DatasetLocations(roots, options.recheckMs ?? DEFAULT_RECHECK_MS);
  const cache = new DatasetCache(open, options.cacheEntries ?? DEFAULT_CACHE_ENTRIES, log);
  const router = express.Router();

  /**
   * `.dds`, `.das`, `.ddx` and `.dmr` can be revalidated: their text changes only with the file and
   * the constraint. Once built, the response is kept and sent again as it is.
   */
  function sendRevalidatable(ctx: RequestContext, segments: readonly string[], document: MetadataDocument): void {
    const response = new MetadataResponse(segments, ctx.file, document, ctx.query);
    metadataResponses.add(responseKey(ctx.req.url), response);
    response.send(ctx.req, ctx.res, { isFresh: () => ctx.req.fresh });
  }

  function answerKnown(req: IncomingMessage, res: ServerResponse, url: string, headers?: OutgoingHttpHeaders): boolean {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isConditional(req)) return false;
    const response = metadataResponses.get(responseKey(url));
    if (response === undefined) return false;
    const file = locations.known(response.segments);
    if (file === undefined || !response.describes(file)) return false;
    response.send(req, res, headers === undefined ? {} : { headers });
    return true;
  }

  function selectionsOf(ctx: RequestContext): readonly Selection[] {
    return bindConstraint(ctx.entry.model, constraintOf(ctx.query));
  }

  async function sendDods(ctx: RequestContext): Promise<void> {
    const { res, entry, signal } = ctx;
    const selections = selectionsOf(ctx);
    const dds = renderDds(ctx.fileName, selections);
    const dataBytes = await dodsDataSize(entry.dataset, selections, { slabBytes, limit: maxResponseBytes, signal });
    const total = Buffer.byteLength(dds, 'utf8') + DATA_SEPARATOR.length + dataBytes;
    if (total > maxResponseBytes) {
      throw new MeridianError('PayloadTooLarge', `Request too big: ${megabytes(total)} MB, the limit is ${megabytes(maxResponseBytes)} MB; ask for a smaller hyperslab`);
    }
    setDapHeaders(res, 'dods_data');
    res.type('application/octet-stream');
    res.set('Content-Length', String(total));
    res.set('Last-Modified', ctx.file.mtime.toUTCString());
    if (ctx.req.method === 'HEAD') {
      res.end();
      return;
    }
    const buffers = new SlabBuffers();
    await stream(ctx, 'dods', encodeDods(entry.dataset, dds, selections, total, { slabBytes, signal, buffers }), buffers);
  }

  async function sendAscii(ctx: RequestContext): Promise<void> {
    const { res, entry, signal } = ctx;
    const selections = selectionsOf(ctx);
    const dataBytes = await dodsDataSize(entry.dataset, selections, { slabBytes, limit: maxAsciiBytes, signal });
    if (dataBytes > maxAsciiBytes) {
      throw new MeridianError('PayloadTooLarge', `Request too big for ASCII: ${megabytes(dataBytes)} MB of values, the limit is ${megabytes(maxAsciiBytes)} MB; ask for .dods or a smaller hyperslab`);
    }
    setDapHeaders(res, 'dods_ascii');
    res.type(TEXT);
    if (ctx.req.method === 'HEAD') {
      res.end();
      return;
    }
    const dds = renderDds(ctx.fileName, selections);
    await stream(ctx, 'ascii', renderAscii(entry.dataset, dds, selections, { slabBytes, signal }));
  }

  /**
   * Streams with back-pressure; a client that leaves stops the reading (the signal aborts). Slabs
   * taken from `buffers` go back to it once sent.
   */
  async function stream(ctx: RequestContext, kind: string, body: AsyncIterable<Buffer | string>, buffers?: SlabBuffers): Promise<void> {
    const started = Date.now();
    let totals: StreamTotals = { bytes: 0, chunks: 0 };
    const fields = () => ({ kind, path: ctx.file.path, ce: ctx.query, ...totals, ms: Date.now() - started });
    try {
      await sendStream(ctx.res, body, {
        signal: ctx.signal,
        ...(buffers ? { sent: (chunk: Buffer) => buffers.give(chunk) } : {}),
        progress: (t) => {
          totals = t;
        },
      });
    } catch (error) {
      if (ctx.signal.aborted) {
        log.info({ ...fields(), aborted: true }, 'OPeNDAP client left during the response');
        return;
      }
      throw error;
    }
    log.info(fields(), 'OPeNDAP response sent');
  }

  function dap4SelectionsOf(ctx: RequestContext): readonly Dap4Selection[] {
    return bindDap4Constraint(ctx.entry.dap4, dap4Parameters(ctx.query).get('dap4.ce'));
  }

  async function sendDap(ctx: RequestContext): Promise<void> {
    const { res, entry, signal } = ctx;
    const selections = dap4SelectionsOf(ctx);
    // netCDF-C 4.9.0 sends no dap4.checksum and expects checksums; an explicit false turns them off.
    const checksums = dap4Parameters(ctx.query).get('dap4.checksum') !== 'false';
    const dataBytes = await dapDataSize(entry.dataset, selections, { slabBytes, checksums, limit: maxResponseBytes, signal });
    if (dataBytes > maxResponseBytes) {
      throw new MeridianError('PayloadTooLarge', `Request too big: ${megabytes(dataBytes)} MB, the limit is ${megabytes(maxResponseBytes)} MB; ask for less with dap4.ce`);
    }
    setDapHeaders(res, 'dap4_data');
    res.type('application/vnd.opendap.dap4.data');
    res.set('Last-Modified', ctx.file.mtime.toUTCString());
    if (ctx.req.method === 'HEAD') {
      res.end();
      return;
    }
    const dmr = renderDmr(ctx.fileName, entry.dap4, selections);
    await stream(ctx, 'dap', encodeDap(entry.dataset, dmr, selections, { slabBytes, checksums, signal }));
  }

  /** The metadata document a revalidatable suffix names. */
  function metadataDocument(ctx: RequestContext, suffix: RevalidatableSuffix): MetadataDocument {
    const { entry, fileName } = ctx;
    switch (suffix) {
      case 'dds':
        return { description: 'dods_dds', variant: 'dds', contentType: TEXT, text: renderDds(fileName, selectionsOf(ctx)) };
      case 'das':
        return { description: 'dods_das', variant: 'das', contentType: TEXT, text: entry.das };
      case 'ddx':
        return { description: 'dods_ddx', variant: 'ddx', contentType: 'text/xml; charset=utf-8', text: renderDdx(fileName, entry.model, selectionsOf(ctx)) };
      case 'dmr':
        return {
          description: 'dap4_dmr',
          variant: 'dmr',
          contentType: 'application/vnd.opendap.dap4.dataset-metadata+xml; charset=utf-8',
          text: renderDmr(fileName, entry.dap4, dap4SelectionsOf(ctx)),
        };
    }
  }

  async function answer(ctx: RequestContext, suffix: Exclude<DapSuffix, 'ver' | 'help' | RevalidatableSuffix>): Promise<void> {
    const { res, entry } = ctx;
    switch (suffix) {
      case 'dods':
        return sendDods(ctx);
      case 'ascii':
        return sendAscii(ctx);
      case 'html':
        setDapHeaders(res, 'dods_form');
        res.type('text/html; charset=utf-8').send(renderForm(ctx.fileName, entry.model));
        return;
      case 'info': {
        const dds = renderDds(ctx.fileName, bindConstraint(entry.model, { projections: [] }));
        setDapHeaders(res, 'dods_description');
        res.type('text/html; charset=utf-8').send(renderInfo(ctx.fileName, entry.model, dds, entry.das));
        return;
      }
      case 'dap':
        return sendDap(ctx);
    }
  }

  // Before readAccess, so that its refusal of a DAP4 request is DAP4's error document.
  router.use((req, res, next) => {
    if (isDap4Path(splitUrl(req.url).path)) markDap4(res);
    next();
  });
  router.use(readAccess(options.publicReads ?? true));
  router.use(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD');
      throw new DapError(1001, 405, `${req.method} is not supported; OPeNDAP answers GET and HEAD`);
    }
    const { path, query } = splitUrl(req.url);
    const url = parseDatasetUrl(path);
    if (url.suffix === 'ver') {
      setDapHeaders(res, 'dods_version');
      res.type(TEXT).send(`Core version: dods/${DAP_VERSION}\nServer version: ${SERVER_SOFTWARE}\n`);
      return;
    }
    if (url.suffix === 'help') {
      setDapHeaders(res, 'dods_help');
      res.type('text/html; charset=utf-8').send(renderHelp());
      return;
    }
    const file = await locations.resolve(url.segments);
    const known = isRevalidatable(url.suffix) ? metadataResponses.get(responseKey(req.url)) : undefined;
    if (known?.describes(file)) {
      known.send(req, res, { isFresh: () => req.fresh });
      return;
    }
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const lease = await cache.acquire(file, { signal: controller.signal });
    try {
      const ctx: RequestContext = { req, res, file, fileName: url.segments.at(-1)!, entry: lease.entry, query, signal: controller.signal };
      if (isRevalidatable(url.suffix)) sendRevalidatable(ctx, url.segments, metadataDocument(ctx, url.suffix));
      else await answer(ctx, url.suffix);
    } finally {
      lease.release();
    }
  });
  router.use(dapErrorHandler(log));
  return { router, answerKnown };
}
