import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { applyMergePatch } from './json.js';
import { MeridianError } from './errors.js';

export interface MeridianConfig {
  readonly server: { readonly host: string; readonly port: number; readonly publicUrl: string; readonly bodyLimit: string };
  readonly database: { readonly url: string; readonly dataDir: string; readonly poolSize: number };
  readonly catalogue: { readonly id: string; readonly title: string; readonly description: string };
  readonly stac: { readonly defaultLimit: number; readonly maxLimit: number; readonly countLimit: number; readonly countTimeoutMs: number };
  readonly oai: { readonly pageSize: number; readonly adminEmail: string };
  readonly auth: { readonly publicReads: boolean };
  /** Secrets come only from the environment, never from files. */
  readonly secrets: { readonly tokenSecret: string };
  readonly demo: { readonly enabled: boolean };
  /** Harvest sources, as written in the file; each harvester validates its own kind (harvesters/sources.ts). */
  readonly sources: readonly unknown[];
  /** Directories of NetCDF files published as catalogue collections, downloads and THREDDS catalogs. */
  readonly datasets: readonly DatasetRootConfig[];
  readonly opendap: { readonly maxResponseBytes: number; readonly hdf5Workers?: number };
  readonly log: { readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
}

export interface DatasetRootConfig {
  /** The first segment of the root's URLs and the id of its collection. */
  readonly name: string;
  readonly path: string;
  /** The collection id, when not the name. */
  readonly collection?: string;
  readonly title?: string;
}

const DEFAULT_FILE = fileURLToPath(new URL('../../config/default.yaml', import.meta.url));

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['server', 'database', 'catalogue', 'stac', 'oai', 'auth', 'secrets', 'demo', 'log', 'opendap'],
  properties: {
    server: {
      type: 'object',
      additionalProperties: false,
      required: ['host', 'port', 'publicUrl', 'bodyLimit'],
      properties: {
        host: { type: 'string' },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        publicUrl: { type: 'string' },
        bodyLimit: { type: 'string' },
      },
    },
    database: {
      type: 'object',
      additionalProperties: false,
      required: ['url', 'dataDir', 'poolSize'],
      properties: {
        url: { type: 'string' },
        dataDir: { type: 'string' },
        poolSize: { type: 'integer', minimum: 1 },
      },
    },
    catalogue: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title', 'description'],
      properties: { id: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' } },
    },
    stac: {
      type: 'object',
      additionalProperties: false,
      required: ['defaultLimit', 'maxLimit', 'countLimit', 'countTimeoutMs'],
      properties: {
        defaultLimit: { type: 'integer', minimum: 1 },
        maxLimit: { type: 'integer', minimum: 1 },
        countLimit: { type: 'integer', minimum: 0 },
        countTimeoutMs: { type: 'integer', minimum: 1 },
      },
    },
    oai: {
      type: 'object',
      additionalProperties: false,
      required: ['pageSize', 'adminEmail'],
      properties: { pageSize: { type: 'integer', minimum: 1, maximum: 10000 }, adminEmail: { type: 'string' } },
    },
    secrets: {
      type: 'object',
      additionalProperties: false,
      required: ['tokenSecret'],
      properties: { tokenSecret: { type: 'string' } },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      required: ['publicReads'],
      properties: { publicReads: { type: 'boolean' } },
    },
    demo: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled'],
      properties: { enabled: { type: 'boolean' } },
    },
    sources: { type: 'array', items: { type: 'object' } },
    opendap: {
      type: 'object',
      additionalProperties: false,
      required: ['maxResponseBytes'],
      properties: { maxResponseBytes: { type: 'integer', minimum: 1 }, hdf5Workers: { type: 'integer', minimum: 1, maximum: 64 } },
    },
    datasets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'path'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
          path: { type: 'string', minLength: 1 },
          collection: { type: 'string', minLength: 1 },
          title: { type: 'string' },
        },
      },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      required: ['level'],
      properties: { level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] } },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(schema);

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new MeridianError('InvalidParameter', `cannot read configuration file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function envOverrides(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const set = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const port = set(env.PORT);
  const demo = set(env.MERIDIAN_DEMO);
  return {
    server: { port: port === undefined ? undefined : Number(port), publicUrl: set(env.MERIDIAN_PUBLIC_URL) },
    database: { url: set(env.DATABASE_URL), dataDir: set(env.MERIDIAN_DATA_DIR) },
    demo: { enabled: demo === undefined ? undefined : !/^(false|0|no|off)$/i.test(demo) },
    log: { level: set(env.LOG_LEVEL) },
    secrets: { tokenSecret: env.MERIDIAN_TOKEN_SECRET ?? '' },
  };
}

/** Drops undefined members so that an unset variable does not override a file's value. */
function defined(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, defined(v)]),
  );
}

/**
 * Merges `config/default.yaml`, then the file given with `--config`, then the environment, validates
 * the result against one schema (each error with its path) and freezes it.
 */
export function loadConfig(args: { file?: string; env: Readonly<Record<string, string | undefined>> }): MeridianConfig {
  let merged = readYaml(DEFAULT_FILE);
  if (args.file) {
    const file = readYaml(args.file);
    if (typeof file === 'object' && file !== null && 'secrets' in file) {
      throw new MeridianError('InvalidParameter', `${args.file}: secrets are read from the environment only (MERIDIAN_TOKEN_SECRET)`);
    }
    merged = applyMergePatch(merged, file);
  }
  merged = applyMergePatch(merged, defined(envOverrides(args.env)));
  if (!validate(merged)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
    throw new MeridianError('InvalidParameter', `invalid configuration: ${problems.join('; ')}`);
  }
  return deepFreeze(merged) as MeridianConfig;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
