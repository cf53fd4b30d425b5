import { invalidParameter } from '../../core/errors.js';
import type { AggregationRequest } from '../../search/request.js';

const INTERVALS = new Set(['year', 'month', 'day', 'hour']);
const FREQUENCY_SUFFIX = '_frequency';
export const DEFAULT_BUCKETS = 100;

/**
 * The aggregation extension's `aggregations` list: `total_count`, `datetime_min`, `datetime_max`,
 * `datetime_frequency` (by `datetime_frequency_interval`), and `<property>_frequency` term counts on any
 * property (such as `cmip6:source_id_frequency`, which replaces an ESGF facet count).
 */
export function parseAggregations(names: unknown, interval: unknown, size: unknown): AggregationRequest[] {
  const list = typeof names === 'string' ? names.split(',').map((s) => s.trim()).filter(Boolean) : names;
  if (!Array.isArray(list) || list.length === 0 || !list.every((n) => typeof n === 'string')) {
    throw invalidParameter('aggregations', 'aggregations: name at least one aggregation, e.g. total_count');
  }
  const bucketInterval = interval === undefined ? 'month' : String(interval);
  if (!INTERVALS.has(bucketInterval)) {
    throw invalidParameter('datetime_frequency_interval', 'datetime_frequency_interval: one of year, month, day, hour');
  }
  const buckets = size === undefined ? DEFAULT_BUCKETS : Number(size);
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 10_000) {
    throw invalidParameter('frequency_size', 'frequency_size: an integer from 1 to 10000');
  }
  return (list as string[]).map((name): AggregationRequest => {
    if (name === 'total_count' || name === 'datetime_min' || name === 'datetime_max') return { kind: name, name };
    if (name === 'datetime_frequency') {
      return { kind: 'datetime_frequency', name, interval: bucketInterval as 'year' | 'month' | 'day' | 'hour' };
    }
    if (name.endsWith(FREQUENCY_SUFFIX) && name.length > FREQUENCY_SUFFIX.length) {
      return { kind: 'terms', name, field: name.slice(0, -FREQUENCY_SUFFIX.length), size: buckets };
    }
    throw invalidParameter('aggregations', `aggregations: unknown aggregation "${name}" (use total_count, datetime_frequency or <property>_frequency)`);
  });
}

export function frequencyName(property: string): string {
  return `${property}${FREQUENCY_SUFFIX}`;
}
