import type { IntervalEnd } from './ast.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const match = DATE_RE.exec(text);
  return match !== null && isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * An RFC 3339 date-time moved to UTC and written `YYYY-MM-DDTHH:MM:SS[.fff]Z`, or undefined when invalid.
 * The fraction keeps its precision (PostgreSQL stores microseconds) but drops trailing zeros and is padded to
 * groups of three digits, so that equal instants are equal strings.
 */
export function normalizeTimestamp(text: string): string | undefined {
  const match = TIMESTAMP_RE.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number, number, number, number, number, number,
  ];
  if (!isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (match[8] !== undefined) {
    const offsetHours = Number(match[9]);
    const offsetRest = Number(match[10]);
    if (offsetHours > 23 || offsetRest > 59) return undefined;
    offsetMinutes = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  // setUTCFullYear rather than Date.UTC, which reads years 0-99 as 1900-1999.
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute - offsetMinutes, second, 0);
  const utcYear = instant.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return undefined;
  const digits = (match[7] ?? '').replace(/0+$/, '');
  const fraction = digits === '' ? '' : `.${digits.padEnd(Math.ceil(digits.length / 3) * 3, '0')}`;
  return `${instant.toISOString().slice(0, 19)}${fraction}Z`;
}

/** An interval end written as a string: `'..'`, a date, or a timestamp (normalised); undefined when invalid. */
export function normalizeIntervalString(text: string): string | undefined {
  if (text === '..' || isCalendarDate(text)) return text;
  return normalizeTimestamp(text);
}

function endInstant(end: IntervalEnd): number | undefined {
  if (typeof end === 'string') return end === '..' ? undefined : Date.parse(end);
  if ('timestamp' in end) return Date.parse(end.timestamp);
  if ('date' in end) return Date.parse(end.date);
  return undefined;
}

/** Whether an interval with two literal ends starts after it ends (properties and open ends are never checked). */
export function isReversedInterval(start: IntervalEnd, end: IntervalEnd): boolean {
  const from = endInstant(start);
  const to = endInstant(end);
  return from !== undefined && to !== undefined && from > to;
}
