import { MeridianError } from '../core/errors.js';

/** SQLSTATE codes become Meridian errors in one place; anything unknown is an internal error. */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof MeridianError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case '23505':
      return new MeridianError('Conflict', 'a record with this identifier already exists', { cause: error });
    case '23503':
      return new MeridianError('NotFound', 'a referenced record does not exist', { cause: error });
    case '57014':
      return new MeridianError('Unavailable', 'the query took too long', { cause: error });
    case '22P02':
    case '22007':
    case '22008':
      return new MeridianError('InvalidParameter', 'a value has the wrong type or format', { cause: error });
    default:
      return error;
  }
}
