import { describe, expect, it } from 'vitest';
import { nextFireTime, parseCron } from '../../../harvesters/runner/schedule.js';
import { parseSources } from '../../../harvesters/sources.js';

const next = (expression: string, after: string): string => nextFireTime(parseCron(expression), new Date(after)).toISOString();

describe('cron expressions', () => {
  it('parse stars, numbers, lists, ranges and steps', () => {
    const s = parseCron('*/15 2,14 1-3 */4 1-5/2');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([2, 14]);
    expect([...s.daysOfMonth]).toEqual([1, 2, 3]);
    expect([...s.months]).toEqual([1, 5, 9]);
    expect([...s.daysOfWeek]).toEqual([1, 3, 5]);
    expect(s.daysOfMonthRestricted).toBe(true);
    expect(s.daysOfWeekRestricted).toBe(true);
  });

  it('read a/n as from a to the end of the field, and 7 as Sunday', () => {
    const s = parseCron('50/5 * * * 7');
    expect([...s.minutes]).toEqual([50, 55]);
    expect([...s.daysOfWeek]).toEqual([0]);
  });

  it.each([
    ['0 2 * *', /expected 5 fields/],
    ['60 * * * *', /60 is outside 0-59 in the minute field/],
    ['0 24 * * *', /outside 0-23 in the hour field/],
    ['0 0 0 * *', /outside 1-31/],
    ['0 0 * 13 *', /outside 1-12/],
    ['0 0 * * 8', /outside 0-7/],
    ['*/0 * * * *', /is not a step/],
    ['5-1 * * * *', /runs backwards/],
    ['a * * * *', /is not a number/],
    ['1-2-3 * * * *', /is not a range/],
    ['*/2/3 * * * *', /two steps/],
    ['0 0 , * *', /is not a number/],
  ])('refuse %s', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(message);
  });
});

describe('next fire time', () => {
  it('is strictly after the given time, on a whole minute', () => {
    expect(next('* * * * *', '2026-11-20T10:15:00.000Z')).toBe('2026-11-20T10:16:00.000Z');
    expect(next('* * * * *', '2026-11-20T10:15:42.123Z')).toBe('2026-11-20T10:16:00.000Z');
  });

  it('runs daily schedules in UTC, rolling over days, months and years', () => {
    expect(next('0 2 * * *', '2026-11-20T01:59:59Z')).toBe('2026-11-20T02:00:00.000Z');
    expect(next('0 2 * * *', '2026-11-20T02:00:00Z')).toBe('2026-11-21T02:00:00.000Z');
    expect(next('0 2 * * *', '2026-11-30T03:00:00Z')).toBe('2026-12-01T02:00:00.000Z');
    expect(next('0 2 * * *', '2026-12-31T23:00:00Z')).toBe('2027-01-01T02:00:00.000Z');
  });

  it('follows steps and lists within the hour', () => {
    expect(next('*/15 * * * *', '2026-11-20T10:15:00Z')).toBe('2026-11-20T10:30:00.000Z');
    expect(next('*/15 * * * *', '2026-11-20T10:50:00Z')).toBe('2026-11-20T11:00:00.000Z');
    expect(next('5,35 9-17 * * *', '2026-11-20T17:40:00Z')).toBe('2026-11-21T09:05:00.000Z');
  });

  it('matches days of the week', () => {
    // 2026-11-20 is a Friday.
    expect(next('30 6 * * 1', '2026-11-20T00:00:00Z')).toBe('2026-11-23T06:30:00.000Z');
    expect(next('0 0 * * 0', '2026-11-20T00:00:00Z')).toBe('2026-11-22T00:00:00.000Z');
    expect(next('0 0 * * 1-5', '2026-11-20T12:00:00Z')).toBe('2026-11-23T00:00:00.000Z');
  });

  it('fires on either day field when both are restricted, on both when one is a star', () => {
    // The 1st of the month or a Monday.
    expect(next('0 0 1 * 1', '2026-11-24T00:00:00Z')).toBe('2026-11-30T00:00:00.000Z');
    expect(next('0 0 1 * 1', '2026-11-30T00:00:00Z')).toBe('2026-12-01T00:00:00.000Z');
    // Every 2 days of the month starting on the 1st, whatever the weekday.
    expect(next('0 0 */2 * *', '2026-11-29T12:00:00Z')).toBe('2026-12-01T00:00:00.000Z');
  });

  it('finds leap days and skips months without the day', () => {
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 12 31 * *', '2026-11-01T00:00:00Z')).toBe('2026-12-31T12:00:00.000Z');
  });

  it('refuses an expression that never fires', () => {
    expect(() => next('0 0 30 2 *', '2026-01-01T00:00:00Z')).toThrow(/never fires/);
  });
});

describe('source schedules', () => {
  it('are accepted on every kind and checked when the sources are read', () => {
    const [source] = parseSources([{ id: 'a', kind: 'csw', url: 'https://c.org/csw', schedule: '0 2 * * *' }], 'f.yaml');
    expect(source?.schedule).toBe('0 2 * * *');
    expect(() => parseSources([{ id: 'a', kind: 'csw', url: 'https://c.org/csw', schedule: '0 2 * *' }], 'f.yaml')).toThrow(
      /source "a": invalid cron expression "0 2 \* \*"/,
    );
    expect(() => parseSources([{ id: 'a', kind: 'csw', url: 'https://c.org/csw', schedule: '0 0 31 2 *' }], 'f.yaml')).toThrow(/never fires/);
  });
});
