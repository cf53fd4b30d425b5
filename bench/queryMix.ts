import type { SeededRandom } from '../src/demo/seededRandom.js';
import { BENCH_COLLECTIONS, type BenchCollection } from './benchCollections.js';
import type { HttpRequest } from './httpClient.js';

export const QUERY_NAMES = ['bbox-datetime', 'collection-datetime-sorted', 'cql2-filter', 'free-text', 'aggregate', 'deep-page'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export const QUERY_TITLES: Readonly<Record<QueryName, string>> = {
  'bbox-datetime': '1. bbox + datetime (GET /search)',
  'collection-datetime-sorted': '2. collection + datetime, sorted (GET /collections/{id}/items)',
  'cql2-filter': '3. CQL2 property filter (POST /search)',
  'free-text': '4. free text q=temperature (GET /search)',
  aggregate: '5. aggregation by two properties (GET /aggregate)',
  'deep-page': '6. page 20 through next links',
};

/** How many pages the deep-page query follows; the last one is timed. */
export const DEEP_PAGES = 20;
export const DEEP_PAGE_LIMIT = 20;

const year = (y: number): string => `${y}-01-01T00:00:00Z`;

/** A closed or half-open interval of 1 to 10 years inside [firstYear, lastYear]. */
function datetimeInterval(random: SeededRandom, firstYear: number, lastYear: number): string {
  const length = random.int(1, 10);
  const start = random.int(firstYear, Math.max(firstYear, lastYear - length));
  const shape = random.next();
  if (shape < 0.1) return `../${year(start + length)}`;
  if (shape < 0.2) return `${year(start)}/..`;
  return `${year(start)}/${year(start + length)}`;
}

function yearsOf(spec: BenchCollection): readonly [number, number] {
  return spec.kind === 'cmip6' ? [1850, 2100] : [spec.firstYear, 2024];
}

/** A box of 5–40° by 5–30° anywhere between 70° S and 70° N, as [west, south, east, north]. */
export function randomBox(random: SeededRandom): [number, number, number, number] {
  const width = random.float(5, 40);
  const height = random.float(5, 30);
  const west = random.float(-180, 180 - width);
  const south = random.float(-70, 70 - height);
  return [west, south, west + width, south + height];
}

/**
 * Builds each query of the mix with fresh random parameters, so that consecutive requests do not hit
 * the same rows (and no cache can answer them all).
 */
export function queryRequest(name: QueryName, random: SeededRandom): HttpRequest {
  switch (name) {
    case 'bbox-datetime': {
      const bbox = randomBox(random).map((v) => v.toFixed(2)).join(',');
      return { method: 'GET', path: `/search?bbox=${bbox}&datetime=${encodeURIComponent(datetimeInterval(random, 1850, 2024))}&limit=10` };
    }
    case 'collection-datetime-sorted': {
      const spec = random.weighted(BENCH_COLLECTIONS, BENCH_COLLECTIONS.map((c) => c.weight));
      const [first, last] = yearsOf(spec);
      return {
        method: 'GET',
        path: `/collections/${encodeURIComponent(spec.id)}/items?datetime=${encodeURIComponent(datetimeInterval(random, first, last))}&sortby=-datetime&limit=10`,
      };
    }
    case 'cql2-filter':
      return {
        method: 'POST',
        path: '/search',
        body: { filter: { op: '=', args: [{ property: 'cmip6:source_id' }, 'IPSL-CM6A-LR'] }, 'filter-lang': 'cql2-json', limit: 10 },
      };
    case 'free-text':
      return { method: 'GET', path: '/search?q=temperature&limit=10' };
    case 'aggregate':
      return { method: 'GET', path: '/aggregate?aggregations=cmip6:source_id_frequency,cmip6:experiment_id_frequency' };
    case 'deep-page': {
      // only collections large enough to hold DEEP_PAGES pages of DEEP_PAGE_LIMIT items at the default counts
      const large = BENCH_COLLECTIONS.filter((c) => c.weight >= 5);
      const spec = random.pick(large);
      return { method: 'GET', path: `/collections/${encodeURIComponent(spec.id)}/items?limit=${DEEP_PAGE_LIMIT}` };
    }
    default: {
      const never: never = name;
      throw new Error(`unknown query ${String(never)}`);
    }
  }
}
