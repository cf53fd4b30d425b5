import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MeridianError } from '../core/errors.js';
import { ROLES, type Role, type TokenStore } from '../store/tokenStore.js';

export interface Principal {
  readonly tokenId: string;
  readonly role: Role;
}

const principals = new WeakMap<Request, Principal>();

/** The authenticated caller of a request, if it sent a valid token. */
export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}

/** Who a write is recorded as in the version history. */
export function actorOf(req: Request): string {
  const principal = principalOf(req);
  return principal ? `token:${principal.tokenId}` : 'anonymous';
}

/**
 * Reads `Authorization: Bearer <token>` (or `X-API-Key`) and remembers the caller's role.
 * A token that is sent but not valid is refused with 401, whatever the route.
 */
export function authenticate(tokens: TokenStore): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? req.get('x-api-key');
    if (!token) {
      next();
      return;
    }
    tokens
      .verify(token)
      .then((found) => {
        if (!found) throw new MeridianError('Unauthorized', 'the API token is not valid');
        principals.set(req, { tokenId: found.id, role: found.role });
        next();
      })
      .catch(next);
  };
}

/** Refuses callers without a token (401) or with too small a role (403). */
export function requireRole(role: Role): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const principal = principalOf(req);
    if (!principal) {
      next(new MeridianError('Unauthorized', 'this operation needs an API token (Authorization: Bearer <token>)'));
    } else if (ROLES.indexOf(principal.role) < ROLES.indexOf(role)) {
      next(new MeridianError('Forbidden', `this operation needs the ${role} role; the token has the ${principal.role} role`));
    } else {
      next();
    }
  };
}
