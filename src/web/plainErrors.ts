import type { ErrorRequestHandler } from 'express';
import { MeridianError } from '../core/errors.js';
import { jsonApiStatus } from '../protocols/jsonApiErrors.js';

/**
 * The last middleware of the plain HTTP routes (file downloads, THREDDS catalogs): a client-side core
 * error, such as readAccess's refusal, goes out as its status with a text/plain message, as these
 * routes answer a refused path; anything else goes on to express.
 */
export function plainErrorHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    const status = error instanceof MeridianError ? jsonApiStatus[error.code] : 500;
    if (status >= 500 || res.headersSent) {
      next(error);
      return;
    }
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    res.status(status).type('text/plain').send((error as MeridianError).message);
  };
}
