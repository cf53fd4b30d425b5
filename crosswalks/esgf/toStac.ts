import { bboxGeometry, normalizeBbox } from '../../src/core/bbox.js';
import { STAC_VERSION, type BBox, type StacAsset, type StacItem, type StacLink } from '../../src/core/stac.js';
import { CrosswalkError, type CrosswalkContext, type CrosswalkResult, type CrosswalkWarning } from '../crosswalk.js';
import { toRfc3339 } from '../time/dates.js';
import { citationLink, furtherInfoLink, withEsgfExtensions, type Cmip6Values } from './cmip6Extension.js';
import {
  ACCESS_SERVICES,
  CMIP6_FIELDS,
  CMIP6_TRACKING_ID,
  CONSUMED_FIELDS,
  GLOBAL_SPAN_DEGREES,
  MULTIHASH_PREFIX,
  type AssetProtocol,
} from './mappings.js';
import { mergeReplicas } from './mergeReplicas.js';
import {
  firstString,
  lenientBoolean,
  lenientNumber,
  readSolrDocs,
  splitEsgfId,
  stringList,
  versionText,
  type SolrDoc,
} from './solrDoc.js';

/**
 * esg-search (Solr JSON) → STAC, following the ESGF-NG model: one Item per dataset version (id =
 * `instance_id`, never the replica-specific `id`), File documents become assets of their dataset's item
 * (key = file name), and the copies held by other data nodes become alternate assets (`mergeReplicas`).
 * A File document whose Dataset document is not at hand still yields its dataset's item, built from the
 * dataset facets every File document repeats; merging it with the Dataset item later is `mergeReplicas`.
 */

/** One esg-search document, with where it sits in the input for warnings. */
interface Located {
  readonly doc: SolrDoc;
  readonly path: string;
}

/** The documents of one dataset version on one data node. */
interface DatasetCopy {
  readonly instanceId: string;
  readonly dataNode: string | undefined;
  dataset?: Located;
  readonly files: Located[];
}

/** Documents of a `fl=id,latest,retracted` listing carry nothing else: they feed reconciliation, not items. */
function isIdListing(doc: SolrDoc): boolean {
  return Object.keys(doc).every((k) => k === 'id' || k === 'latest' || k === 'retracted' || k === 'score' || k === '_version_');
}

function docKind(doc: SolrDoc): 'Dataset' | 'File' | 'other' {
  const type = firstString(doc, 'type');
  if (type === 'Dataset' || type === 'File') return type;
  if (type !== undefined) return 'other';
  return typeof doc.dataset_id === 'string' ? 'File' : 'Dataset';
}

function groupCopies(located: readonly Located[], warnings: CrosswalkWarning[]): DatasetCopy[] {
  const copies = new Map<string, DatasetCopy>();
  const copyOf = (instanceId: string, dataNode: string | undefined): DatasetCopy => {
    const key = `${instanceId}|${dataNode ?? ''}`;
    let copy = copies.get(key);
    if (!copy) {
      copy = { instanceId, dataNode, files: [] };
      copies.set(key, copy);
    }
    return copy;
  };
  let listed = 0;
  for (const entry of located) {
    const { doc, path } = entry;
    if (isIdListing(doc)) {
      listed += 1;
      continue;
    }
    const kind = docKind(doc);
    const fromId = typeof doc.id === 'string' ? splitEsgfId(doc.id) : undefined;
    const dataNode = firstString(doc, 'data_node') ?? fromId?.dataNode;
    if (kind === 'other') {
      warnings.push({ path: `${path}.type`, kind: 'unsupported', detail: `esg-search ${firstString(doc, 'type')} documents are not mapped` });
    } else if (kind === 'Dataset') {
      const instanceId = firstString(doc, 'instance_id') ?? fromId?.instanceId;
      if (instanceId === undefined) {
        warnings.push({ path, kind: 'missing', detail: 'a Dataset document without instance_id or id was skipped' });
        continue;
      }
      const copy = copyOf(instanceId, dataNode);
      if (copy.dataset) warnings.push({ path, kind: 'dropped', detail: `a second Dataset document for ${instanceId} on ${dataNode ?? 'an unnamed node'}` });
      else copy.dataset = entry;
    } else {
      const parent = typeof doc.dataset_id === 'string' ? splitEsgfId(doc.dataset_id).instanceId : undefined;
      if (parent === undefined) {
        warnings.push({ path, kind: 'missing', detail: 'a File document without dataset_id was skipped' });
        continue;
      }
      copyOf(parent, dataNode).files.push(entry);
    }
  }
  if (listed > 0) {
    warnings.push({ path: 'response.docs', kind: 'dropped', detail: `${listed} documents of an id listing (id, latest, retracted) carry no record; see readIdListing` });
  }
  return [...copies.values()];
}

// ---------------------------------------------------------------- spatial and temporal extent

/**
 * A bbox from ESGF longitudes, which may be on a 0..360 grid and are grid-cell centres: a span within
 * one coarse grid step of 360 degrees is the whole globe.
 */
export function esgfBox(w: number, s: number, e: number, n: number): BBox {
  if (e - w >= GLOBAL_SPAN_DEGREES) return [-180, s, 180, n];
  return normalizeBbox([w, s, e, n]);
}

function esgfBbox(doc: SolrDoc, path: string, warnings: CrosswalkWarning[]): BBox | undefined {
  const w = lenientNumber(doc.west_degrees);
  const s = lenientNumber(doc.south_degrees);
  const e = lenientNumber(doc.east_degrees);
  const n = lenientNumber(doc.north_degrees);
  const given = [w, s, e, n].filter((v) => v !== undefined).length;
  if (w === undefined || s === undefined || e === undefined || n === undefined) {
    if (given > 0) warnings.push({ path, kind: 'dropped', detail: `only ${given} of west/south/east/north_degrees: no geometry` });
    return undefined;
  }
  if (s > n || s < -90 || n > 90) {
    warnings.push({ path, kind: 'malformed', detail: `latitudes south ${s} / north ${n} are not a box: no geometry` });
    return undefined;
  }
  return esgfBox(w, s, e, n);
}

/** The time range in a CMIP-style file name (`..._185001-201412.nc`), as partial ISO dates. */
const FILE_TIME_RANGE = /_(\d{4,14})-(\d{4,14})(?:-clim)?\.nc$/;

function compactToIso(digits: string): string {
  const date = `${digits.slice(0, 4)}${digits.length > 4 ? `-${digits.slice(4, 6)}` : ''}${digits.length > 6 ? `-${digits.slice(6, 8)}` : ''}`;
  if (digits.length <= 8) return date;
  const hh = digits.slice(8, 10);
  const mm = digits.length > 10 ? digits.slice(10, 12) : '00';
  const ss = digits.length > 12 ? digits.slice(12, 14) : '00';
  return `${date}T${hh}:${mm}:${ss}Z`;
}

function fileTimeRange(name: string): [string, string] | undefined {
  const m = FILE_TIME_RANGE.exec(name);
  if (!m) return undefined;
  const start = toRfc3339(compactToIso(m[1] as string), 'start');
  const end = toRfc3339(compactToIso(m[2] as string), 'end');
  return start && end ? [start, end] : undefined;
}

interface TimeFields {
  readonly datetime: string | null;
  readonly start_datetime?: string;
  readonly end_datetime?: string;
}

function timeFields(copy: DatasetCopy, created: string | undefined, path: string, warnings: CrosswalkWarning[]): TimeFields | undefined {
  let start: string | undefined;
  let end: string | undefined;
  const dataset = copy.dataset?.doc;
  if (dataset) {
    start = toRfc3339(firstString(dataset, 'datetime_start'), 'start');
    end = toRfc3339(firstString(dataset, 'datetime_stop') ?? firstString(dataset, 'datetime_end'), 'end');
  } else {
    for (const { doc } of copy.files) {
      const range = fileTimeRange(fileName(doc));
      if (!range) continue;
      if (start === undefined || range[0] < start) start = range[0];
      if (end === undefined || range[1] > end) end = range[1];
    }
  }
  if (start !== undefined && end !== undefined) return { datetime: null, start_datetime: start, end_datetime: end };
  const single = start ?? end;
  if (single !== undefined) {
    warnings.push({ path, kind: 'missing', detail: 'only one end of the time range is known' });
    return { datetime: single };
  }
  if (created !== undefined) {
    warnings.push({ path, kind: 'defaulted', detail: 'no time range: datetime is the index timestamp' });
    return { datetime: created };
  }
  return undefined;
}

// ---------------------------------------------------------------- assets

function fileName(doc: SolrDoc): string {
  const title = firstString(doc, 'title');
  if (title !== undefined) return title;
  const instance = firstString(doc, 'instance_id') ?? '';
  const nc = /[^.]+\.nc$/.exec(instance);
  return nc ? nc[0] : instance;
}

/** Hex digest → multihash hex (`1220…` for SHA256, `d50110…` for MD5), as the file extension wants. */
export function toMultihash(type: string, digest: string): string | undefined {
  const spec = MULTIHASH_PREFIX[type.toUpperCase().replace(/[^A-Z0-9]/g, '')];
  const hex = digest.trim().toLowerCase();
  if (!spec || hex.length !== spec.hexLength || !/^[0-9a-f]+$/.test(hex)) return undefined;
  return `${spec.prefix}${hex}`;
}

/** `globus:{endpoint}/{path}` → the Globus web app on the file's directory (what ESGF-NG links to). */
function globusWebApp(url: string): string | undefined {
  const m = /^globus:([0-9a-fA-F-]{36})\/(.*)$/.exec(url);
  if (!m) return undefined;
  const path = m[2] as string;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  return `https://app.globus.org/file-manager?origin_id=${m[1]}&origin_path=/${dir}`;
}

const LOCAL_PATH = /^[^\r\n\t\\:'"/]+(\/[^\r\n\t\\:'"/]+)*\/?$/;

interface AccessUrl {
  readonly href: string;
  readonly mime: string | undefined;
  readonly service: string;
}

function parseAccessUrl(entry: string): AccessUrl | undefined {
  const [href, mime, service] = entry.split('|');
  if (!href || !service) return undefined;
  return { href: href.trim(), mime: mime?.trim() || undefined, service: service.trim() };
}

function protocolOf(href: string, service: string): AssetProtocol {
  if (service === 'httpserver') return href.startsWith('https:') ? 'https' : 'http';
  return service === 'gridftp' ? 'gridftp' : 'opendap';
}

function fileAssets(
  located: Located,
  node: string | undefined,
  cmip6: boolean,
  assets: Record<string, StacAsset>,
  warnings: CrosswalkWarning[],
): void {
  const { doc, path } = located;
  const name = fileName(doc);
  const created = toRfc3339(firstString(doc, 'timestamp') ?? firstString(doc, '_timestamp'));
  const size = lenientNumber(doc.size);
  const digest = firstString(doc, 'checksum');
  const checksumType = firstString(doc, 'checksum_type') ?? 'SHA256';
  const checksum = digest === undefined ? undefined : toMultihash(checksumType, digest);
  if (digest !== undefined && checksum === undefined) {
    warnings.push({ path: `${path}.checksum`, kind: 'malformed', detail: `not a ${checksumType} hex digest: ${digest}` });
  }
  const localPath = firstString(doc, 'publish_path');
  const tracking = firstString(doc, 'tracking_id');
  const trackingField = cmip6 && tracking !== undefined && CMIP6_TRACKING_ID.test(tracking) ? 'cmip6:tracking_id' : 'esgf:tracking_id';
  for (const [i, entry] of stringList(doc, 'url').entries()) {
    const url = parseAccessUrl(entry);
    const service = url?.service.toLowerCase();
    if (!url || service === undefined) {
      warnings.push({ path: `${path}.url[${i}]`, kind: 'malformed', detail: `not "href|mime|service": ${entry}` });
      continue;
    }
    if (service === 'globus') {
      const href = globusWebApp(url.href);
      if (href === undefined) warnings.push({ path: `${path}.url[${i}]`, kind: 'malformed', detail: `not a globus:{endpoint}/{path} URL: ${url.href}` });
      else if (!assets.globus) {
        assets.globus = {
          href,
          type: 'text/html',
          title: 'Globus',
          roles: ['data'],
          protocol: 'globus',
          ...(created === undefined ? {} : { created }),
          ...(node === undefined ? {} : { 'alternate:name': node }),
        };
      }
      continue;
    }
    const spec = ACCESS_SERVICES[service];
    if (!spec) {
      warnings.push({ path: `${path}.url[${i}]`, kind: 'unsupported', detail: `access service ${url.service} is not mapped` });
      continue;
    }
    // OPeNDAP URLs in esg-search point at the HTML form; the data URL is without `.html`.
    const href = service === 'opendap' ? url.href.replace(/\.html$/, '') : url.href;
    assets[`${name}${spec.suffix}`] = {
      href,
      ...(service === 'httpserver' && url.mime !== undefined ? { type: url.mime } : {}),
      title: spec.suffix === '' ? name : `${name} (${spec.title})`,
      roles: spec.roles,
      protocol: protocolOf(href, service),
      ...(created === undefined ? {} : { created }),
      ...(spec.bytes && size !== undefined ? { 'file:size': size } : {}),
      ...(spec.bytes && checksum !== undefined ? { 'file:checksum': checksum } : {}),
      ...(spec.bytes && localPath !== undefined && LOCAL_PATH.test(localPath) ? { 'file:local_path': localPath } : {}),
      ...(tracking === undefined ? {} : { [trackingField]: tracking }),
      ...(node === undefined ? {} : { 'alternate:name': node }),
    };
  }
}

// ---------------------------------------------------------------- links

function isHttpUrl(text: string): boolean {
  return /^https?:\/\/[^\s]+$/.test(text);
}

/** The link a STAC Item with a `collection` must carry, to that collection in this Meridian. */
export function collectionLink(baseUrl: string, collection: string): StacLink {
  return { rel: 'collection', href: `${baseUrl.replace(/\/+$/, '')}/collections/${encodeURIComponent(collection)}`, type: 'application/json' };
}

function datasetLinks(doc: SolrDoc, isDataset: boolean, path: string, warnings: CrosswalkWarning[]): StacLink[] {
  const links: StacLink[] = [];
  const add = (link: StacLink): void => {
    if (!links.some((l) => l.rel === link.rel && l.href === link.href)) links.push(link);
  };
  const citation = firstString(doc, 'citation_url');
  if (citation !== undefined && isHttpUrl(citation)) add(citationLink(citation));
  for (const entry of stringList(doc, 'xlink')) {
    const [href, title, type] = entry.split('|').map((p) => p.trim());
    if (!href || !isHttpUrl(href)) continue;
    if (type === 'citation') add(citationLink(href));
    else if (type === 'pid') add({ rel: 'alternate', href, type: 'text/html', title: 'PID' });
    else add({ rel: 'via', href, ...(title ? { title } : {}) });
  }
  const info = firstString(doc, 'further_info_url');
  if (info !== undefined) {
    if (isHttpUrl(info)) add(furtherInfoLink(info));
    else warnings.push({ path: `${path}.further_info_url`, kind: 'malformed', detail: `not a URL: ${info}` });
  }
  // A File document's URLs are its file's assets, not links of the dataset.
  for (const entry of isDataset ? stringList(doc, 'url') : []) {
    const url = parseAccessUrl(entry);
    if (!url || !isHttpUrl(url.href)) continue;
    const service = url.service.toLowerCase();
    if (service === 'thredds') add({ rel: 'alternate', href: url.href, type: 'application/xml', title: 'THREDDS catalog' });
    else add({ rel: 'alternate', href: url.href, type: 'text/html', title: url.service });
  }
  return links;
}

// ---------------------------------------------------------------- item

function extraValue(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.length === 1 ? value[0] : value;
}

function facetProperties(base: SolrDoc, cmip6: boolean, warnings: CrosswalkWarning[], path: string): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const mapped = new Set<string>();
  if (cmip6) {
    for (const [field, spec] of Object.entries(CMIP6_FIELDS)) {
      const values = stringList(base, spec.solr);
      if (values.length === 0) continue;
      mapped.add(spec.solr);
      if (spec.kind === 'array') props[field] = values;
      else {
        props[field] = values[0];
        if (values.length > 1) warnings.push({ path: `${path}.${spec.solr}`, kind: 'dropped', detail: `${field} takes one value; kept ${values[0]}` });
      }
    }
  }
  for (const key of Object.keys(base).sort()) {
    if (CONSUMED_FIELDS.has(key) || mapped.has(key) || key === 'publish_path' || key === 'creation_date') continue;
    const value = extraValue(base[key]);
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    props[`esgf:${key}`] = value;
  }
  return props;
}

function buildItem(copy: DatasetCopy, ctx: CrosswalkContext, warnings: CrosswalkWarning[]): StacItem | undefined {
  const dataset = copy.dataset;
  const files = [...copy.files].sort((a, b) => (fileName(a.doc) < fileName(b.doc) ? -1 : fileName(a.doc) > fileName(b.doc) ? 1 : 0));
  const baseEntry = dataset ?? files[0];
  if (!baseEntry) return undefined;
  const base = baseEntry.doc;
  const path = baseEntry.path;
  const project = firstString(base, 'project');
  const cmip6 = project === 'CMIP6';
  const created = toRfc3339(firstString(base, '_timestamp') ?? firstString(base, 'timestamp'));
  const time = timeFields(copy, created, path, warnings);
  if (!time) {
    warnings.push({ path, kind: 'missing', detail: `${copy.instanceId}: no time range and no timestamp, no item` });
    return undefined;
  }
  const version = (dataset ? versionText(dataset.doc.version) : undefined) ?? /\.v(\d+)$/.exec(copy.instanceId)?.[1];
  const baseId = (dataset ? firstString(dataset.doc, 'master_id') : undefined) ?? copy.instanceId.replace(/\.v\d+$/, '');
  const title = (dataset ? firstString(dataset.doc, 'title') : undefined) ?? baseId;
  const fileSizes = files.map((f) => lenientNumber(f.doc.size));
  const size = dataset
    ? lenientNumber(dataset.doc.size)
    : fileSizes.every((s) => s !== undefined)
      ? fileSizes.reduce<number>((sum, s) => sum + (s ?? 0), 0)
      : undefined;
  const access = dataset
    ? stringList(dataset.doc, 'access')
    : [...new Set(files.flatMap((f) => stringList(f.doc, 'url').map((u) => parseAccessUrl(u)?.service).filter((s) => s !== undefined)))];
  const latest = lenientBoolean(base.latest);
  const retracted = lenientBoolean(base.retracted);
  const replica = lenientBoolean(base.replica);
  const bbox = dataset ? esgfBbox(dataset.doc, dataset.path, warnings) : undefined;

  const assets: Record<string, StacAsset> = {};
  for (const file of files) fileAssets(file, copy.dataNode, cmip6, assets, warnings);
  const { globus, ...perFile } = assets;

  const properties: Record<string, unknown> = {
    title,
    ...time,
    ...(created === undefined ? {} : { created, updated: created }),
    ...(project === undefined ? {} : { project }),
    base_id: baseId,
    ...(version === undefined ? {} : { version }),
    ...(latest === undefined ? {} : { latest }),
    ...(retracted === undefined ? {} : { retracted }),
    ...(size === undefined ? {} : { size }),
    ...(access.length === 0 ? {} : { access }),
    ...facetProperties(base, cmip6, warnings, path),
    ...(copy.dataNode === undefined ? {} : { 'esgf:data_nodes': [copy.dataNode] }),
    ...(replica === undefined ? {} : { 'esgf:replica': replica }),
  };
  const collection = ctx.collection ?? project;
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    id: copy.instanceId,
    ...(collection === undefined ? {} : { collection }),
    geometry: bbox ? bboxGeometry(bbox) : null,
    ...(bbox ? { bbox } : {}),
    properties: properties as StacItem['properties'],
    links: [...(collection === undefined ? [] : [collectionLink(ctx.baseUrl, collection)]), ...datasetLinks(base, dataset !== undefined, path, warnings)],
    assets: globus ? { ...perFile, globus } : perFile,
  };
}

export interface EsgfOptions {
  /** The cmip6 extension's allowed values: an item with a value outside them does not declare the extension. */
  readonly cmip6Values?: Cmip6Values;
}

/**
 * Every dataset version of an esg-search answer as a STAC Item: Dataset documents, File documents
 * (as assets of their dataset's item) and the copies on several data nodes (merged, replicas as
 * alternate assets). An id listing (`fl=id,latest,retracted`) yields no items; see `readIdListing`.
 */
export function responseToStac(document: string, ctx: CrosswalkContext, options: EsgfOptions = {}): CrosswalkResult<StacItem[]> {
  const docs = readSolrDocs(document, ctx.parsed);
  const warnings: CrosswalkWarning[] = [];
  const located = docs.map((doc, i) => ({ doc, path: `response.docs[${i}]` }));
  const items: StacItem[] = [];
  for (const copy of groupCopies(located, warnings)) {
    const item = buildItem(copy, ctx, warnings);
    if (item) items.push(item);
  }
  const value = mergeReplicas(items).map((item) => withEsgfExtensions(item, item.id, warnings, options.cmip6Values));
  return { value, warnings };
}

/**
 * One record: a Dataset or File document, or a response whose documents all belong to one dataset
 * version (its Dataset document, its File documents, its replicas).
 */
export function toStac(document: string, ctx: CrosswalkContext, options: EsgfOptions = {}): CrosswalkResult<StacItem> {
  const { value, warnings } = responseToStac(document, ctx, options);
  const [item, ...others] = value;
  if (!item) throw new CrosswalkError('esgf-solr', 'the document holds no ESGF dataset or file with a date');
  if (others.length > 0) {
    throw new CrosswalkError('esgf-solr', `the document holds ${value.length} dataset versions; convert it with responseToStac`);
  }
  return { value: item, warnings };
}

/** One entry of an id listing: what reconciliation needs to detect retractions, new versions and removals. */
export interface EsgfListingEntry {
  readonly id: string;
  readonly instanceId: string;
  readonly dataNode: string | undefined;
  readonly latest: boolean | undefined;
  readonly retracted: boolean | undefined;
}

/** Reads an esg-search answer as an id listing (`fields=id,latest,retracted`), for deletion reconciliation. */
export function readIdListing(document: string): EsgfListingEntry[] {
  return readSolrDocs(document).flatMap((doc) => {
    if (typeof doc.id !== 'string') return [];
    const { instanceId, dataNode } = splitEsgfId(doc.id);
    return [{ id: doc.id, instanceId, dataNode, latest: lenientBoolean(doc.latest), retracted: lenientBoolean(doc.retracted) }];
  });
}
