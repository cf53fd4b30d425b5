import { describe, expect, it } from 'vitest';
import { isRfc3339, toRfc3339 } from '../../../../crosswalks/time/dates.js';

describe('toRfc3339', () => {
  it.each([
    ['2015', 'start', '2015-01-01T00:00:00Z'],
    ['2015', 'end', '2015-12-31T23:59:59Z'],
    ['2016-02', 'end', '2016-02-29T23:59:59Z'],
    ['2015-03-04', 'start', '2015-03-04T00:00:00Z'],
    ['20150304', 'end', '2015-03-04T23:59:59Z'],
    ['2015-03-04T10:20', 'start', '2015-03-04T10:20:00Z'],
    ['2015-03-04T10:20:30+02:00', 'start', '2015-03-04T08:20:30Z'],
    ['2015-03-04 10:20:30.250Z', 'start', '2015-03-04T10:20:30.250Z'],
    ['2015-03-04T10:20:30+0100', 'start', '2015-03-04T09:20:30Z'],
  ] as const)('%s (%s) is %s', (input, edge, expected) => {
    expect(toRfc3339(input, edge)).toBe(expected);
  });

  it.each(['', 'unknown', '2015-13', '2015-02-30', 'now'])('%s is not a date', (input) => {
    expect(toRfc3339(input)).toBeUndefined();
  });

  it('recognises strict RFC 3339', () => {
    expect(isRfc3339('2020-01-01T00:00:00Z')).toBe(true);
    expect(isRfc3339('2020-01-01')).toBe(false);
    expect(isRfc3339('2020-13-01T00:00:00Z')).toBe(false);
  });
});
