/**
 * CF time coordinates (`<unit> since <reference date>` with a `calendar` attribute) decoded to dates.
 * Every CF calendar is supported: the mixed Julian/Gregorian `standard` (alias `gregorian`),
 * `proleptic_gregorian`, `julian`, and the model calendars `noleap`/`365_day`, `all_leap`/`366_day`
 * and `360_day`. Years are astronomical (year 0 exists), as in CF and cftime.
 */

export type CfCalendar = 'standard' | 'proleptic_gregorian' | 'julian' | 'noleap' | 'all_leap' | '360_day';

export type CfTimeProblem = 'units' | 'calendar' | 'value' | 'range';

/** Raised for units that are not `<unit> since <date>`, unknown calendars (and `none`), and dates that cannot be written. */
export class CfTimeError extends Error {
  readonly problem: CfTimeProblem;
  constructor(problem: CfTimeProblem, message: string) {
    super(message);
    this.name = 'CfTimeError';
    this.problem = problem;
  }
}

/** A date as its own calendar labels it (a `360_day` date may be February 30). */
export interface CfDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** Seconds with milliseconds as a fraction. */
  readonly second: number;
}

const CALENDARS: Readonly<Record<string, CfCalendar>> = {
  standard: 'standard',
  gregorian: 'standard',
  proleptic_gregorian: 'proleptic_gregorian',
  julian: 'julian',
  noleap: 'noleap',
  '365_day': 'noleap',
  all_leap: 'all_leap',
  '366_day': 'all_leap',
  '360_day': '360_day',
};

const SECONDS_PER_DAY = 86_400;
/** UDUNITS defines a year as 365.242198781 days and a month as a twelfth of it. */
const UDUNITS_YEAR = 365.242198781 * SECONDS_PER_DAY;

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  microsecond: 1e-6, microseconds: 1e-6, us: 1e-6,
  millisecond: 1e-3, milliseconds: 1e-3, msec: 1e-3, msecs: 1e-3, ms: 1e-3,
  second: 1, seconds: 1, sec: 1, secs: 1, s: 1,
  minute: 60, minutes: 60, min: 60, mins: 60,
  hour: 3600, hours: 3600, hr: 3600, hrs: 3600, h: 3600,
  day: SECONDS_PER_DAY, days: SECONDS_PER_DAY, d: SECONDS_PER_DAY,
  week: 7 * SECONDS_PER_DAY, weeks: 7 * SECONDS_PER_DAY,
  month: UDUNITS_YEAR / 12, months: UDUNITS_YEAR / 12,
  year: UDUNITS_YEAR, years: UDUNITS_YEAR, yr: UDUNITS_YEAR, yrs: UDUNITS_YEAR,
};

const UNITS = /^\s*([A-Za-z]+)\s+since\s+(.+?)\s*$/i;
const REFERENCE =
  /^(-?\d{1,5})-(\d{1,2})(?:-(\d{1,2}))?(?:(?:T|\s+)(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?)?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/i;

/** The Julian day number of 1582-10-15, the first day of the Gregorian calendar in `standard`. */
const GREGORIAN_START_JDN = 2_299_161;
const NOLEAP_MONTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const LEAP_MONTHS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The CF calendar an attribute names (absent means `standard`); throws for `none` and unknown names. */
export function cfCalendar(name?: string): CfCalendar {
  if (name === undefined || name.trim() === '') return 'standard';
  const key = name.trim().toLowerCase();
  const calendar = CALENDARS[key];
  if (calendar !== undefined) return calendar;
  if (key === 'none') throw new CfTimeError('calendar', 'calendar "none": the time coordinate has no calendar, so its values are not dates');
  throw new CfTimeError('calendar', `unknown CF calendar "${name}"`);
}

/** Decodes a time value to its date as the calendar labels it. */
export function decodeCfDate(value: number, units: string, calendar?: string): CfDate {
  const cal = cfCalendar(calendar);
  if (!Number.isFinite(value)) throw new CfTimeError('value', `the time value ${value} is not a finite number`);
  const match = UNITS.exec(units);
  if (!match) throw new CfTimeError('units', `time units "${units}" are not of the form "<unit> since <date>"`);
  const unit = match[1]!.toLowerCase();
  const unitSeconds = cal === '360_day' && (unit === 'month' || unit === 'months')
    ? 30 * SECONDS_PER_DAY
    : cal === '360_day' && (unit === 'year' || unit === 'years' || unit === 'yr' || unit === 'yrs')
      ? 360 * SECONDS_PER_DAY
      : UNIT_SECONDS[unit];
  if (unitSeconds === undefined) throw new CfTimeError('units', `unknown time unit "${match[1]}" in "${units}"`);
  const reference = parseReference(match[2]!, cal, units);

  const offset = value * unitSeconds;
  const total = reference.seconds + offset;
  let days = Math.floor(total / SECONDS_PER_DAY);
  let secondOfDay = Math.round((total - days * SECONDS_PER_DAY) * 1000) / 1000;
  if (secondOfDay >= SECONDS_PER_DAY) {
    days += 1;
    secondOfDay -= SECONDS_PER_DAY;
  }
  const dayNumber = reference.dayNumber + days;
  if (!Number.isSafeInteger(dayNumber) || Math.abs(dayNumber) > 1e9) {
    throw new CfTimeError('range', `${value} ${units} is too far from the reference date`);
  }
  const { year, month, day } = fromDayNumber(dayNumber, cal);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay - hour * 3600) / 60);
  const second = Math.round((secondOfDay - hour * 3600 - minute * 60) * 1000) / 1000;
  return { year, month, day, hour, minute, second };
}

/**
 * Decodes a time value to an RFC 3339 UTC timestamp. For the real-world calendars (`standard`,
 * `julian`, `proleptic_gregorian`) the result is the same instant written in the Gregorian calendar,
 * which RFC 3339 uses: `standard` dates before 1582-10-15 and all `julian` dates are converted. For
 * the model calendars, which have no real instants, the calendar's own date is kept; a date that does
 * not exist in the Gregorian calendar (`360_day` February 30) becomes the last day of its month.
 */
export function decodeCfTime(value: number, units: string, calendar?: string): string {
  const cal = cfCalendar(calendar);
  const date = decodeCfDate(value, units, calendar);
  let { year, month, day } = date;
  if (cal === 'standard' || cal === 'julian') {
    const gregorian = gregorianFromJdn(cal === 'julian' || isBefore(date, 1582, 10, 15) ? julianJdn(year, month, day) : gregorianJdn(year, month, day));
    ({ year, month, day } = gregorian);
  } else if (cal === 'all_leap' || cal === '360_day') {
    day = Math.min(day, gregorianMonthLength(year, month));
  }
  if (year < 0 || year > 9999) throw new CfTimeError('range', `the year ${year} cannot be written in RFC 3339`);
  return formatRfc3339(year, month, day, date.hour, date.minute, date.second);
}

function parseReference(text: string, cal: CfCalendar, units: string): { dayNumber: number; seconds: number } {
  const m = REFERENCE.exec(text);
  if (!m) throw new CfTimeError('units', `the reference date "${text}" of "${units}" is not a date`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > monthLength(year, month, cal) || hour > 24 || minute > 59 || second >= 61) {
    throw new CfTimeError('units', `the reference date "${text}" does not exist in the ${cal} calendar`);
  }
  if (cal === 'standard' && year === 1582 && month === 10 && day > 4 && day < 15) {
    throw new CfTimeError('units', `the reference date "${text}" falls in the days the Gregorian reform skipped`);
  }
  return { dayNumber: toDayNumber(year, month, day, cal), seconds: hour * 3600 + minute * 60 + second - zoneSeconds(m[7]) };
}

function zoneSeconds(zone: string | undefined): number {
  if (zone === undefined || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone)!;
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60;
  return m[1] === '-' ? -seconds : seconds;
}

function isBefore(date: { year: number; month: number; day: number }, year: number, month: number, day: number): boolean {
  if (date.year !== year) return date.year < year;
  if (date.month !== month) return date.month < month;
  return date.day < day;
}

function isGregorianLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function gregorianMonthLength(year: number, month: number): number {
  return (isGregorianLeap(year) ? LEAP_MONTHS : NOLEAP_MONTHS)[month - 1]!;
}

function monthLength(year: number, month: number, cal: CfCalendar): number {
  switch (cal) {
    case '360_day':
      return 30;
    case 'noleap':
      return NOLEAP_MONTHS[month - 1]!;
    case 'all_leap':
      return LEAP_MONTHS[month - 1]!;
    case 'julian':
      return (year % 4 === 0 ? LEAP_MONTHS : NOLEAP_MONTHS)[month - 1]!;
    case 'proleptic_gregorian':
      return gregorianMonthLength(year, month);
    case 'standard':
      return year < 1582 || (year === 1582 && month < 10) ? (year % 4 === 0 ? LEAP_MONTHS : NOLEAP_MONTHS)[month - 1]! : gregorianMonthLength(year, month);
  }
}

/** Julian day number of a Gregorian date (valid from year -4800). */
function gregorianJdn(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

/** Julian day number of a Julian-calendar date. */
function julianJdn(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083;
}

function gregorianFromJdn(jdn: number): { year: number; month: number; day: number } {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return { year: 100 * b + d - 4800 + Math.floor(m / 10), month: m + 3 - 12 * Math.floor(m / 10), day: e - Math.floor((153 * m + 2) / 5) + 1 };
}

function julianFromJdn(jdn: number): { year: number; month: number; day: number } {
  const c = jdn + 32082;
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return { year: d - 4800 + Math.floor(m / 10), month: m + 3 - 12 * Math.floor(m / 10), day: e - Math.floor((153 * m + 2) / 5) + 1 };
}

/** A count of days in the calendar: a Julian day number for the real calendars, days since year 0 otherwise. */
function toDayNumber(year: number, month: number, day: number, cal: CfCalendar): number {
  switch (cal) {
    case 'standard':
      return isBefore({ year, month, day }, 1582, 10, 15) ? julianJdn(year, month, day) : gregorianJdn(year, month, day);
    case 'proleptic_gregorian':
      return gregorianJdn(year, month, day);
    case 'julian':
      return julianJdn(year, month, day);
    case 'noleap':
      return 365 * year + NOLEAP_MONTHS.slice(0, month - 1).reduce((s, n) => s + n, 0) + day - 1;
    case 'all_leap':
      return 366 * year + LEAP_MONTHS.slice(0, month - 1).reduce((s, n) => s + n, 0) + day - 1;
    case '360_day':
      return 360 * year + 30 * (month - 1) + day - 1;
  }
}

function fromDayNumber(dayNumber: number, cal: CfCalendar): { year: number; month: number; day: number } {
  switch (cal) {
    case 'standard':
      return dayNumber < GREGORIAN_START_JDN ? julianFromJdn(dayNumber) : gregorianFromJdn(dayNumber);
    case 'proleptic_gregorian':
      return gregorianFromJdn(dayNumber);
    case 'julian':
      return julianFromJdn(dayNumber);
    case 'noleap':
      return fromFixedYear(dayNumber, 365, NOLEAP_MONTHS);
    case 'all_leap':
      return fromFixedYear(dayNumber, 366, LEAP_MONTHS);
    case '360_day': {
      const year = Math.floor(dayNumber / 360);
      const rest = dayNumber - year * 360;
      return { year, month: Math.floor(rest / 30) + 1, day: (rest % 30) + 1 };
    }
  }
}

function fromFixedYear(dayNumber: number, yearLength: number, months: readonly number[]): { year: number; month: number; day: number } {
  const year = Math.floor(dayNumber / yearLength);
  let rest = dayNumber - year * yearLength;
  let month = 1;
  for (const length of months) {
    if (rest < length) break;
    rest -= length;
    month += 1;
  }
  return { year, month, day: rest + 1 };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function formatRfc3339(year: number, month: number, day: number, hour: number, minute: number, second: number): string {
  const whole = Math.floor(second);
  const millis = Math.round((second - whole) * 1000);
  const fraction = millis === 0 ? '' : `.${pad(millis, 3)}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(whole)}${fraction}Z`;
}
