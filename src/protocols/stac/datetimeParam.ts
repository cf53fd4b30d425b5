import { invalidParameter } from '../../core/errors.js';
import type { Interval } from '../../search/request.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function instant(text: string, locator: string): string {
  if (!RFC3339.test(text)) {
    throw invalidParameter(locator, `${locator}: "${text}" is not an RFC 3339 date-time (e.g. 2020-01-01T00:00:00Z)`);
  }
  const time = Date.parse(text);
  // Date.parse rolls 2021-02-30 over to 2021-03-02 and reads hour 24 as the next day; RFC 3339 allows neither.
  const [year, month, day, hour] = [0, 5, 8, 11].map((at) => Number(text.slice(at, at === 0 ? 4 : at + 2))) as [number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (Number.isNaN(time) || day > daysInMonth || hour > 23) {
    throw invalidParameter(locator, `${locator}: "${text}" is not a valid date-time`);
  }
  if (year < 1) throw invalidParameter(locator, `${locator}: "${text}" is before year 0001, which is not supported`);
  return new Date(time).toISOString();
}

/**
 * The STAC `datetime` parameter: an instant, or an interval `start/end` where `..` or an empty end is
 * open. Strict RFC 3339: anything else is a 400 that says what is wrong.
 */
export function parseDatetimeParam(value: string, locator = 'datetime'): Interval {
  const text = value.trim();
  const parts = text.split('/');
  if (parts.length === 1) {
    const at = instant(text, locator);
    return { start: at, end: at };
  }
  if (parts.length !== 2) throw invalidParameter(locator, `${locator}: "${text}" has more than one "/"`);
  const [rawStart = '', rawEnd = ''] = parts;
  const open = (p: string) => p === '' || p === '..';
  if (open(rawStart) && open(rawEnd)) throw invalidParameter(locator, `${locator}: an interval needs at least one end`);
  const start = open(rawStart) ? undefined : instant(rawStart, locator);
  const end = open(rawEnd) ? undefined : instant(rawEnd, locator);
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidParameter(locator, `${locator}: the interval starts (${start}) after it ends (${end})`);
  }
  return { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
}
