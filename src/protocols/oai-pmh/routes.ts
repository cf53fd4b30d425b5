import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response, type Router } from 'express';
import { readAccess } from '../../web/authentication.js';
import type { ProtocolDeps } from '../deps.js';
import { publicBaseUrl } from '../publicUrl.js';
import { toDatestamp } from './datestamp.js';
import { oaiErrorHandler, type OaiPmhError } from './errors.js';
import { repositoryIdentifierOf } from './identifiers.js';
import { parseOaiRequest, readOaiArguments, type OaiArguments } from './parse.js';
import { renderOai, renderOaiError, type OaiEnvelope } from './render.js';
import { OaiRepository, type RequestContext } from './repository.js';

export interface OaiPmhOptions {
  /** Records per ListRecords/ListIdentifiers response, sets per ListSets response (default 100). */
  readonly pageSize?: number;
  /**
   * The HMAC key that signs resumption tokens. Default: a random key per process, so that tokens do not
   * survive a restart (harvesters then get badResumptionToken and start over); servers behind one load
   * balancer need the same key.
   */
  readonly tokenKey?: Uint8Array;
  /** Identify's adminEmail; default `admin@<repository host>`. */
  readonly adminEmails?: readonly string[];
  /** The DataCite repository symbol in oai_datacite records; default the catalogue id in capitals. */
  readonly datacentreSymbol?: string;
}

const DEFAULT_PAGE_SIZE = 100;

const XML_TYPE = 'text/xml; charset=utf-8';

/** Characters of response text gathered before a write: a list page goes out in a few writes, not one per record. */
const WRITE_CHUNK_CHARS = 64 * 1024;

/** The parts of a response gathered into chunks of about WRITE_CHUNK_CHARS, still written as they come. */
async function* gathered(parts: AsyncIterable<string>): AsyncGenerator<string> {
  let pending = '';
  for await (const part of parts) {
    pending += part;
    if (pending.length >= WRITE_CHUNK_CHARS) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

/** What the error handler needs of a request that failed: its context, and its arguments once read. */
interface OaiRequestState {
  readonly context: RequestContext & { readonly endpoint: string };
  arguments?: OaiArguments;
}

interface OaiLocals {
  oai?: OaiRequestState;
}

/** The `request` attributes: the arguments as given, for every answer but badVerb and badArgument. */
function echo(args: OaiArguments | undefined): Record<string, string> {
  return args ? { verb: args.verb, ...Object.fromEntries(args.args) } : {};
}

/**
 * OAI-PMH 2.0: the six verbs over GET and POST, on one store and one search core. OAI-PMH has no error
 * code for authentication: a refused read (`auth.publicReads`) is HTTP 401 or 403 with a plain text.
 */
export function oaiPmhRouter(deps: ProtocolDeps, options: OaiPmhOptions = {}): Router {
  const { config, log } = deps;
  const tokenKey = options.tokenKey ?? randomBytes(32);
  const datacentreSymbol = options.datacentreSymbol ?? config.catalogue.id.toUpperCase();
  const repository = new OaiRepository(deps, {
    repositoryName: config.catalogue.title,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    tokenKey,
    ...(options.adminEmails ? { adminEmails: options.adminEmails } : {}),
  });
  const router = express.Router();
  const form = express.text({ type: 'application/x-www-form-urlencoded', limit: '64kb' });
  router.use(readAccess(config.auth.publicReads));

  function contextOf(req: Request, now: Date) {
    const base = publicBaseUrl(req, config.server.publicUrl);
    return {
      endpoint: `${base}${req.baseUrl}`,
      repository: repositoryIdentifierOf(base),
      now,
      dissemination: { crosswalk: { baseUrl: base }, datacentreSymbol },
    };
  }

  // Parse (every check before any query), answer, then stream the response.
  async function handle(req: Request, res: Response, params: URLSearchParams): Promise<void> {
    const now = new Date();
    const locals: OaiRequestState = { context: contextOf(req, now) };
    (res.locals as OaiLocals).oai = locals;
    const args = readOaiArguments(params);
    locals.arguments = args;
    const body = await repository.answer(locals.context, parseOaiRequest(args, { tokenKey, now }));
    const envelope: OaiEnvelope = { endpoint: locals.context.endpoint, responseDate: toDatestamp(now), request: echo(args) };
    res.status(200).type(XML_TYPE);
    await pipeline(Readable.from(gathered(renderOai(envelope, body))), res);
  }

  function sendError(req: Request, res: Response, error: OaiPmhError): void {
    const locals: OaiRequestState = (res.locals as OaiLocals).oai ?? { context: contextOf(req, new Date()) };
    const bare = error.code === 'badVerb' || error.code === 'badArgument';
    const envelope: OaiEnvelope = {
      endpoint: locals.context.endpoint,
      responseDate: toDatestamp(locals.context.now),
      request: bare ? {} : echo(locals.arguments),
    };
    res.status(200).type(XML_TYPE).send(renderOaiError(envelope, error.code, error.message));
  }

  const queryOf = (req: Request) => new URLSearchParams(req.url.split('?')[1] ?? '');

  router.get('/', (req, res) => handle(req, res, queryOf(req)));
  router.post('/', form, (req, res) => {
    // Arguments may come in the body and the query string alike; one given in both counts as repeated.
    const params = queryOf(req);
    for (const [name, value] of new URLSearchParams(typeof req.body === 'string' ? req.body : '')) params.append(name, value);
    return handle(req, res, params);
  });
  router.use(oaiErrorHandler(log, sendError));
  return router;
}
