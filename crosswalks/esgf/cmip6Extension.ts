import type { StacAsset, StacItem, StacLink } from '../../src/core/stac.js';
import type { CrosswalkWarning } from '../crosswalk.js';
import {
  ALTERNATE_EXTENSION,
  CMIP6_CITATION_URL,
  CMIP6_EXTENSION,
  CMIP6_FIELDS,
  CMIP6_FURTHER_INFO_URL,
  CMIP6_ITEM_ID,
  CMIP6_REQUIRED,
  CMIP6_TRACKING_ID,
  FILE_EXTENSION,
} from './mappings.js';

/**
 * The values the cmip6 extension schema allows per field (its enums), when the caller has them. The
 * crosswalk holds no copy of those lists; without them only the structure of an item is checked.
 */
export type Cmip6Values = Readonly<Partial<Record<string, ReadonlySet<string>>>>;

/** What keeps an item from validating against cmip6 v3.0.2, checked before the extension is declared. */
export function cmip6Problems(item: StacItem, allowed: Cmip6Values = {}): string[] {
  const problems: string[] = [];
  if (!CMIP6_ITEM_ID.test(item.id)) problems.push('the id is not a CMIP6 dataset id with a version');
  if (item.collection !== 'CMIP6') problems.push('the collection is not CMIP6');
  const missing = CMIP6_REQUIRED.filter((field) => item.properties[field] === undefined);
  if (missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
  for (const [field, spec] of Object.entries(CMIP6_FIELDS)) {
    const value = item.properties[field];
    if (value === undefined) continue;
    if ((spec.kind === 'array') !== Array.isArray(value)) problems.push(`${field} has the wrong type`);
    const values = allowed[field];
    const outside = values ? (Array.isArray(value) ? value : [value]).filter((v) => !values.has(String(v))) : [];
    if (outside.length > 0) problems.push(`${field} ${outside.join(', ')} is not in the extension's list`);
  }
  if (!item.links.some((l) => l.rel === 'cite-as')) problems.push('no cite-as link');
  for (const link of item.links) {
    if (link.rel === 'cite-as' && !CMIP6_CITATION_URL.test(link.href)) problems.push('the cite-as link is not a WDCC citation');
    if (link.rel === 'describedby' && !CMIP6_FURTHER_INFO_URL.test(link.href)) problems.push('the describedby link is not ES-DOC');
    if (link.rel === 'related') problems.push('a related link that is not an errata issue');
  }
  for (const [key, asset] of Object.entries(item.assets)) {
    if (asset.created === undefined || asset.protocol === undefined) problems.push(`asset ${key} lacks created or protocol`);
    const tracking = asset['cmip6:tracking_id'];
    if (tracking !== undefined && (typeof tracking !== 'string' || !CMIP6_TRACKING_ID.test(tracking))) {
      problems.push(`asset ${key} has a malformed tracking id`);
    }
  }
  return problems;
}

function usesField(assets: readonly StacAsset[], test: (key: string) => boolean): boolean {
  return assets.some((a) => Object.keys(a).some(test));
}

/**
 * The extensions an ESGF item declares: cmip6 v3.0.2 only when the item satisfies it (a warning names
 * what is missing otherwise), with the file and alternate-assets extensions it requires; file and
 * alternate-assets also whenever the assets use them.
 */
export function withEsgfExtensions(item: StacItem, path: string, warnings: CrosswalkWarning[], allowed: Cmip6Values = {}): StacItem {
  const { type, stac_version, ...withPrevious } = item;
  const rest = Object.fromEntries(Object.entries(withPrevious).filter(([key]) => key !== 'stac_extensions'));
  const assets = Object.values(item.assets);
  const hasCmip6Fields = Object.keys(item.properties).some((k) => k.startsWith('cmip6:'));
  const problems = hasCmip6Fields ? cmip6Problems(item, allowed) : ['no cmip6 fields'];
  if (hasCmip6Fields && problems.length > 0) {
    warnings.push({ path, kind: 'missing', detail: `cmip6 extension not declared: ${problems.join('; ')}` });
  }
  const cmip6 = problems.length === 0;
  // Other extensions stay; any version of these three is replaced by the one the item satisfies.
  const managed = /^https:\/\/stac-extensions\.github\.io\/(cmip6|file|alternate-assets)\//;
  const extensions = (item.stac_extensions ?? []).filter((url) => !managed.test(url));
  if (cmip6) extensions.push(CMIP6_EXTENSION);
  if (cmip6 || usesField(assets, (k) => k === 'alternate' || k === 'alternate:name')) extensions.push(ALTERNATE_EXTENSION);
  if (cmip6 || usesField(assets, (k) => k.startsWith('file:'))) extensions.push(FILE_EXTENSION);
  return { type, stac_version, ...(extensions.length > 0 ? { stac_extensions: extensions } : {}), ...rest } as StacItem;
}

/** The cite-as link of a WDCC citation, in the form the cmip6 extension asks for. */
export function citationLink(href: string): StacLink {
  return { rel: 'cite-as', href, type: 'application/json', title: 'Citation URL' };
}

/** The ES-DOC further-info link, in the form the cmip6 extension asks for. */
export function furtherInfoLink(href: string): StacLink {
  return { rel: 'describedby', href, type: 'text/html', title: CMIP6_FURTHER_INFO_URL.test(href) ? 'ES-DOC' : 'Further information' };
}
