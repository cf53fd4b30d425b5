/**
 * PostgreSQL timestamptz text as both drivers return it (`2026-01-02 03:04:05.678+00`) to RFC 3339 UTC.
 * Millisecond precision: the microseconds PostgreSQL keeps are not needed outside the database.
 */
export function timestampToRfc3339(value: string): string {
  return new Date(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString();
}
