import { createHmac, timingSafeEqual } from 'node:crypto';
import { isOaiPrefix, type OaiPrefix } from './formats.js';
import { OaiPmhError } from './errors.js';
import type { ListPosition } from './toSearch.js';

/**
 * Stateless resumption tokens: everything needed to continue a list is in the token, signed with an
 * HMAC so that it cannot be altered. No server-side state means no expiry, any server sharing the key
 * can continue any list, and repeating a token repeats its page (modulo changes). Tokens signed with
 * another key (another server, or this one before a restart with a per-process key) are refused as
 * badResumptionToken, and the harvester starts over.
 */
export interface OaiListState {
  readonly verb: 'ListRecords' | 'ListIdentifiers';
  readonly prefix: OaiPrefix;
  readonly from?: string;
  /** Frozen at the first request of the list. */
  readonly until: string;
  /** The setSpec as the harvester gave it. */
  readonly set?: string;
  readonly position: ListPosition;
  /** Records returned before this page. */
  readonly cursor: number;
  readonly completeListSize?: number;
}

export interface OaiSetsState {
  readonly verb: 'ListSets';
  /** The last setSpec returned (sets are listed in setSpec order). */
  readonly after: string;
  readonly cursor: number;
  readonly completeListSize: number;
}

export type OaiTokenState = OaiListState | OaiSetsState;

const MAC_BYTES = 16;

function mac(payload: string, key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
}

export function encodeToken(state: OaiTokenState, key: Uint8Array): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `${payload}.${mac(payload, key).toString('base64url')}`;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';
const optional = <T>(v: unknown, check: (x: unknown) => x is T): boolean => v === undefined || check(v);

function isPosition(v: unknown): v is ListPosition {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (p.phase === 'collections' || p.phase === 'items') && optional(p.after, isText);
}

/** Checks the shape of a verified payload too: a token is never trusted further than it was written. */
function asState(value: unknown): OaiTokenState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  if (s.verb === 'ListSets') {
    return isText(s.after) && isCount(s.cursor) && isCount(s.completeListSize) ? (value as OaiSetsState) : undefined;
  }
  const list =
    (s.verb === 'ListRecords' || s.verb === 'ListIdentifiers') &&
    typeof s.prefix === 'string' && isOaiPrefix(s.prefix) &&
    optional(s.from, isText) && isText(s.until) && optional(s.set, isText) &&
    isPosition(s.position) && isCount(s.cursor) && optional(s.completeListSize, isCount);
  return list ? (value as OaiListState) : undefined;
}

/** The state a token carries; a token that was altered, forged or cut is badResumptionToken. */
export function decodeToken(token: string, key: Uint8Array): OaiTokenState {
  const invalid = () => new OaiPmhError('badResumptionToken', 'the resumptionToken is not valid: start the list again without it');
  const [payload, signature, extra] = token.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) throw invalid();
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(payload, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const state = asState(parsed);
  if (!state) throw invalid();
  return state;
}
