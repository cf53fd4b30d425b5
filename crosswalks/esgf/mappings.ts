/**
 * Tables of the ESGF crosswalks: Solr facet names → cmip6 STAC extension v3.0.2 fields, access services →
 * asset protocols and roles, checksum types → multihash prefixes, and the extension URLs.
 */

export const CMIP6_EXTENSION = 'https://stac-extensions.github.io/cmip6/v3.0.2/schema.json';
export const FILE_EXTENSION = 'https://stac-extensions.github.io/file/v2.1.0/schema.json';
export const ALTERNATE_EXTENSION = 'https://stac-extensions.github.io/alternate-assets/v1.2.0/schema.json';

/** Matches any version of the cmip6 extension URL; group 1 is the version. */
export const CMIP6_EXTENSION_PATTERN = /^https:\/\/stac-extensions\.github\.io\/cmip6\/v(\d+\.\d+\.\d+)\/schema\.json$/;

export type Cmip6Kind = 'string' | 'array';

/**
 * Every item field of cmip6 v3.0.2 (the schema forbids any other `cmip6:` property), with its JSON type
 * and the esg-search facet it comes from when the names differ.
 */
export const CMIP6_FIELDS: Readonly<Record<string, { readonly kind: Cmip6Kind; readonly solr: string }>> = {
  'cmip6:activity_id': { kind: 'array', solr: 'activity_id' },
  'cmip6:conventions': { kind: 'array', solr: 'Conventions' },
  'cmip6:data_specs_version': { kind: 'string', solr: 'data_specs_version' },
  'cmip6:experiment': { kind: 'string', solr: 'experiment_title' },
  'cmip6:experiment_id': { kind: 'string', solr: 'experiment_id' },
  'cmip6:forcing_index': { kind: 'string', solr: 'forcing_index' },
  'cmip6:frequency': { kind: 'string', solr: 'frequency' },
  'cmip6:grid': { kind: 'string', solr: 'grid' },
  'cmip6:grid_label': { kind: 'string', solr: 'grid_label' },
  'cmip6:initialization_index': { kind: 'string', solr: 'initialization_index' },
  'cmip6:institution': { kind: 'string', solr: 'institution' },
  'cmip6:institution_id': { kind: 'string', solr: 'institution_id' },
  'cmip6:license': { kind: 'string', solr: 'license' },
  'cmip6:member_id': { kind: 'string', solr: 'member_id' },
  'cmip6:nominal_resolution': { kind: 'string', solr: 'nominal_resolution' },
  'cmip6:physics_index': { kind: 'string', solr: 'physics_index' },
  'cmip6:pid': { kind: 'string', solr: 'pid' },
  'cmip6:product': { kind: 'string', solr: 'product' },
  'cmip6:realization_index': { kind: 'string', solr: 'realization_index' },
  'cmip6:realm': { kind: 'array', solr: 'realm' },
  'cmip6:source': { kind: 'string', solr: 'source' },
  'cmip6:source_id': { kind: 'string', solr: 'source_id' },
  'cmip6:source_type': { kind: 'array', solr: 'source_type' },
  'cmip6:sub_experiment': { kind: 'string', solr: 'sub_experiment' },
  'cmip6:sub_experiment_id': { kind: 'string', solr: 'sub_experiment_id' },
  'cmip6:table_id': { kind: 'string', solr: 'table_id' },
  'cmip6:variable_cf_standard_name': { kind: 'string', solr: 'cf_standard_name' },
  'cmip6:variable_id': { kind: 'string', solr: 'variable_id' },
  'cmip6:variable_long_name': { kind: 'string', solr: 'variable_long_name' },
  'cmip6:variable_units': { kind: 'string', solr: 'variable_units' },
  'cmip6:variant_label': { kind: 'string', solr: 'variant_label' },
};

/** Item properties cmip6 v3.0.2 requires (besides a `cite-as` link and `collection` = CMIP6). */
export const CMIP6_REQUIRED = [
  'created',
  'updated',
  'start_datetime',
  'end_datetime',
  'latest',
  'retracted',
  'size',
  'cmip6:activity_id',
  'cmip6:data_specs_version',
  'cmip6:experiment_id',
  'cmip6:frequency',
  'cmip6:grid_label',
  'cmip6:institution_id',
  'cmip6:member_id',
  'cmip6:nominal_resolution',
  'cmip6:pid',
  'cmip6:product',
  'cmip6:realm',
  'cmip6:source_id',
  'cmip6:source_type',
  'cmip6:sub_experiment_id',
  'cmip6:table_id',
  'cmip6:variable_cf_standard_name',
  'cmip6:variable_id',
  'cmip6:variable_long_name',
  'cmip6:variable_units',
  'cmip6:variant_label',
] as const;

/** The dataset id pattern cmip6 v3.0.2 imposes on item ids (CMIP6 DRS plus version). */
export const CMIP6_ITEM_ID = /^CMIP6(\.[A-Za-z0-9-]+){8}\.v[0-9]{8}$/;
export const CMIP6_TRACKING_ID = /^hdl:21\.14100\/[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
export const CMIP6_CITATION_URL = /^https?:\/\/cera-www\.dkrz\.de\/WDCC\/meta\/CMIP6\/.*$/;
export const CMIP6_FURTHER_INFO_URL = /^https?:\/\/furtherinfo\.es-doc\.org\/CMIP6.*$/;

/** Asset protocols the cmip6 extension allows. */
export type AssetProtocol = 'http' | 'https' | 'globus' | 'gridftp' | 'opendap';

/** How each esg-search access service becomes an asset; the key is the service name, lower case. */
export const ACCESS_SERVICES: Readonly<
  Record<string, { readonly suffix: string; readonly title: string; readonly roles: readonly string[]; readonly bytes: boolean }>
> = {
  // `bytes`: the URL serves the file itself, so its size and checksum describe it.
  httpserver: { suffix: '', title: 'HTTPServer', roles: ['data'], bytes: true },
  opendap: { suffix: '#opendap', title: 'OPeNDAP', roles: ['data'], bytes: false },
  gridftp: { suffix: '#gridftp', title: 'GridFTP', roles: ['data'], bytes: true },
};

/** Multihash prefixes (function code + digest length, hex) per esg-search `checksum_type`. */
export const MULTIHASH_PREFIX: Readonly<Record<string, { readonly prefix: string; readonly hexLength: number }>> = {
  SHA256: { prefix: '1220', hexLength: 64 },
  MD5: { prefix: 'd50110', hexLength: 32 },
  SHA1: { prefix: '1114', hexLength: 40 },
  SHA512: { prefix: '1340', hexLength: 128 },
};

/**
 * Solr fields consumed by the crosswalk itself, or internal to the index (score, Solr version, templates,
 * the replica-specific `id`, the `geo` envelopes that repeat the *_degrees values). Every other field of a
 * Dataset document is kept, under `esgf:`, unless the cmip6 extension has a place for it.
 */
export const CONSUMED_FIELDS: ReadonlySet<string> = new Set([
  '_timestamp',
  '_version_',
  'access',
  'checksum',
  'checksum_type',
  'citation_url',
  'data_node',
  'dataset_id',
  'dataset_id_template_',
  'datetime_end',
  'datetime_start',
  'datetime_stop',
  'directory_format_template_',
  'east_degrees',
  'further_info_url',
  'geo',
  'id',
  'instance_id',
  'latest',
  'master_id',
  'metadata_format',
  'north_degrees',
  'project',
  'replica',
  'retracted',
  'score',
  'size',
  'south_degrees',
  'timestamp',
  'title',
  'tracking_id',
  'type',
  'url',
  'version',
  'west_degrees',
  'xlink',
]);

/**
 * ESGF west/east_degrees are the outermost grid-cell centres, so a global 0..360 grid reports e.g.
 * 0..358.75. A span this close to 360 degrees (coarser than any CMIP grid step) is the whole globe.
 */
export const GLOBAL_SPAN_DEGREES = 355;
