import type { Logger } from 'pino';
import type { MeridianConfig } from '../core/config.js';
import type { Database } from '../db/database.js';
import type { SearchBackend } from '../search/backend.js';
import type { RecordStore } from '../store/recordStore.js';
import type { TokenStore } from '../store/tokenStore.js';

/** What the server hands every protocol adapter. Adapters never open connections or read config files. */
export interface ProtocolDeps {
  readonly search: SearchBackend;
  readonly store: RecordStore;
  readonly tokens: TokenStore;
  /** Only for the store's read helpers that take it (property sampling); adapters never write SQL. */
  readonly db: Database;
  readonly config: MeridianConfig;
  readonly log: Logger;
}
