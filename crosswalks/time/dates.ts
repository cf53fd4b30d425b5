/**
 * Dates as they arrive in metadata (ISO 8601 with reduced precision, missing time zones, `Z` or offsets)
 * turned into the RFC 3339 UTC timestamps STAC requires. A partial date stands for a period:
 * `2015` is [2015-01-01T00:00:00Z, 2015-12-31T23:59:59Z].
 */
const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole-second (or millisecond when present) UTC timestamp text of a Date. */
function isoUtc(date: Date): string {
  const text = date.toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

/**
 * Parses a metadata date or date-time to RFC 3339 UTC. `edge` chooses which end of a partial date:
 * 'start' gives its first instant, 'end' its last second. Returns undefined when it is not a date.
 */
export function toRfc3339(value: string | undefined | null, edge: 'start' | 'end' = 'start'): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  const compact = COMPACT_DATE.exec(text);
  const partial = PARTIAL.exec(compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : text);
  if (partial) {
    const year = Number(partial[1]);
    const month = partial[2] === undefined ? undefined : Number(partial[2]);
    const day = partial[3] === undefined ? undefined : Number(partial[3]);
    if (month !== undefined && (month < 1 || month > 12)) return undefined;
    if (day !== undefined && (day < 1 || day > daysInMonth(year, month ?? 1))) return undefined;
    if (edge === 'start') return `${partial[1]}-${pad(month ?? 1)}-${pad(day ?? 1)}T00:00:00Z`;
    const lastMonth = month ?? 12;
    const lastDay = day ?? daysInMonth(year, lastMonth);
    return `${partial[1]}-${pad(lastMonth)}-${pad(lastDay)}T23:59:59Z`;
  }
  const dt = DATE_TIME.exec(text);
  if (!dt) return undefined;
  const zone = dt[3] === undefined ? 'Z' : dt[3].toUpperCase() === 'Z' ? 'Z' : dt[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = dt[2]!.length === 5 ? `${dt[2]}:00` : dt[2];
  const date = new Date(`${dt[1]}T${time}${zone}`);
  if (Number.isNaN(date.getTime())) return undefined;
  return isoUtc(date);
}

/** True when the text is a valid RFC 3339 date-time (what STAC and the APIs accept from clients). */
export function isRfc3339(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value));
}
