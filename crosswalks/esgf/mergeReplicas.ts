import type { StacAsset, StacItem, StacLink } from '../../src/core/stac.js';
import { ALTERNATE_EXTENSION } from './mappings.js';

/** The data node an item copy was harvested from (esg-search: `esgf:data_nodes`; ESGF-NG: `alternate:name`). */
function nodeOf(item: StacItem): string | undefined {
  const nodes = item.properties['esgf:data_nodes'];
  if (Array.isArray(nodes) && typeof nodes[0] === 'string') return nodes[0];
  for (const asset of Object.values(item.assets)) {
    if (typeof asset['alternate:name'] === 'string') return asset['alternate:name'];
  }
  return undefined;
}

function nodesOf(item: StacItem): string[] {
  const nodes = item.properties['esgf:data_nodes'];
  if (Array.isArray(nodes)) return nodes.filter((n): n is string => typeof n === 'string');
  const node = nodeOf(item);
  return node === undefined ? [] : [node];
}

/** The original (not a replica) comes first, then copies by data node name, so the result is deterministic. */
function byPreference(a: StacItem, b: StacItem): number {
  const ra = a.properties['esgf:replica'] === true ? 1 : 0;
  const rb = b.properties['esgf:replica'] === true ? 1 : 0;
  if (ra !== rb) return ra - rb;
  const na = nodeOf(a) ?? '';
  const nb = nodeOf(b) ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function alternatesOf(asset: StacAsset): Record<string, StacAsset> {
  const alternate = asset.alternate;
  return typeof alternate === 'object' && alternate !== null ? { ...(alternate as Record<string, StacAsset>) } : {};
}

function mergeInto(primary: StacItem, copy: StacItem, primaryNode: string | undefined): StacItem {
  const node = nodeOf(copy);
  const assets: Record<string, StacAsset> = { ...primary.assets };
  let alternated = false;
  for (const [key, asset] of Object.entries(copy.assets)) {
    const mine = assets[key];
    if (mine === undefined) {
      assets[key] = asset;
      continue;
    }
    if (node === undefined || node === primaryNode || mine.href === asset.href) continue;
    const alternate = alternatesOf(mine);
    if (alternate[node] === undefined) alternate[node] = { href: asset.href, 'alternate:name': node };
    assets[key] = { ...mine, alternate };
    alternated = true;
  }
  const seen = new Set(primary.links.map((l) => `${l.rel} ${l.href}`));
  const links: StacLink[] = [...primary.links];
  for (const link of copy.links) {
    if (!seen.has(`${link.rel} ${link.href}`)) {
      seen.add(`${link.rel} ${link.href}`);
      links.push(link);
    }
  }
  const nodes = [...nodesOf(primary)];
  for (const n of nodesOf(copy)) if (!nodes.includes(n)) nodes.push(n);
  const properties = nodes.length > 0 ? { ...primary.properties, 'esgf:data_nodes': nodes } : primary.properties;
  const extensions = primary.stac_extensions ?? [];
  const stacExtensions =
    alternated && !extensions.includes(ALTERNATE_EXTENSION) ? [...extensions, ALTERNATE_EXTENSION] : primary.stac_extensions;
  return {
    ...primary,
    ...(stacExtensions === undefined ? {} : { stac_extensions: stacExtensions }),
    properties,
    links,
    assets,
  };
}

/**
 * Merges the copies of one dataset version held by several data nodes (same item id: the `instance_id`)
 * into one item, the ESGF-NG way: the original's assets stay, every replica's URL for the same asset
 * becomes an entry of that asset's `alternate` object keyed by data node, assets only a replica has
 * are added, and `esgf:data_nodes` lists every node (the original first). Items with distinct ids
 * pass through; the order of first appearance is kept.
 */
export function mergeReplicas(items: readonly StacItem[]): StacItem[] {
  const groups = new Map<string, StacItem[]>();
  for (const item of items) {
    const group = groups.get(item.id);
    if (group) group.push(item);
    else groups.set(item.id, [item]);
  }
  const merged: StacItem[] = [];
  for (const group of groups.values()) {
    const [primary, ...copies] = [...group].sort(byPreference);
    if (!primary) continue;
    const primaryNode = nodeOf(primary);
    merged.push(copies.reduce((acc, copy) => mergeInto(acc, copy, primaryNode), primary));
  }
  return merged;
}
