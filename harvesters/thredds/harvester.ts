import type { Checkpoint, HarvestContext, HarvestedDocument, Harvester, ThreddsSourceConfig } from '../../src/core/harvest.js';
import { outlineCatalog, withCatalogBase } from './catalog.js';

type Queued = [url: string, depth: number];

function readCheckpoint(from: Checkpoint | undefined): { queue: Queued[]; visited: string[] } | undefined {
  if (from === undefined) return undefined;
  const queue = Array.isArray(from.queue) ? from.queue : [];
  const visited = Array.isArray(from.visited) ? from.visited : [];
  return {
    queue: queue.filter((q): q is Queued => Array.isArray(q) && typeof q[0] === 'string' && typeof q[1] === 'number'),
    visited: visited.filter((v): v is string => typeof v === 'string'),
  };
}

/**
 * THREDDS: a breadth-first crawl of the catalog tree from the root, following catalogRefs on the same
 * server (a visited set against loops, `maxDepth` and `maxCatalogs` against huge trees). Each catalog
 * with datasets to access is one document (its items come from the crosswalk), with `xml:base` set to
 * its URL. A catalogRef that leads nowhere (404, 403) is skipped. There are no change dates on catalogs:
 * every run walks the whole tree, and unchanged items are left untouched by the content hash. The
 * checkpoint after a catalog is the crawl's queue and visited set.
 */
export const threddsHarvester: Harvester<ThreddsSourceConfig> = {
  kind: 'thredds',
  async *harvest(source: ThreddsSourceConfig, from, ctx: HarvestContext): AsyncGenerator<HarvestedDocument> {
    const origin = new URL(source.url).origin;
    const maxDepth = source.maxDepth ?? 8;
    const maxCatalogs = source.maxCatalogs ?? 5000;
    const resumed = readCheckpoint(from);
    const queue: Queued[] = resumed?.queue ?? [[source.url, 0]];
    const visited = new Set(resumed?.visited ?? [source.url]);
    let warnedLimit = false;
    while (queue.length > 0) {
      const [url, depth] = queue.shift() as Queued;
      const response = await ctx.http.request(
        { url, headers: { accept: 'application/xml, text/xml' }, ...(depth > 0 ? { acceptStatuses: [403, 404] } : {}) },
        { signal: ctx.signal },
      );
      if (response.status !== 200) {
        ctx.log.warn({ url, status: response.status }, 'a catalogRef leads nowhere: skipped');
        continue;
      }
      const outline = outlineCatalog(response.text, response.url);
      for (const ref of outline.refs) {
        if (visited.has(ref) || new URL(ref).origin !== origin) continue;
        if (depth + 1 > maxDepth) continue;
        if (visited.size >= maxCatalogs) {
          if (!warnedLimit) ctx.log.warn({ maxCatalogs }, 'the catalog tree is larger than maxCatalogs: the rest is not followed');
          warnedLimit = true;
          continue;
        }
        visited.add(ref);
        queue.push([ref, depth + 1]);
      }
      if (!outline.hasData) continue;
      yield {
        nativeId: url,
        format: 'thredds',
        document: withCatalogBase(response.text, response.url),
        deleted: false,
        checkpoint: { queue: queue.map(([u, d]) => [u, d]), visited: [...visited] },
      };
    }
  },
};
