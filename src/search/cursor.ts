import { createHash } from 'node:crypto';
import { MeridianError } from '../core/errors.js';

/**
 * Keyset pagination tokens: the sort values of the record a page ended (or began) at, bound to the
 * sort order they belong to. Opaque to clients; a token that was altered, or that belongs to another
 * order, is refused rather than silently giving a wrong page.
 */
export interface CursorState {
  readonly values: readonly unknown[];
}

function orderSignature(order: string): string {
  return createHash('sha256').update(order).digest('base64url').slice(0, 10);
}

export function encodeCursor(state: CursorState, order: string): string {
  return Buffer.from(JSON.stringify({ o: orderSignature(order), v: state.values })).toString('base64url');
}

export function decodeCursor(token: string, order: string, locator = 'token'): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const shape = parsed as { o?: unknown; v?: unknown } | undefined;
  if (!shape || typeof shape !== 'object' || !Array.isArray(shape.v) || typeof shape.o !== 'string') {
    throw new MeridianError('InvalidParameter', 'the paging token is not valid', { locator });
  }
  if (shape.o !== orderSignature(order)) {
    throw new MeridianError('InvalidParameter', 'the paging token belongs to another query order', { locator });
  }
  return { values: shape.v };
}
