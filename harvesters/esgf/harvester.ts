import { lenientBoolean } from '../../crosswalks/esgf/solrDoc.js';
import { MeridianError } from '../../src/core/errors.js';
import type { Checkpoint, EsgfSourceConfig, HarvestContext, HarvestedDocument, Harvester } from '../../src/core/harvest.js';
import { mapConcurrently } from '../../src/core/http/requestLimits.js';
import type { JsonObject } from '../../src/core/json.js';
import { fetchAll, fetchSolrPage, instanceIdOf, searchUrl, type SolrPage } from './searchQuery.js';
import { esgfTime, firstHalf, nextWindow, type TimeWindow } from './windows.js';

const DEFAULT_START = '1970-01-01T00:00:00Z';
/** Ids per `instance_id=` or `dataset_id=` query (comma-separated values are OR-ed): keeps URLs short. */
const IDS_PER_QUERY = 40;
/** The id queries of a page in flight at once (the HTTP client's own bound is per source). */
const PARALLEL_QUERIES = 4;

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** Solr fields that change without the record changing (ranking, index version): kept out of the native document. */
function stable(doc: JsonObject): JsonObject {
  const { score: _score, _version_: _version, ...rest } = doc;
  return rest;
}

const byId = (a: JsonObject, b: JsonObject): number => String(a.id).localeCompare(String(b.id));

/** The largest window from `window.from` whose datasets fit in one offset-paged listing. */
async function fitWindow(source: EsgfSourceConfig, window: TimeWindow, ctx: HarvestContext): Promise<TimeWindow> {
  const max = source.maxWindowRecords ?? 10_000;
  let current = window;
  for (;;) {
    const probe = await fetchSolrPage(searchUrl(source, { type: 'Dataset', from: current.from, to: current.to, limit: '0' }, { facets: true }), ctx);
    const half = probe.numFound > max ? firstHalf(current) : undefined;
    if (half === undefined) return current;
    current = half;
  }
}

/** Every copy of one dataset version on the index, with their files. */
interface DatasetGroup {
  readonly instanceId: string;
  readonly docs: readonly JsonObject[];
  readonly datestamp?: string;
}

/**
 * One document per dataset version of a page: every copy of it on this index (original and replicas,
 * merged into one item by the crosswalk) and, when configured, their File documents.
 */
async function datasetDocuments(
  source: EsgfSourceConfig,
  pageDocs: readonly JsonObject[],
  skip: (instanceId: string) => boolean,
  ctx: HarvestContext,
): Promise<DatasetGroup[]> {
  const instanceIds = [...new Set(pageDocs.map(instanceIdOf).filter((id): id is string => id !== undefined && !skip(id)))];
  if (instanceIds.length === 0) return [];
  const copies = new Map<string, JsonObject>();
  for (const doc of pageDocs) if (typeof doc.id === 'string') copies.set(doc.id, doc);
  // A dataset version has one original: where the page holds it, only replicas can be missing, and most
  // datasets have none on this index, so those lookups come back nearly empty instead of repeating the page.
  const originals = new Set(pageDocs.filter((doc) => lenientBoolean(doc.replica) === false).map(instanceIdOf));
  const lookups = [
    ...chunks(instanceIds.filter((id) => originals.has(id)), IDS_PER_QUERY).map((ids) => ({ type: 'Dataset', instance_id: ids.join(','), replica: 'true' })),
    ...chunks(instanceIds.filter((id) => !originals.has(id)), IDS_PER_QUERY).map((ids) => ({ type: 'Dataset', instance_id: ids.join(',') })),
  ];
  const found = await mapConcurrently(lookups, PARALLEL_QUERIES, (query) => fetchAll(source, query, ctx));
  for (const doc of found.flat()) if (typeof doc.id === 'string') copies.set(doc.id, doc);
  const groups = new Map<string, JsonObject[]>(instanceIds.map((id) => [id, []]));
  for (const doc of copies.values()) groups.get(instanceIdOf(doc) ?? '')?.push(stable(doc));
  if (source.files === true) {
    const datasetIds = [...copies.keys()].filter((id) => groups.has(id.split('|')[0] ?? ''));
    const files = await mapConcurrently(chunks(datasetIds, IDS_PER_QUERY), PARALLEL_QUERIES, (ids) => fetchAll(source, { type: 'File', dataset_id: ids.join(',') }, ctx));
    for (const file of files.flat().sort(byId)) groups.get(instanceIdOf(file) ?? '')?.push(stable(file));
  }
  return [...groups.entries()].map(([instanceId, docs]) => {
    const datasets = docs.filter((d) => d.type !== 'File').sort(byId);
    const files = docs.filter((d) => d.type === 'File');
    const stamps = datasets.map((d) => d._timestamp).filter((t): t is string => typeof t === 'string').sort();
    const datestamp = stamps[stamps.length - 1];
    return { instanceId, docs: [...datasets, ...files], ...(datestamp === undefined ? {} : { datestamp }) };
  });
}

interface WindowPage {
  readonly page: SolrPage;
  readonly groups: readonly DatasetGroup[];
}

function readCheckpoint(from: Checkpoint | undefined): { window: TimeWindow; offset: number } | 'done' | undefined {
  if (from === undefined) return undefined;
  if (from.done === true) return 'done';
  if (typeof from.from === 'string' && typeof from.to === 'string' && typeof from.offset === 'number') {
    return { window: { from: from.from, to: from.to }, offset: from.offset };
  }
  throw new MeridianError('Internal', 'unreadable ESGF checkpoint');
}

/**
 * Legacy ESGF esg-search, one index node (`distrib=false`): Dataset documents in `_timestamp` windows
 * (`from`/`to`, split until a window fits `maxWindowRecords`), offset/limit paging inside each window,
 * de-duplication on the dataset version, replicas merged into one item, files optional. `latest` and
 * `retracted` stay item properties. The checkpoint after a page is (window, offset).
 */
export const esgfHarvester: Harvester<EsgfSourceConfig> = {
  kind: 'esgf',
  async *harvest(source: EsgfSourceConfig, from, ctx: HarvestContext): AsyncGenerator<HarvestedDocument> {
    const resumed = readCheckpoint(from);
    if (resumed === 'done') return;
    const until = esgfTime(ctx.window.until);
    let window: TimeWindow = resumed?.window ?? { from: esgfTime(ctx.window.since ?? source.start ?? DEFAULT_START), to: until };
    let offset = resumed?.offset ?? 0;
    const limit = source.pageSize ?? 500;
    // Dataset versions yielded in this window and the one before (windows share their boundary second).
    let previous = new Set<string>();
    let current = new Set<string>();
    for (;;) {
      if (offset === 0) window = await fitWindow(source, window, ctx);
      const following = nextWindow(window, until);
      const seen = (id: string): boolean => current.has(id) || previous.has(id);
      /** A page of the window with its dataset documents; started early, so that it downloads while the page before is stored. */
      const fetchPage = (at: number): Promise<WindowPage> => {
        const query = { type: 'Dataset', from: window.from, to: window.to, offset: String(at), limit: String(limit) };
        const url = searchUrl(source, query, { facets: true });
        const pending = fetchSolrPage(url, ctx).then(async (page) => ({ page, groups: await datasetDocuments(source, page.docs, seen, ctx) }));
        // Awaited below unless the run stops first; a failure then is not unhandled.
        pending.catch(() => undefined);
        return pending;
      };
      let next: Promise<WindowPage> | undefined = fetchPage(offset);
      while (next !== undefined) {
        const { page, groups: fetched } = await next;
        next = undefined;
        if (page.docs.length === 0) break;
        offset += page.docs.length;
        const numFound = page.numFound;
        if (offset < numFound) next = fetchPage(offset);
        const checkpoint: Checkpoint =
          offset < numFound ? { ...window, offset } : following ? { ...following, offset: 0 } : { done: true };
        // A dataset version of this page may have come on the page before, fetched meanwhile.
        const groups = fetched.filter((g) => !seen(g.instanceId));
        for (const [i, group] of groups.entries()) {
          current.add(group.instanceId);
          const response = { response: { numFound: group.docs.length, start: 0, docs: group.docs } };
          yield {
            nativeId: group.instanceId,
            format: 'esgf-solr',
            document: JSON.stringify(response),
            parsed: response,
            ...(group.datestamp === undefined ? {} : { datestamp: group.datestamp }),
            deleted: false,
            ...(i === groups.length - 1 ? { checkpoint } : {}),
          };
        }
      }
      if (following === undefined) return;
      window = following;
      offset = 0;
      previous = current;
      current = new Set();
    }
  },

  /**
   * The dataset versions of the index now (`fields=id,latest,retracted`, the cheap listing), for the
   * deletion reconciliation after incremental runs. No `to` bound: a re-indexed dataset has a new
   * `_timestamp` and must still be listed. Fails rather than end short when the listing comes back with
   * fewer ids than the index reported, so that a partial listing never deletes anything.
   */
  async *listIds(source: EsgfSourceConfig, ctx: HarvestContext): AsyncGenerator<string> {
    const limit = Math.max(source.pageSize ?? 500, 1000);
    let expected: number | undefined;
    let listed = 0;
    for (let offset = 0; expected === undefined || offset < expected; ) {
      const query = { type: 'Dataset', fields: 'id,latest,retracted', offset: String(offset), limit: String(limit) };
      const page = await fetchSolrPage(searchUrl(source, query, { facets: true }), ctx);
      expected ??= page.numFound;
      if (page.docs.length === 0) break;
      offset += page.docs.length;
      for (const doc of page.docs) {
        const id = instanceIdOf(doc);
        if (id === undefined) continue;
        listed++;
        yield id;
      }
    }
    if (listed < (expected ?? 0)) {
      throw new MeridianError('UpstreamFailed', `the esg-search id listing of ${source.url} ended after ${listed} of ${expected} datasets`);
    }
  },
};
