import { MeridianError } from '../../src/core/errors.js';

/**
 * A parsed five-field cron expression (`minute hour day-of-month month day-of-week`), read in UTC.
 * Each field is `*`, a number, a range `a-b`, a step `*\/n`, `a-b/n` or `a/n`, or a comma-separated list
 * of these. Day of week is 0-7 (0 and 7 are Sunday). As in Vixie cron, when both day fields are
 * restricted a day matches if either one does.
 */
export interface CronSchedule {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  readonly daysOfMonthRestricted: boolean;
  readonly daysOfWeekRestricted: boolean;
}

interface FieldRange {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

const FIELDS: readonly FieldRange[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
];

/** How far ahead a next fire time is looked for: expressions such as `0 0 30 2 *` never fire. */
const SEARCH_YEARS = 8;

function invalid(expression: string, detail: string): MeridianError {
  return new MeridianError('InvalidParameter', `invalid cron expression "${expression}": ${detail}`, { locator: 'schedule' });
}

function parseNumber(text: string, field: FieldRange, expression: string): number {
  if (!/^\d+$/.test(text)) throw invalid(expression, `"${text}" is not a number in the ${field.name} field`);
  const value = Number(text);
  if (value < field.min || value > field.max) {
    throw invalid(expression, `${value} is outside ${field.min}-${field.max} in the ${field.name} field`);
  }
  return value;
}

function parseField(text: string, field: FieldRange, expression: string): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [rangeText = '', stepText, extra] = part.split('/');
    if (extra !== undefined) throw invalid(expression, `"${part}" has two steps in the ${field.name} field`);
    let low: number;
    let high: number;
    if (rangeText === '*') {
      low = field.min;
      high = field.max;
    } else {
      const bounds = rangeText.split('-');
      if (bounds.length > 2) throw invalid(expression, `"${rangeText}" is not a range in the ${field.name} field`);
      low = parseNumber(bounds[0] ?? '', field, expression);
      high = bounds[1] === undefined ? (stepText === undefined ? low : field.max) : parseNumber(bounds[1], field, expression);
      if (high < low) throw invalid(expression, `the range ${rangeText} runs backwards in the ${field.name} field`);
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw invalid(expression, `"${stepText}" is not a step in the ${field.name} field`);
      step = Number(stepText);
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

/** Parses a five-field cron expression; throws `InvalidParameter` naming what is wrong. */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw invalid(expression, `expected 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts.map((part, i) => parseField(part, FIELDS[i] as FieldRange, expression)) as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (dayOfWeek.has(7)) {
    dayOfWeek.delete(7);
    dayOfWeek.add(0);
  }
  return {
    expression,
    minutes: minute,
    hours: hour,
    daysOfMonth: dayOfMonth,
    months: month,
    daysOfWeek: dayOfWeek,
    daysOfMonthRestricted: !(parts[2] ?? '').startsWith('*'),
    daysOfWeekRestricted: !(parts[4] ?? '').startsWith('*'),
  };
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const dom = schedule.daysOfMonth.has(date.getUTCDate());
  const dow = schedule.daysOfWeek.has(date.getUTCDay());
  if (schedule.daysOfMonthRestricted && schedule.daysOfWeekRestricted) return dom || dow;
  return dom && dow;
}

/**
 * The first time strictly after `after` at which the schedule fires (UTC, whole minutes). Throws
 * `InvalidParameter` for an expression that never fires (such as February 30).
 */
export function nextFireTime(schedule: CronSchedule, after: Date): Date {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = Date.UTC(t.getUTCFullYear() + SEARCH_YEARS, 0, 1);
  while (t.getTime() < limit) {
    if (!schedule.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(schedule, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!schedule.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else {
      return t;
    }
  }
  throw invalid(schedule.expression, 'it never fires');
}
