import type { ErrorRequestHandler } from 'express';
import { MeridianError } from '../core/errors.js';
import { jsonApiStatus } from '../protocols/jsonApiErrors.js';
import { challengeUnauthorized } from './authentication.js';

/** A request for a path that is refused: 400 for traversal attempts, 404 for what is not published. */
export class PathRefused extends Error {
  readonly status: 400 | 404;
  constructor(status: 400 | 404, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * The last middleware of the plain HTTP routes (file downloads, THREDDS catalogs): a refused path, or a
 * client-side core error such as readAccess's refusal, goes out as its status with a text/plain message;
 * anything else goes on to express.
 */
export function plainErrorHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    const status = error instanceof PathRefused ? error.status : error instanceof MeridianError ? jsonApiStatus[error.code] : 500;
    if (status >= 500 || res.headersSent) {
      next(error);
      return;
    }
    challengeUnauthorized(res, status);
    res.status(status).type('text/plain').send((error as Error).message);
  };
}
