/**
 * One error type inside Meridian. Each protocol maps `code` to its own error
 * format at its edge (STAC JSON, OWS ExceptionReport, OAI-PMH codes, DAP Error).
 * `message` is written for the client; internals go in `cause` and are only logged.
 */
export type ErrorCode =
  | 'InvalidParameter'
  | 'MissingParameter'
  | 'UnsupportedOperation'
  | 'NotFound'
  | 'Conflict'
  | 'PayloadTooLarge'
  | 'Unauthorized'
  | 'Forbidden'
  | 'UpstreamFailed'
  | 'Unavailable'
  | 'Internal';

export class MeridianError extends Error {
  readonly code: ErrorCode;
  /** The offending parameter (OWS locator, OAI argument, STAC parameter). */
  readonly locator?: string;

  constructor(code: ErrorCode, message: string, options?: { locator?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MeridianError';
    this.code = code;
    if (options?.locator !== undefined) this.locator = options.locator;
  }
}

export function invalidParameter(locator: string, message: string, cause?: unknown): MeridianError {
  return new MeridianError('InvalidParameter', message, { locator, cause });
}

export function assertNever(value: never, what = 'value'): never {
  throw new MeridianError('Internal', `unexpected ${what}: ${JSON.stringify(value)}`);
}
