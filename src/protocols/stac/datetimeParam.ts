import { invalidParameter } from '../../core/errors.js';
import type { Interval } from '../../search/request.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function instant(text: string, locator: string): string {
  if (!RFC3339.test(text)) {
    throw invalidParameter(locator, `${locator}: "${text}" is not an RFC 3339 date-time (e.g. 2020-01-01T00:00:00Z)`);
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw invalidParameter(locator, `${locator}: "${text}" is not a valid date-time`);
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
