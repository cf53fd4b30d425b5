import { assertNever, invalidParameter } from '../../../core/errors.js';
import { fragment, raw, type SqlFragment } from '../../../db/sql.js';
import type { ComparisonOp, TemporalOp } from '../../cql2/ast.js';
import { isCalendarDate, normalizeTimestamp } from '../../cql2/temporalLiterals.js';

/**
 * A time value as a closed span of timestamptz expressions: an instant (start and end are the same
 * expression), a date (the whole UTC day), or an interval (a record's datetime, an interval literal).
 */
export interface TimeValue {
  readonly start: SqlFragment;
  readonly end: SqlFragment;
  /** Dates are compared at day granularity: `=` means "on that day". */
  readonly granule: 'instant' | 'day' | 'interval';
}

const OPEN_START = raw(`'-infinity'::timestamptz`);
const OPEN_END = raw(`'infinity'::timestamptz`);

export function instant(sql: SqlFragment): TimeValue {
  return { start: sql, end: sql, granule: 'instant' };
}

/** A timestamp literal, passed in UTC so that the session time zone never matters. */
export function timestampValue(text: string): TimeValue {
  const utc = normalizeTimestamp(text);
  if (utc === undefined) throw invalidParameter('filter', `filter: '${text}' is not an RFC 3339 timestamp`);
  return instant(fragment`${utc}::timestamptz`);
}

/**
 * A date literal: the UTC day from 00:00 up to the next midnight. Its end is written as the last
 * microsecond of the day, which is exact at PostgreSQL's timestamp resolution and keeps every span closed.
 */
export function dateValue(text: string): TimeValue {
  if (!isCalendarDate(text)) throw invalidParameter('filter', `filter: '${text}' is not a date (YYYY-MM-DD)`);
  return {
    start: fragment`${`${text}T00:00:00Z`}::timestamptz`,
    end: fragment`${`${text}T23:59:59.999999Z`}::timestamptz`,
    granule: 'day',
  };
}

/** A string used where a time is expected: a date or a timestamp, told apart by its form. */
export function stringTimeValue(text: string): TimeValue {
  return isCalendarDate(text) ? dateValue(text) : timestampValue(text);
}

/** An interval between two time values; undefined is an open end ('..'). */
export function intervalValue(from: TimeValue | undefined, to: TimeValue | undefined): TimeValue {
  return { start: from?.start ?? OPEN_START, end: to?.end ?? OPEN_END, granule: 'interval' };
}

/** Both spans are the same; a date is matched by anything lying within that day. */
function same(a: TimeValue, b: TimeValue): SqlFragment {
  if (a.granule === b.granule && a.granule !== 'interval') return fragment`${a.start} = ${b.start}`;
  if (b.granule === 'day') return fragment`(${a.start} >= ${b.start} AND ${a.end} <= ${b.end})`;
  if (a.granule === 'day') return fragment`(${b.start} >= ${a.start} AND ${b.end} <= ${a.end})`;
  return fragment`(${a.start} = ${b.start} AND ${a.end} = ${b.end})`;
}

/**
 * Comparison operators on time values. On instants they are the usual ones; on spans `<` and `>` mean
 * wholly before and wholly after, `<=` and `>=` their negations (not wholly after, not wholly before), so
 * that `datetime >= a AND datetime <= b` finds every record whose interval meets [a, b].
 */
export function compareTimes(op: ComparisonOp, a: TimeValue, b: TimeValue): SqlFragment {
  switch (op) {
    case '=':
      return same(a, b);
    case '<>':
      return fragment`NOT (${same(a, b)})`;
    case '<':
      return fragment`${a.end} < ${b.start}`;
    case '>':
      return fragment`${a.start} > ${b.end}`;
    case '<=':
      return fragment`${a.start} <= ${b.end}`;
    case '>=':
      return fragment`${a.end} >= ${b.start}`;
    default:
      return assertNever(op, 'comparison operator');
  }
}

/**
 * The CQL2 temporal operators on closed intervals (Allen's interval algebra as the standard defines them
 * through OWL-Time); an instant is the interval [t, t], open ends are -infinity and infinity.
 */
export function temporalRelation(op: TemporalOp, a: TimeValue, b: TimeValue): SqlFragment {
  switch (op) {
    case 't_after':
      return fragment`${a.start} > ${b.end}`;
    case 't_before':
      return fragment`${a.end} < ${b.start}`;
    case 't_contains':
      return fragment`(${a.start} < ${b.start} AND ${a.end} > ${b.end})`;
    case 't_disjoint':
      return fragment`(${a.start} > ${b.end} OR ${a.end} < ${b.start})`;
    case 't_during':
      return fragment`(${a.start} > ${b.start} AND ${a.end} < ${b.end})`;
    case 't_equals':
      return fragment`(${a.start} = ${b.start} AND ${a.end} = ${b.end})`;
    case 't_finishedBy':
      return fragment`(${a.start} < ${b.start} AND ${a.end} = ${b.end})`;
    case 't_finishes':
      return fragment`(${a.start} > ${b.start} AND ${a.end} = ${b.end})`;
    case 't_intersects':
      return fragment`(${a.start} <= ${b.end} AND ${a.end} >= ${b.start})`;
    case 't_meets':
      return fragment`${a.end} = ${b.start}`;
    case 't_metBy':
      return fragment`${a.start} = ${b.end}`;
    case 't_overlappedBy':
      return fragment`(${a.start} > ${b.start} AND ${a.start} < ${b.end} AND ${a.end} > ${b.end})`;
    case 't_overlaps':
      return fragment`(${a.start} < ${b.start} AND ${a.end} > ${b.start} AND ${a.end} < ${b.end})`;
    case 't_startedBy':
      return fragment`(${a.start} = ${b.start} AND ${a.end} > ${b.end})`;
    case 't_starts':
      return fragment`(${a.start} = ${b.start} AND ${a.end} < ${b.end})`;
    default:
      return assertNever(op, 'temporal operator');
  }
}
