const DAY_MS = 86_400_000;

/** RFC 3339 UTC without fractional seconds, from epoch milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Epoch milliseconds of a UTC calendar date and time. */
export function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date.getTime();
}

export function addDays(ms: number, days: number): number {
  return ms + days * DAY_MS;
}
