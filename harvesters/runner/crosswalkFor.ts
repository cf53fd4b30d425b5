import type { CrosswalkContext, CrosswalkResult } from '../../crosswalks/crosswalk.js';
import { toStacRecords } from '../../crosswalks/registry.js';
import type { HarvestedDocument } from '../../src/core/harvest.js';
import type { StacLink, StacRecord } from '../../src/core/stac.js';

/** What the runner knows about a harvested document, for crosswalks that use it (NetCDF headers). */
interface HarvestCrosswalkContext extends CrosswalkContext {
  readonly nativeId: string;
  readonly datestamp?: string;
}

/**
 * A STAC Item from another STAC API, re-parented into the target collection: its upstream `self` is
 * kept as a `via` link, its navigation links (into the other API) are dropped.
 */
function reparent(record: StacRecord, baseUrl: string, collection: string | undefined): StacRecord {
  if (record.type !== 'Feature' || collection === undefined) return record;
  const links: StacLink[] = [{ rel: 'collection', href: `${baseUrl.replace(/\/+$/, '')}/collections/${encodeURIComponent(collection)}`, type: 'application/json' }];
  for (const link of Array.isArray(record.links) ? record.links : []) {
    if (link.rel === 'self') links.push({ ...link, rel: 'via' });
    else if (!['root', 'parent', 'collection'].includes(link.rel)) links.push(link);
  }
  return { ...record, collection, links };
}

/** The STAC records of a harvested document, through the crosswalk registry. */
export function crosswalkDocument(doc: HarvestedDocument, opts: { readonly baseUrl: string; readonly collection?: string }): CrosswalkResult<readonly StacRecord[]> {
  const ctx: HarvestCrosswalkContext = {
    baseUrl: opts.baseUrl,
    nativeId: doc.nativeId,
    ...(opts.collection === undefined ? {} : { collection: opts.collection }),
    ...(doc.datestamp === undefined ? {} : { datestamp: doc.datestamp }),
    ...(doc.parsed === undefined ? {} : { parsed: doc.parsed }),
  };
  const result = toStacRecords(doc.format, doc.document, ctx);
  if (doc.format !== 'stac') return result;
  return { value: result.value.map((r) => reparent(r, opts.baseUrl, opts.collection)), warnings: result.warnings };
}
