import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.js';
import { sql } from '../db/sql.js';

export type Role = 'reader' | 'curator' | 'admin';

export const ROLES: readonly Role[] = ['reader', 'curator', 'admin'];

export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly revoked: boolean;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** API tokens, kept only as SHA-256 hashes: the token itself is shown once, when it is created. */
export class TokenStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async create(name: string, role: Role): Promise<{ token: string; info: TokenInfo }> {
    const id = randomBytes(6).toString('hex');
    const token = `mrd_${id}_${randomBytes(24).toString('base64url')}`;
    const rows = await this.#db.query<{ created_at: string }>(sql`
      INSERT INTO api_tokens (id, name, role, token_hash) VALUES (${id}, ${name}, ${role}, ${hashToken(token)})
      RETURNING created_at`);
    return { token, info: { id, name, role, createdAt: String(rows[0]?.created_at), revoked: false } };
  }

  /** The role of a valid, unrevoked, unexpired token, or undefined. */
  async verify(token: string): Promise<{ id: string; role: Role } | undefined> {
    const rows = await this.#db.query<{ id: string; role: Role }>(sql`
      UPDATE api_tokens SET last_used_at = now()
      WHERE token_hash = ${hashToken(token)} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
      RETURNING id, role`);
    return rows[0];
  }

  async list(): Promise<TokenInfo[]> {
    const rows = await this.#db.query<{ id: string; name: string; role: Role; created_at: string; revoked_at: string | null }>(
      sql`SELECT id, name, role, created_at, revoked_at FROM api_tokens ORDER BY created_at`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, revoked: r.revoked_at !== null }));
  }

  async revoke(id: string): Promise<boolean> {
    const rows = await this.#db.query(sql`UPDATE api_tokens SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL RETURNING id`);
    return rows.length > 0;
  }
}
