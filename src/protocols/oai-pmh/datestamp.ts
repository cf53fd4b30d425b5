/**
 * OAI-PMH datestamps. The repository's granularity is seconds, and both granularities are accepted in
 * `from` and `until`. Meridian stores datestamps to the microsecond; an argument stands for every
 * instant it covers, so `until=2024-05-01` reaches 2024-05-01T23:59:59.999999Z and
 * `until=2024-05-01T10:00:00Z` reaches 10:00:00.999999 (what a client sees as 10:00:00).
 */
export type Granularity = 'day' | 'second';

export interface OaiDate {
  readonly granularity: Granularity;
  /** The first instant the value covers (RFC 3339 UTC). */
  readonly start: string;
  /** The last instant the value covers, inclusive, to the microsecond. */
  readonly end: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** A `from`/`until` value in one of the two granularities, or undefined when it is neither (or no real date). */
export function parseOaiDate(value: string): OaiDate | undefined {
  const day = DAY.exec(value);
  const second = day ? undefined : SECOND.exec(value);
  const parts = (day ?? second)?.slice(1).map(Number);
  if (!parts) return undefined;
  const [year = 0, month = 0, date = 0, hour = 0, minute = 0, sec = 0] = parts;
  const instant = new Date(Date.UTC(year, month - 1, date, hour, minute, sec));
  // Date.UTC rolls 2024-02-30 over to March: a value is real only when nothing rolled over.
  const real =
    instant.getUTCFullYear() === year && instant.getUTCMonth() === month - 1 && instant.getUTCDate() === date &&
    instant.getUTCHours() === hour && instant.getUTCMinutes() === minute && instant.getUTCSeconds() === sec;
  if (!real || year < 1) return undefined;
  const start = `${value.slice(0, 10)}T${day ? '00:00:00' : value.slice(11, 19)}`;
  return {
    granularity: day ? 'day' : 'second',
    start: `${start}Z`,
    end: day ? `${value}T23:59:59.999999Z` : `${start}.999999Z`,
  };
}

/** An RFC 3339 UTC instant at the repository's granularity (seconds, truncated). */
export function toDatestamp(instant: string | Date): string {
  const iso = typeof instant === 'string' ? new Date(instant).toISOString() : instant.toISOString();
  return `${iso.slice(0, 19)}Z`;
}
