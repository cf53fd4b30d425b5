/**
 * DAP2 errors: `Error { code = N; message = "..."; };` with a 4xx/5xx status and
 * `Content-Description: dods_error`, which netCDF-Java looks for before parsing a body as data; for
 * DAP4 requests, `<Error httpcode>` XML.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { MeridianError, type ErrorCode } from '../../core/errors.js';
import { challengeUnauthorized } from '../../web/authentication.js';
import { escapeXml } from './dap4/renderDmr.js';
import { setDapHeaders } from './headers.js';

/** An error only DAP knows (libdap's codes); thrown only inside this folder. `message` is for the client. */
export class DapError extends Error {
  readonly code: number;
  readonly status: number;

  constructor(code: number, status: number, message: string) {
    super(message);
    this.name = 'DapError';
    this.code = code;
    this.status = status;
  }
}

/**
 * How each core error reaches a DAP client (libdap `Error.h`: 1001 unknown, 1002 internal, 1003 no
 * such file, 1005 malformed expression, 1006 no authorization, 1008 not implemented).
 */
export const dapErrors: Readonly<Record<ErrorCode, { readonly code: number; readonly status: number }>> = {
  InvalidParameter: { code: 1005, status: 400 },
  MissingParameter: { code: 1001, status: 400 },
  UnsupportedOperation: { code: 1008, status: 501 },
  NotFound: { code: 1003, status: 404 },
  Conflict: { code: 1001, status: 409 },
  // THREDDS refuses a response over its size limit with 403; clients report it as an access failure.
  PayloadTooLarge: { code: 1001, status: 403 },
  Unauthorized: { code: 1006, status: 401 },
  Forbidden: { code: 1006, status: 403 },
  UpstreamFailed: { code: 1002, status: 502 },
  Unavailable: { code: 1002, status: 503 },
  Internal: { code: 1002, status: 500 },
};

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function renderDapError(error: DapError): string {
  return `Error {\n    code = ${error.code};\n    message = ${quote(error.message)};\n};\n`;
}

export function toDapError(error: unknown): DapError | undefined {
  if (error instanceof DapError) return error;
  if (error instanceof MeridianError) {
    const mapped = dapErrors[error.code];
    // Internal messages may name server paths: the client gets a fixed text.
    const message = mapped.status >= 500 ? 'The server could not answer this request' : error.message;
    return new DapError(mapped.code, mapped.status, message);
  }
  return undefined;
}

/** DAP4's error document, for `.dmr` and `.dap` requests. */
export function renderDap4Error(error: DapError): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error httpcode="${error.status}">\n  <Message>${escapeXml(error.message)}</Message>\n</Error>\n`;
}

/** Marks a response as DAP4, so that an error is sent as DAP4's XML. */
export function markDap4(res: Response): void {
  (res.locals as { dap4?: boolean }).dap4 = true;
}

export function sendDapError(res: Response, error: DapError): void {
  setDapHeaders(res, 'dods_error');
  if ((res.locals as { dap4?: boolean }).dap4 === true) {
    res.status(error.status).type('application/vnd.opendap.dap4.error+xml').send(renderDap4Error(error));
    return;
  }
  res.status(error.status).type('text/plain').send(renderDapError(error));
}

/**
 * The last middleware of the OPeNDAP router. An error after the first byte of a streamed response
 * cannot become a DAP error: the connection is closed, and the client sees a read shorter than the
 * Content-Length it was given.
 */
export function dapErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    if (res.headersSent) {
      const gone = (error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (gone) log.debug({ err: error }, 'OPeNDAP client left before the end of the response');
      else log.error({ err: error }, 'OPeNDAP response failed while streaming');
      res.destroy();
      return;
    }
    const dap = toDapError(error);
    if (dap === undefined || dap.status >= 500) log.error({ err: error }, 'OPeNDAP request failed');
    const answer = dap ?? new DapError(1002, 500, 'The server could not answer this request');
    challengeUnauthorized(res, answer.status);
    sendDapError(res, answer);
  };
}
