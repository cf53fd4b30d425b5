import { Readable } from 'node:stream';
import express, { type Request, type Response, type Router } from 'express';
import { MeridianError } from '../../core/errors.js';
import { decodeXml, parseXml } from '../../core/xml.js';
import { actorOf, readAccess, requireRole } from '../../web/authentication.js';
import type { ProtocolDeps } from '../deps.js';
import { publicBaseUrl } from '../publicUrl.js';
import { cswErrorHandler, setAnswerVersion } from './errors.js';
import { CSW30 } from './namespaces.js';
import { answerCsw, type CswAnswer, type OperationContext } from './operations.js';
import { parseKvpRequest } from './parseKvp.js';
import { parseXmlRequest } from './parseXmlRequest.js';
import type { CswRequest } from './request.js';

/** A CSW 3.0 request, recognised before it is parsed, so that even its parse errors are OWS 2.0 reports. */
function sniffKvpVersion(params: URLSearchParams, res: Response): void {
  for (const [k, v] of params) if (k.toLowerCase() === 'version' && v.trim().startsWith('3.0')) setAnswerVersion(res, '3.0.0');
}

/** The query string of a request, as KVP. */
const queryOf = (req: Request): URLSearchParams => new URLSearchParams(req.url.split('?')[1] ?? '');

/**
 * OGC CSW 2.0.2 and 3.0 over the search core, at one endpoint for KVP (GET, or form-encoded POST) and XML
 * (POST). Every request needs read access (`auth.publicReads`), Transaction and Harvest the curator
 * role; without a token the answer is an exception report (NoApplicableCode) with HTTP 401, with too
 * small a role 403.
 */
export function cswRouter(deps: ProtocolDeps): Router {
  const router = express.Router();
  const body = express.raw({ type: () => true, limit: deps.config.server.bodyLimit });
  const curator = requireRole('curator');
  // A GET's version is known before readAccess, so that a refused CSW 3.0 request gets an OWS 2.0
  // report; a POST body is not read for a caller that may not read (its refusal is OWS 1.0).
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') sniffKvpVersion(queryOf(req), res);
    next();
  });
  router.use(readAccess(deps.config.auth.publicReads));

  function context(req: Request, res: Response): OperationContext {
    const base = publicBaseUrl(req, deps.config.server.publicUrl);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    return {
      search: deps.search,
      store: deps.store,
      log: deps.log,
      service: {
        endpoint: `${base}${req.baseUrl}`,
        baseUrl: base,
        title: deps.config.catalogue.title,
        abstract: deps.config.catalogue.description,
      },
      requestUrl: `${base}${req.originalUrl}`,
      actor: actorOf(req),
      authorize: () => new Promise<void>((resolve, reject) => curator(req, res, (error?: unknown) => (error ? reject(error) : resolve()))),
      signal: abort.signal,
    };
  }

  async function answer(req: Request, res: Response, request: CswRequest): Promise<void> {
    setAnswerVersion(res, request.version);
    const result: CswAnswer = await answerCsw(request, context(req, res));
    res.status(200).type(result.contentType);
    const stream = Readable.from(result.body);
    // After the first byte an error cannot become an exception report: it is logged and the connection cut.
    stream.on('error', (error) => {
      deps.log.error({ err: error }, 'CSW response failed while streaming');
      res.destroy(error);
    });
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }

  router.get('/', async (req, res) => {
    const params = queryOf(req);
    await answer(req, res, parseKvpRequest(params, `${publicBaseUrl(req, deps.config.server.publicUrl)}${req.originalUrl}`));
  });

  router.post('/', body, async (req, res) => {
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (bytes.length === 0) throw new MeridianError('MissingParameter', 'the request body is empty: send a CSW request as XML', { locator: 'request' });
    // curl-based clients send XML with curl's default form content type: the body tells.
    if (req.is('application/x-www-form-urlencoded') && !/^\s*</.test(bytes.subarray(0, 64).toString('latin1'))) {
      const params = new URLSearchParams(bytes.toString('utf8'));
      sniffKvpVersion(params, res);
      await answer(req, res, parseKvpRequest(params, `${publicBaseUrl(req, deps.config.server.publicUrl)}${req.originalUrl}`));
      return;
    }
    const root = parseXml(decodeXml(bytes));
    if (root.ns === CSW30) setAnswerVersion(res, '3.0.0');
    await answer(req, res, parseXmlRequest(root));
  });

  router.use(cswErrorHandler(deps.log));
  return router;
}
