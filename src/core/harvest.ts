import type { NativeFormat } from './nativeFormat.js';
import type { Logger } from 'pino';
import type { HttpClient } from './http/httpClient.js';
import type { JsonValue } from './json.js';
import type { StacRecord } from './stac.js';

/**
 * Harvesting as the core sees it: a harvester turns one source configuration into an async stream of
 * native documents; one shared runner (harvesters/runner) crosswalks, stores, checkpoints and retries.
 */

/** Where a harvester resumes: opaque to everyone but the harvester that produced it, stored as JSON. */
export type Checkpoint = { readonly [key: string]: JsonValue };


export interface HarvestedDocument {
  /** The record's identifier at the source (ISO fileIdentifier, OAI identifier, ESGF instance_id...). */
  readonly nativeId: string;
  readonly format: NativeFormat;
  /** The document as harvested; empty for a deletion. */
  readonly document: string;
  /** The source's own change date of the record, when it gives one. */
  readonly datestamp?: string;
  /** The source says the record was deleted (OAI-PMH `status="deleted"`). */
  readonly deleted: boolean;
  /** Valid once this and every earlier document is stored; harvesters put one on the last document of a page. */
  readonly checkpoint?: Checkpoint;
  /** How many documents the source says the listing holds, when it says (for progress only). */
  readonly total?: number;
  /** The document as the harvester already parsed it, for JSON formats (see `CrosswalkContext.parsed`). */
  readonly parsed?: JsonValue;
  /** What the source says of the record beside its native document (AERIS's record JSON), for its harvester's `enrich`. */
  readonly supplement?: JsonValue;
}

/** The change window of a run: `since` is the high-water mark of an incremental run, `until` the start of the pass. */
export interface HarvestWindow {
  readonly since?: string;
  readonly until: string;
}

export interface HarvestContext {
  readonly http: HttpClient;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly window: HarvestWindow;
}

export interface Harvester<S extends SourceConfig = SourceConfig> {
  readonly kind: S['kind'];
  /** The documents of the source, from the beginning or after `from`; throws `UpstreamFailed` on transport failures. */
  harvest(source: S, from: Checkpoint | undefined, ctx: HarvestContext): AsyncIterable<HarvestedDocument>;
  /**
   * Every native id the source holds now, for sources whose incremental runs cannot see deletions: a cheap
   * listing that the runner reconciles against the store after a complete run. Ends normally only when complete.
   */
  listIds?(source: S, ctx: HarvestContext): AsyncIterable<string>;
  /** Adds to a crosswalked record what the document's `supplement` has and the native document lacks. */
  enrich?(record: StacRecord, supplement: JsonValue): StacRecord;
}

/** The STAC collection a source's items belong to; created from these fields when missing. */
export interface TargetCollection {
  readonly id: string;
  readonly title?: string;
  readonly description?: string;
  readonly license?: string;
}

/** Per-source HTTP settings, over the client's defaults. */
export interface SourceHttpSettings {
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  /** Least time between two requests to the same host. */
  readonly minIntervalMs?: number;
  readonly concurrency?: number;
  readonly maxResponseBytes?: number;
}

interface SourceBase {
  /** The source's identifier: provenance of its records, key of its checkpoints and runs, CLI argument. */
  readonly id: string;
  readonly title?: string;
  readonly http?: SourceHttpSettings;
  /** Five-field cron expression in UTC: incremental runs while `meridian serve` runs. */
  readonly schedule?: string;
}

export interface OaiPmhSourceConfig extends SourceBase {
  readonly kind: 'oai-pmh';
  readonly url: string;
  readonly metadataPrefix: string;
  readonly set?: string;
  /** The repository's datestamp granularity (Identify); `from` is sent in it. */
  readonly granularity?: 'day' | 'second';
  /** Items (ISO granules) attach to it; dataset records become collections themselves. */
  readonly collection?: TargetCollection;
}

export interface CswSourceConfig extends SourceBase {
  readonly kind: 'csw';
  readonly url: string;
  readonly outputSchema?: 'iso19139' | 'iso19115-3' | 'csw-record';
  readonly pageSize?: number;
  /** The queryable of the incremental filter; `apiso:Modified` for ISO output, `dct:modified` for csw:Record. */
  readonly modifiedProperty?: string;
  /** Reconcile the identifier list (brief records) after complete incremental runs, tombstoning records gone. */
  readonly reconcile?: boolean;
  readonly collection?: TargetCollection;
}

/**
 * AERIS: its CSW (ISO 19139) read like any CSW source, its REST API's listing (`{api}/summaries`) for the
 * reconciliation of deletions and its record JSON (`{api}/{uuid}`) for what the ISO records lack.
 */
export interface AerisSourceConfig extends Omit<CswSourceConfig, 'kind'> {
  readonly kind: 'aeris';
  /** The REST API's metadata endpoint, default `https://api.sedoo.fr/aeris-catalogue-prod/metadata`. */
  readonly api?: string;
  /** Only this project's records in the listing (`summaries?project=`); empty: every record. */
  readonly project?: string;
  /** Read the record JSON of every harvested record (default true). */
  readonly enrich?: boolean;
}

export interface GeonetworkSourceConfig extends SourceBase {
  readonly kind: 'geonetwork';
  /** The catalogue's base URL, e.g. `https://data.ipsl.fr/catalog` (the search API is under `/srv/api`). */
  readonly url: string;
  readonly pageSize?: number;
  /** Only the records of this source catalogue (uuid), e.g. to leave out what the catalogue itself harvested. */
  readonly sourceCatalogue?: string;
  /** Reconcile the uuid list after complete incremental runs, tombstoning records gone from the catalogue. */
  readonly reconcile?: boolean;
  readonly collection?: TargetCollection;
}

export interface ThreddsSourceConfig extends SourceBase {
  readonly kind: 'thredds';
  /** The root catalog, e.g. `https://tds.example.org/thredds/catalog.xml` (never the .html page). */
  readonly url: string;
  /** catalogRefs deeper than this below the root are not followed. */
  readonly maxDepth?: number;
  /** The crawl stops following catalogRefs after this many catalogs. */
  readonly maxCatalogs?: number;
  readonly collection: TargetCollection;
}

export interface StacApiSourceConfig extends SourceBase {
  readonly kind: 'stac-api';
  /** The API's landing page URL. */
  readonly url: string;
  /** Upstream collections to search (`/search`), or one collection read through `/collections/{id}/items`. */
  readonly collections?: readonly string[];
  readonly endpoint?: 'search' | 'items';
  readonly method?: 'GET' | 'POST';
  readonly pageSize?: number;
  /** A STAC `datetime` interval restricting the harvest. */
  readonly datetime?: string;
  /** The server filters on `updated` with CQL2 (filter extension): incremental runs send `updated >= since`. */
  readonly updatedFilter?: boolean;
  readonly collection: TargetCollection;
}

export interface EsgfSourceConfig extends SourceBase {
  readonly kind: 'esgf';
  /** The index node's search endpoint, e.g. `https://esgf-node.ipsl.upmc.fr/esg-search/search`. */
  readonly url: string;
  /** Facet filters (`project: CMIP6`, `institution_id: [IPSL, CNRM-CERFACS]`). */
  readonly facets?: Readonly<Record<string, string | readonly string[]>>;
  readonly pageSize?: number;
  /** Also read each dataset's files (`type=File&dataset_id=...`) as assets. */
  readonly files?: boolean;
  /** Lower bound of a full run's `_timestamp` windows. */
  readonly start?: string;
  /** A `from`/`to` window holding more datasets than this is split in two. */
  readonly maxWindowRecords?: number;
  /** Reconcile the id list after complete incremental runs, tombstoning datasets gone from the index. */
  readonly reconcile?: boolean;
  readonly collection: TargetCollection;
}

export interface EsgfNgSourceConfig extends SourceBase {
  readonly kind: 'esgf-ng';
  /** The ESGF-NG STAC API's landing page URL. */
  readonly url: string;
  /** The upstream collection (`CMIP6`). */
  readonly upstreamCollection?: string;
  /** cmip6 facet filters, sent as CQL2 `in` on `properties.cmip6:<facet>`. */
  readonly facets?: Readonly<Record<string, string | readonly string[]>>;
  readonly pageSize?: number;
  readonly updatedFilter?: boolean;
  readonly collection: TargetCollection;
}

export type SourceConfig =
  | OaiPmhSourceConfig
  | CswSourceConfig
  | AerisSourceConfig
  | GeonetworkSourceConfig
  | ThreddsSourceConfig
  | StacApiSourceConfig
  | EsgfSourceConfig
  | EsgfNgSourceConfig;

export type SourceKind = SourceConfig['kind'];

/** JSON Schema of the members every source has; each harvester's `source.ts` adds its own. */
export const SOURCE_BASE_PROPERTIES = {
  id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 100 },
  title: { type: 'string' },
  http: {
    type: 'object',
    additionalProperties: false,
    properties: {
      timeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
      retries: { type: 'integer', minimum: 0, maximum: 20 },
      minIntervalMs: { type: 'integer', minimum: 0 },
      concurrency: { type: 'integer', minimum: 1, maximum: 64 },
      maxResponseBytes: { type: 'integer', minimum: 1024 },
    },
  },
  schedule: { type: 'string' },
} as const;

export const TARGET_COLLECTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', pattern: '^[^/\\\\?#\\u0000-\\u001f]+$', minLength: 1, maxLength: 1024 },
    title: { type: 'string' },
    description: { type: 'string' },
    license: { type: 'string' },
  },
} as const;

export const FACETS_SCHEMA = {
  type: 'object',
  additionalProperties: {
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
  },
} as const;
