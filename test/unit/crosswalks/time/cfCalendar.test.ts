import { describe, expect, it } from 'vitest';
import { CfTimeError, cfCalendar, decodeCfDate, decodeCfTime } from '../../../../crosswalks/time/cfCalendar.js';

// Every expected value below is worked out by hand in the comment beside it.

describe('decodeCfTime units', () => {
  it('reads days, hours and seconds since a reference date, with or without time and zone', () => {
    expect(decodeCfTime(0, 'days since 1850-01-01')).toBe('1850-01-01T00:00:00Z');
    // 1.5 h after midnight; month and day written with one digit.
    expect(decodeCfTime(1.5, 'hours since 1950-1-1 00:00:00')).toBe('1950-01-01T01:30:00Z');
    // 10^9 s = 11574 days + 6400 s; 11574 days after 1970-01-01 is 2001-09-09; 6400 s = 01:46:40.
    expect(decodeCfTime(1e9, 'seconds since 1970-01-01T00:00:00Z')).toBe('2001-09-09T01:46:40Z');
    // 0.5 s keeps its milliseconds.
    expect(decodeCfTime(0.5, 'seconds since 1970-01-01 00:00:00')).toBe('1970-01-01T00:00:00.500Z');
    // A reference at -06:00 is 06:00 UTC.
    expect(decodeCfTime(0, 'hours since 2000-01-01 00:00:00 -6:00')).toBe('2000-01-01T06:00:00Z');
    expect(decodeCfTime(90, 'minutes since 2000-01-01 0:0:0')).toBe('2000-01-01T01:30:00Z');
    // Negative values go back: one day before 2000-01-01.
    expect(decodeCfTime(-1, 'days since 2000-01-01', 'proleptic_gregorian')).toBe('1999-12-31T00:00:00Z');
  });

  it('throws a CfTimeError naming the problem for units it cannot read', () => {
    const problem = (f: () => unknown): string | undefined => {
      try {
        f();
        return undefined;
      } catch (error) {
        expect(error).toBeInstanceOf(CfTimeError);
        return (error as CfTimeError).problem;
      }
    };
    expect(problem(() => decodeCfTime(1, 'days'))).toBe('units');
    expect(problem(() => decodeCfTime(1, 'fortnights since 2000-01-01'))).toBe('units');
    expect(problem(() => decodeCfTime(1, 'days since the start'))).toBe('units');
    expect(problem(() => decodeCfTime(1, 'days since 2001-02-29', 'noleap'))).toBe('units');
    expect(problem(() => decodeCfTime(1, 'days since 1582-10-10', 'standard'))).toBe('units');
    expect(problem(() => decodeCfTime(Number.NaN, 'days since 2000-01-01'))).toBe('value');
    expect(problem(() => decodeCfTime(1e7, 'days since 2000-01-01'))).toBe('range');
    expect(problem(() => decodeCfTime(1, 'days since 2000-01-01', 'none'))).toBe('calendar');
    expect(problem(() => decodeCfTime(1, 'days since 2000-01-01', 'martian'))).toBe('calendar');
  });

  it('names the calendars, with their aliases, and defaults to standard', () => {
    expect(cfCalendar()).toBe('standard');
    expect(cfCalendar('gregorian')).toBe('standard');
    expect(cfCalendar('365_day')).toBe('noleap');
    expect(cfCalendar('366_day')).toBe('all_leap');
    expect(cfCalendar('NOLEAP')).toBe('noleap');
  });
});

describe('CF calendars', () => {
  it('360_day has 30 days in every month', () => {
    // Day 59 after 2000-01-01: January has 30 days, so day 59 is February 30 (30 + 29 days in).
    expect(decodeCfDate(59, 'days since 2000-01-01', '360_day')).toMatchObject({ year: 2000, month: 2, day: 30 });
    // February 30 does not exist in RFC 3339: the last day of February 2000 stands for it.
    expect(decodeCfTime(59, 'days since 2000-01-01', '360_day')).toBe('2000-02-29T00:00:00Z');
    // 360 days is one year; 30 days one month; "months since" counts 30-day months.
    expect(decodeCfTime(360, 'days since 2000-01-01', '360_day')).toBe('2001-01-01T00:00:00Z');
    expect(decodeCfTime(13, 'months since 2000-01-01', '360_day')).toBe('2001-02-01T00:00:00Z');
    expect(decodeCfTime(1, 'years since 2000-03-01', '360_day')).toBe('2001-03-01T00:00:00Z');
  });

  it('noleap never has February 29, whatever the year', () => {
    // 31 (January) + 28 (February) = 59 days after 2000-01-01 is March 1st, although 2000 is a leap year.
    expect(decodeCfTime(59, 'days since 2000-01-01', 'noleap')).toBe('2000-03-01T00:00:00Z');
    expect(decodeCfTime(59, 'days since 2000-01-01', '365_day')).toBe('2000-03-01T00:00:00Z');
    // 2000 years of 365 days after year 1.
    expect(decodeCfTime(730000, 'days since 0001-01-01 00:00:00', 'noleap')).toBe('2001-01-01T00:00:00Z');
    // The Gregorian calendar would give 2000-02-29 for the same count.
    expect(decodeCfTime(59, 'days since 2000-01-01', 'proleptic_gregorian')).toBe('2000-02-29T00:00:00Z');
  });

  it('all_leap has February 29 every year', () => {
    // 59 days after 2001-01-01 is February 29 in all_leap; 2001 has none, so RFC 3339 gets February 28.
    expect(decodeCfDate(59, 'days since 2001-01-01', 'all_leap')).toMatchObject({ year: 2001, month: 2, day: 29 });
    expect(decodeCfTime(59, 'days since 2001-01-01', 'all_leap')).toBe('2001-02-28T00:00:00Z');
    expect(decodeCfTime(366, 'days since 2001-01-01', '366_day')).toBe('2002-01-01T00:00:00Z');
  });

  it('julian has a leap year every fourth year, 1900 included', () => {
    // 1900 is a Julian leap year: 31 + 28 = 59 days after January 1st is February 29.
    expect(decodeCfDate(59, 'days since 1900-01-01', 'julian')).toMatchObject({ year: 1900, month: 2, day: 29 });
    // Julian 1900-02-29 is Gregorian 1900-03-13 (the calendars were 13 days apart then).
    expect(decodeCfTime(59, 'days since 1900-01-01', 'julian')).toBe('1900-03-13T00:00:00Z');
    // Julian 2000-01-01 is Gregorian 2000-01-14.
    expect(decodeCfTime(0, 'days since 2000-01-01', 'julian')).toBe('2000-01-14T00:00:00Z');
  });

  it('standard is Julian before 1582-10-15 and Gregorian from then on', () => {
    // The day after Julian 1582-10-04 is Gregorian 1582-10-15.
    expect(decodeCfDate(1, 'days since 1582-10-04', 'standard')).toMatchObject({ year: 1582, month: 10, day: 15 });
    expect(decodeCfTime(1, 'days since 1582-10-04', 'standard')).toBe('1582-10-15T00:00:00Z');
    // Going back one day from 1582-10-15 gives Julian 1582-10-04, the instant Gregorian 1582-10-14.
    expect(decodeCfDate(-1, 'days since 1582-10-15', 'gregorian')).toMatchObject({ year: 1582, month: 10, day: 4 });
    expect(decodeCfTime(-1, 'days since 1582-10-15', 'gregorian')).toBe('1582-10-14T00:00:00Z');
    // proleptic_gregorian does not skip: 1582-10-04 + 1 day = 1582-10-05.
    expect(decodeCfTime(1, 'days since 1582-10-04', 'proleptic_gregorian')).toBe('1582-10-05T00:00:00Z');
    // 1500 is a leap year in the standard (then Julian) calendar: 1500-02-29 exists.
    expect(decodeCfDate(59, 'days since 1500-01-01', 'standard')).toMatchObject({ year: 1500, month: 2, day: 29 });
    // 100 Julian years from 1500 hold 100 * 365 + 25 leap days (1500, 1504, ..., 1596) = 36525 days;
    // the reform skipped 10 of them, so 1600-01-01 is 36515 days after 1500-01-01.
    expect(decodeCfTime(36515, 'days since 1500-01-01', 'standard')).toBe('1600-01-01T00:00:00Z');
    // Without a calendar attribute, CF means standard.
    expect(decodeCfTime(36515, 'days since 1500-01-01')).toBe('1600-01-01T00:00:00Z');
  });
});
