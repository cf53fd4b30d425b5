import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { MeridianError, type ErrorCode } from '../../core/errors.js';
import { challengeUnauthorized } from '../../web/authentication.js';

/** The error codes of OAI-PMH 2.0 (§3.6). They are answered with HTTP 200, inside the OAI-PMH envelope. */
export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

/** An error only OAI-PMH knows; thrown only inside this folder. `message` is written for the client. */
export class OaiPmhError extends Error {
  readonly code: OaiErrorCode;

  constructor(code: OaiErrorCode, message: string) {
    super(message);
    this.name = 'OaiPmhError';
    this.code = code;
  }
}

/**
 * How each core error reaches an OAI-PMH client: as an OAI error code (HTTP 200), or as an HTTP status
 * for what is not the client's mistake (harvesters retry on 503 only). A new core code fails to compile
 * until it is mapped here.
 */
export const oaiErrors: Readonly<Record<ErrorCode, { readonly oai: OaiErrorCode } | { readonly status: number }>> = {
  InvalidParameter: { oai: 'badArgument' },
  MissingParameter: { oai: 'badArgument' },
  UnsupportedOperation: { oai: 'badArgument' },
  NotFound: { oai: 'idDoesNotExist' },
  Conflict: { status: 409 },
  PayloadTooLarge: { status: 413 },
  Unauthorized: { status: 401 },
  Forbidden: { status: 403 },
  UpstreamFailed: { status: 502 },
  Unavailable: { status: 503 },
  Internal: { status: 500 },
};

/** Seconds a harvester is asked to wait before retrying a 503. */
const RETRY_AFTER_SECONDS = 60;

/**
 * The last middleware of the OAI-PMH router: OAI errors go out as OAI-PMH error documents through
 * `sendOaiError`; anything else is logged and answered with a fixed text. An error after the first byte
 * of a streamed response cannot become an error document: the connection is closed instead.
 */
export function oaiErrorHandler(
  log: Logger,
  sendOaiError: (req: Request, res: Response, error: OaiPmhError) => void,
): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      // A harvester that hangs up mid-response is no server failure.
      const gone = (error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (gone) log.debug({ err: error }, 'OAI-PMH client left before the end of the response');
      else log.error({ err: error }, 'OAI-PMH response failed while streaming');
      res.destroy();
      return;
    }
    if (error instanceof OaiPmhError) {
      sendOaiError(req, res, error);
      return;
    }
    // express's body parser: a POST body that is too large or cannot be decoded.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendOaiError(req, res, new OaiPmhError('badArgument', 'the request body could not be read as form arguments'));
      return;
    }
    const mapped = error instanceof MeridianError ? oaiErrors[error.code] : { status: 500 };
    if ('oai' in mapped) {
      sendOaiError(req, res, new OaiPmhError(mapped.oai, (error as MeridianError).message));
      return;
    }
    if (mapped.status >= 500) log.error({ err: error }, 'OAI-PMH request failed');
    if (mapped.status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    challengeUnauthorized(res, mapped.status);
    const text = mapped.status >= 500 ? 'the server could not answer this request' : (error as MeridianError).message;
    res.status(mapped.status).type('text/plain').send(text);
  };
}
