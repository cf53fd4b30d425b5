import { bboxGeometry } from '../../src/core/bbox.js';
import { isJsonObject } from '../../src/core/json.js';
import type { BBox, StacAsset, StacItem, StacLink } from '../../src/core/stac.js';
import { CrosswalkError, type CrosswalkContext, type CrosswalkResult, type CrosswalkWarning } from '../crosswalk.js';
import { citationLink, furtherInfoLink, withEsgfExtensions } from './cmip6Extension.js';
import { CMIP6_EXTENSION_PATTERN, CMIP6_FIELDS, MULTIHASH_PREFIX } from './mappings.js';
import { lenientBoolean, lenientNumber, versionText } from './solrDoc.js';
import { collectionLink, esgfBox, toMultihash, type EsgfOptions } from './toStac.js';

/**
 * ESGF-NG (ESGF 2.0) STAC items → Meridian items following cmip6 extension v3.0.2, whatever cmip6
 * version (1.0.0, 2.0.0, 3.0.x) the item was written with: v1/v2 property names and scalar facets are
 * moved to the v3 names and arrays, fields v3 turned into links become links, and the bbox moves from
 * 0..360 to -180..180 longitudes. The source's own self/root/parent links are replaced by Meridian's
 * collection link; its self link is kept as `via`.
 */

/** Older cmip6 names of v3.0.2 fields (v1/v2 and unprefixed esg-search names). */
const RENAMED: Readonly<Record<string, string>> = {
  'cmip6:Conventions': 'cmip6:conventions',
  'cmip6:experiment_title': 'cmip6:experiment',
  'cmip6:cf_standard_name': 'cmip6:variable_cf_standard_name',
};

/** Fields v3.0.2 no longer has as properties, and where they went. */
const MOVED_TO_LINKS = { citation: 'cmip6:citation_url', furtherInfo: 'cmip6:further_info_url' } as const;

function toArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  // v1/v2 wrote multi-valued facets as one string ("AOGCM BGC").
  return typeof value === 'string' ? value.split(/[\s,]+/).filter((v) => v !== '') : [String(value)];
}

function normalizeProperties(
  source: Record<string, unknown>,
  links: StacLink[],
  path: string,
  warnings: CrosswalkWarning[],
): { properties: Record<string, unknown>; tracking: unknown } {
  const props: Record<string, unknown> = {};
  const cmip6: Record<string, unknown> = {};
  let tracking: unknown;
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || (value === null && key !== 'datetime')) continue;
    const name = RENAMED[key] ?? key;
    if (name === MOVED_TO_LINKS.citation) {
      if (typeof value === 'string' && !links.some((l) => l.rel === 'cite-as')) links.push(citationLink(value));
    } else if (name === MOVED_TO_LINKS.furtherInfo) {
      if (typeof value === 'string' && !links.some((l) => l.rel === 'describedby')) links.push(furtherInfoLink(value));
    } else if (name === 'cmip6:version') {
      props.version ??= versionText(value);
    } else if (name === 'cmip6:creation_date') {
      if (source.created === undefined) props.created = value;
      else props['esgf:creation_date'] = value;
    } else if (name === 'cmip6:tracking_id') {
      tracking = value;
    } else if (name.startsWith('cmip6:')) {
      const spec = CMIP6_FIELDS[name];
      if (!spec) {
        props[`esgf:${name.slice(6)}`] = value;
        warnings.push({ path: `${path}.properties.${key}`, kind: 'defaulted', detail: `not a cmip6 v3.0.2 field: kept as esgf:${name.slice(6)}` });
      } else if (spec.kind === 'array') cmip6[name] = toArray(value);
      else {
        const values = Array.isArray(value) ? value.map(String) : [String(value)];
        if (values.length > 1) warnings.push({ path: `${path}.properties.${key}`, kind: 'dropped', detail: `${name} takes one value; kept ${values[0]}` });
        if (values[0] !== undefined) cmip6[name] = values[0];
      }
    } else props[key] = value;
  }
  for (const field of ['latest', 'retracted'] as const) {
    if (props[field] !== undefined) props[field] = lenientBoolean(props[field]) ?? props[field];
  }
  if (props.size !== undefined) props.size = lenientNumber(props.size) ?? props.size;
  if (props.version !== undefined) props.version = versionText(props.version) ?? props.version;
  // v3.0.2 order of the cmip6 fields, after the other properties.
  for (const field of Object.keys(CMIP6_FIELDS)) if (cmip6[field] !== undefined) props[field] = cmip6[field];
  return { properties: props, tracking };
}

function normalizeChecksum(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const hex = value.trim().toLowerCase();
  // A bare digest (no multihash prefix) is recognised by its length.
  for (const [type, spec] of Object.entries(MULTIHASH_PREFIX)) {
    if (hex.length === spec.hexLength && !hex.startsWith(spec.prefix)) return toMultihash(type, hex) ?? hex;
  }
  return hex;
}

function normalizeAssets(
  source: Record<string, unknown>,
  created: unknown,
  tracking: unknown,
  path: string,
  warnings: CrosswalkWarning[],
): Record<string, StacAsset> {
  const assets: Record<string, StacAsset> = {};
  const fileKeys = Object.keys(source).filter((k) => isJsonObject(source[k]) && source[k]['file:size'] !== undefined);
  for (const [key, value] of Object.entries(source)) {
    if (!isJsonObject(value) || typeof value.href !== 'string') {
      warnings.push({ path: `${path}.assets.${key}`, kind: 'malformed', detail: 'an asset without href was dropped' });
      continue;
    }
    const asset: Record<string, unknown> = { ...value };
    if (typeof asset.protocol === 'string') asset.protocol = asset.protocol.toLowerCase();
    if (asset['file:checksum'] !== undefined) asset['file:checksum'] = normalizeChecksum(asset['file:checksum']);
    if (asset.created === undefined && typeof created === 'string') {
      asset.created = created;
      warnings.push({ path: `${path}.assets.${key}.created`, kind: 'defaulted', detail: 'the item creation date' });
    }
    // v2 put the tracking id on the item; it belongs to the file, known only when there is one.
    if (tracking !== undefined && fileKeys.length === 1 && fileKeys[0] === key) asset['cmip6:tracking_id'] ??= tracking;
    assets[key] = asset as StacAsset;
  }
  return assets;
}

function normalizeBboxAndGeometry(value: Record<string, unknown>): { bbox?: BBox; geometry: unknown } {
  const bbox = value.bbox;
  if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every((v) => typeof v === 'number')) {
    return { ...(Array.isArray(bbox) ? { bbox: bbox as unknown as BBox } : {}), geometry: value.geometry ?? null };
  }
  const [w, s, e, n] = bbox as [number, number, number, number];
  if (w >= -180 && e <= 180) return { bbox: [w, s, e, n], geometry: value.geometry ?? null };
  const normalized = esgfBox(w, s, e, n);
  return { bbox: normalized, geometry: bboxGeometry(normalized) };
}

/** One ESGF-NG item normalised to cmip6 v3.0.2 (see the module comment). */
export function normalizeNgItem(
  value: unknown,
  ctx: CrosswalkContext,
  path: string,
  warnings: CrosswalkWarning[],
  options: EsgfOptions = {},
): StacItem {
  if (!isJsonObject(value) || value.type !== 'Feature' || typeof value.id !== 'string' || !isJsonObject(value.properties)) {
    throw new CrosswalkError('esgf-stac', 'not a STAC Item with an id and properties');
  }
  const version = (Array.isArray(value.stac_extensions) ? value.stac_extensions : [])
    .map((url) => (typeof url === 'string' ? CMIP6_EXTENSION_PATTERN.exec(url)?.[1] : undefined))
    .find((v) => v !== undefined);
  if (version === undefined) warnings.push({ path, kind: 'missing', detail: 'the item declares no cmip6 extension version' });
  const sourceLinks = Array.isArray(value.links) ? value.links.filter(isJsonObject) : [];
  const links: StacLink[] = [];
  for (const link of sourceLinks) {
    if (typeof link.href !== 'string' || typeof link.rel !== 'string') continue;
    if (link.rel === 'self') links.push({ ...link, rel: 'via', href: link.href });
    else if (link.rel === 'cite-as') links.push(citationLink(link.href));
    else if (!['root', 'parent', 'collection'].includes(link.rel)) links.push(link as unknown as StacLink);
  }
  const { properties, tracking } = normalizeProperties(value.properties as Record<string, unknown>, links, path, warnings);
  const collection = ctx.collection ?? (typeof value.collection === 'string' ? value.collection : undefined);
  if (collection !== undefined) links.unshift(collectionLink(ctx.baseUrl, collection));
  const assets = normalizeAssets(isJsonObject(value.assets) ? (value.assets as Record<string, unknown>) : {}, properties.created, tracking, path, warnings);
  if (tracking !== undefined && !Object.values(assets).some((a) => a['cmip6:tracking_id'] === tracking)) {
    properties['esgf:tracking_id'] = tracking;
  }
  const { bbox, geometry } = normalizeBboxAndGeometry(value);
  const item = {
    type: 'Feature',
    stac_version: typeof value.stac_version === 'string' ? value.stac_version : '1.1.0',
    ...(Array.isArray(value.stac_extensions) ? { stac_extensions: value.stac_extensions.filter((u) => typeof u === 'string') } : {}),
    id: value.id,
    ...(collection === undefined ? {} : { collection }),
    geometry,
    ...(bbox === undefined ? {} : { bbox }),
    properties,
    links,
    assets,
  } as unknown as StacItem;
  return withEsgfExtensions(item, path, warnings, options.cmip6Values);
}

/** An ESGF-NG STAC Item (any cmip6 extension version) → a cmip6 v3.0.2 item. */
export function toStac(document: string, ctx: CrosswalkContext, options: EsgfOptions = {}): CrosswalkResult<StacItem> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (cause) {
    throw new CrosswalkError('esgf-stac', 'the ESGF-NG document is not JSON', { cause });
  }
  const warnings: CrosswalkWarning[] = [];
  const value = normalizeNgItem(parsed, ctx, isJsonObject(parsed) && typeof parsed.id === 'string' ? parsed.id : '$', warnings, options);
  return { value, warnings };
}
