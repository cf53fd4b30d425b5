import type { StacCollection } from '../../core/stac.js';
import type { AggregationResult, SearchBackend } from '../../search/backend.js';
import type { Cql2Expr } from '../../search/cql2/ast.js';
import type { SearchRequest } from '../../search/request.js';
import type { ListPhase } from './toSearch.js';
import { ACTIVITY, MIP_ERA, PROJECT, SOURCE, projectFilter, setSpecOf, type OaiSet } from './sets.js';

const PHASES: readonly ListPhase[] = ['collections', 'items'];
/** Records read per core page when walking the catalogue. */
const WALK_PAGE = 1000;
/** More distinct values than this in one property are not listed as sets. */
const MAX_TERMS = 10_000;

/**
 * The sets of the repository, from the data (tombstones included: their sets stay harvestable), built
 * from term counts; the table is kept until a record changes (the latest datestamp moves), so that a
 * quiet catalogue answers ListSets from memory.
 */
export class SetCatalogue {
  readonly #search: SearchBackend;
  #cached: { readonly version: string; readonly sets: readonly OaiSet[] } | undefined;

  constructor(search: SearchBackend) {
    this.#search = search;
  }

  /** Every set, in setSpec order (an empty repository has no set hierarchy). */
  async sets(): Promise<readonly OaiSet[]> {
    const version = await this.#version();
    if (this.#cached?.version === version) return this.#cached.sets;
    const sets = version === '' ? [] : await this.#build();
    this.#cached = { version, sets };
    return sets;
  }

  /** Whether the repository has any record, hence any set. */
  async hasSets(): Promise<boolean> {
    return (await this.#version()) !== '';
  }

  /** The latest change of any record, per target ('' when the repository is empty). */
  async #version(): Promise<string> {
    const latest = await Promise.all(
      PHASES.map((target) =>
        this.#search.search({ target, sortby: [{ field: 'meridian:datestamp', direction: 'desc' }], limit: 1, includeDeleted: true, count: false }),
      ),
    );
    return latest.flatMap((page) => page.records.map((r) => `${r.kind}/${r.collectionId}/${r.id}@${r.datestamp}`)).join(' ');
  }

  async #aggregate(target: ListPhase, filter: Cql2Expr | undefined, aggregations: SearchRequest['aggregations']): Promise<AggregationResult[]> {
    return this.#search.aggregate({ target, limit: 0, includeDeleted: true, ...(filter === undefined ? {} : { filter }), aggregations });
  }

  /** How many records (of both targets) a project filter holds. */
  async #count(filter: Cql2Expr): Promise<number> {
    let total = 0;
    for (const target of PHASES) {
      for (const r of await this.#aggregate(target, filter, [{ kind: 'total_count', name: 'n' }])) if (r.kind === 'total_count') total += r.value;
    }
    return total;
  }

  /** Distinct values of a property over both targets. */
  async #terms(field: string, filter?: Cql2Expr): Promise<Set<string>> {
    const values = new Set<string>();
    for (const target of PHASES) {
      for (const r of await this.#aggregate(target, filter, [{ kind: 'terms', name: 'terms', field, size: MAX_TERMS }])) {
        if (r.kind === 'terms') for (const b of r.buckets) values.add(b.key);
      }
    }
    return values;
  }

  async #collections(): Promise<OaiSet[]> {
    const sets: OaiSet[] = [];
    let after: string | undefined;
    do {
      const page = await this.#search.search({
        target: 'collections', limit: WALK_PAGE, includeDeleted: true, count: false, sortby: [{ field: 'id', direction: 'asc' }],
        ...(after === undefined ? {} : { page: { after } }),
      });
      for (const r of page.records) {
        const title = (r.doc as StacCollection).title;
        sets.push({ spec: setSpecOf({ kind: 'collection', id: r.id }), name: typeof title === 'string' && title.trim() !== '' ? title : r.id });
      }
      after = page.next;
    } while (after !== undefined);
    return sets;
  }

  /**
   * Project sets: candidate eras and activities come from term counts, and each set is kept only when its
   * filter holds a record (a number-valued property counts as a term but is no set member).
   */
  async #projects(): Promise<OaiSet[]> {
    const eras = new Set([...(await this.#terms(MIP_ERA)), ...(await this.#terms(PROJECT)), 'CMIP6']);
    const sets: OaiSet[] = [];
    for (const era of eras) {
      if ((await this.#count(projectFilter(era))) === 0) continue;
      sets.push({ spec: setSpecOf({ kind: 'project', era }), name: `Project ${era}` });
      for (const activity of await this.#terms(ACTIVITY, projectFilter(era))) {
        if ((await this.#count(projectFilter(era, activity))) === 0) continue;
        sets.push({ spec: setSpecOf({ kind: 'project', era, activity }), name: `${era} activity ${activity}` });
      }
    }
    return sets;
  }

  async #build(): Promise<OaiSet[]> {
    const collections = await this.#collections();
    const sources = [...(await this.#terms(SOURCE))].map((id) => ({ spec: setSpecOf({ kind: 'source', id }), name: `Records harvested from ${id}` }));
    const projects = await this.#projects();
    const sets = [
      ...(collections.length > 0 ? [{ spec: 'collection', name: 'Collections and their items' }, ...collections] : []),
      ...(sources.length > 0 ? [{ spec: 'source', name: 'Harvested records, by source' }, ...sources] : []),
      ...(projects.length > 0 ? [{ spec: 'project', name: 'Records of research projects' }, ...projects] : []),
    ];
    // Code-point order, the order ListSets pages in.
    return sets.sort((a, b) => (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
  }
}
