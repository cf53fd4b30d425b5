import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { MeridianError, type ErrorCode } from '../core/errors.js';
import { challengeUnauthorized } from '../web/authentication.js';

/**
 * HTTP status of each core error code in Meridian's JSON APIs (STAC, harvest administration) and its
 * plain HTTP routes (file downloads, THREDDS catalogs); a new code fails to compile until mapped.
 */
export const jsonApiStatus: Readonly<Record<ErrorCode, number>> = {
  InvalidParameter: 400,
  MissingParameter: 400,
  UnsupportedOperation: 400,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  Unauthorized: 401,
  Forbidden: 403,
  UpstreamFailed: 502,
  Unavailable: 503,
  Internal: 500,
};

/** Errors raised by express's body parsers (malformed JSON, too large a body). */
function bodyParserError(error: unknown): MeridianError | undefined {
  const e = error as { type?: string; status?: number } | null;
  if (e?.type === 'entity.parse.failed') return new MeridianError('InvalidParameter', 'the request body is not valid JSON');
  if (e?.type === 'entity.too.large') return new MeridianError('PayloadTooLarge', 'the request body is too large');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new MeridianError('InvalidParameter', 'the request body could not be read');
  }
  return undefined;
}

/**
 * Renders every error of a JSON API as `{code, description}` with its status. Client mistakes say
 * what is wrong; anything unexpected is logged and answered with a fixed text, never a stack trace.
 */
export function jsonApiErrorHandler(log: Logger, api: string): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const known = error instanceof MeridianError ? error : bodyParserError(error);
    if (!known || known.code === 'Internal') {
      log.error({ err: error }, `${api} request failed`);
      res.status(500).json({ code: 'InternalServerError', description: 'the server could not answer this request' });
      return;
    }
    const status = jsonApiStatus[known.code];
    if (status >= 500) log.warn({ err: known }, `${api} request failed`);
    challengeUnauthorized(res, status);
    res.status(status).json({ code: known.code, description: known.message });
  };
}
