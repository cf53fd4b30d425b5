import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MeridianError } from '../core/errors.js';
import { ROLES, type Role, type TokenStore } from '../store/tokenStore.js';

export interface Principal {
  readonly tokenId: string;
  readonly role: Role;
}

const principals = new WeakMap<Request, Principal>();
/** Requests that sent a token that is not valid (unknown, revoked or expired). */
const invalidTokens = new WeakSet<Request>();

/** The authenticated caller of a request, if it sent a valid token. */
export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}

/** Who a write is recorded as in the version history. */
export function actorOf(req: Request): string {
  const principal = principalOf(req);
  return principal ? `token:${principal.tokenId}` : 'anonymous';
}

/** Sets the challenge every 401 answer carries (RFC 6750), in whichever protocol's format the refusal goes out. */
export function challengeUnauthorized(res: Response, status: number): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
}

/** The API token a request sends (`Authorization: Bearer <token>`, or `X-API-Key`), if any. */
function tokenOf(req: IncomingMessage): string | undefined {
  const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const key = req.headers['x-api-key'];
  return bearer ?? (Array.isArray(key) ? key[0] : key);
}

/**
 * Whether a request may be answered without `authenticate` and `readAccess` (Meridian's listener
 * answers kept OPeNDAP documents before express): only when reads are public and it sends no token,
 * since a token that was sent must be checked, and refused when it is not valid.
 */
export function isAnonymousPublicRead(req: IncomingMessage, publicReads: boolean): boolean {
  return publicReads && !tokenOf(req);
}

/**
 * Reads `Authorization: Bearer <token>` (or `X-API-Key`) and remembers the caller's role. It never
 * answers by itself: each protocol refuses a bad token in its own error format (`readAccess`,
 * `requireRole`).
 */
export function authenticate(tokens: TokenStore): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const token = tokenOf(req);
    if (!token) {
      next();
      return;
    }
    tokens
      .verify(token)
      .then((found) => {
        if (found) principals.set(req, { tokenId: found.id, role: found.role });
        else invalidTokens.add(req);
        next();
      })
      .catch(next);
  };
}

function roleProblem(req: Request, role: Role): MeridianError | undefined {
  if (invalidTokens.has(req)) return new MeridianError('Unauthorized', 'the API token is not valid');
  const principal = principalOf(req);
  if (!principal) return new MeridianError('Unauthorized', 'this operation needs an API token (Authorization: Bearer <token>)');
  if (ROLES.indexOf(principal.role) < ROLES.indexOf(role)) {
    return new MeridianError('Forbidden', `this operation needs the ${role} role; the token has the ${principal.role} role`);
  }
  return undefined;
}

/** Refuses callers without a valid token (401) or with too small a role (403). */
export function requireRole(role: Role): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => next(roleProblem(req, role));
}

/**
 * The first middleware of every protocol: a token that was sent must be valid, and when reads are not
 * public every request needs the reader role.
 */
export function readAccess(publicReads: boolean): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (publicReads) next(invalidTokens.has(req) ? roleProblem(req, 'reader') : undefined);
    else next(roleProblem(req, 'reader'));
  };
}
