import { raw, fragment, type SqlFragment } from '../../../db/sql.js';
import { EFFECTIVE_DOC } from '../../../db/recordsTable.js';

/**
 * The queryables map of the SQL backend: how a property name used in a filter, a sort or an
 * aggregation reaches the `records` table (alias `r`). Property names never reach SQL as text:
 * known names map to columns, any other name becomes a bound JSON path parameter.
 */
export type PropertySql =
  /** A text column (id, collection). */
  | { readonly kind: 'text'; readonly sql: SqlFragment }
  /** A bigint column (the order records entered the catalogue). */
  | { readonly kind: 'integer'; readonly sql: SqlFragment }
  /** A timestamptz column (start_datetime, end_datetime; datetime outside temporal operators). */
  | { readonly kind: 'timestamp'; readonly sql: SqlFragment }
  /** The record's time interval, for temporal operators on `datetime`; ends are '-infinity'/'infinity' when open. */
  | { readonly kind: 'interval'; readonly start: SqlFragment; readonly end: SqlFragment }
  /** The record's footprint (geometry, 4326). */
  | { readonly kind: 'geometry'; readonly sql: SqlFragment }
  /** A jsonb value of the document, SQL NULL when absent. */
  | { readonly kind: 'json'; readonly sql: SqlFragment };

export type SearchTarget = 'items' | 'collections';

/** Top-level members of a STAC Collection (other names are looked up in its document too). */
const PROPERTIES_PREFIX = 'properties.';

export function resolveProperty(name: string, target: SearchTarget, temporal = false): PropertySql {
  switch (name) {
    case 'id':
      return { kind: 'text', sql: raw('r.id') };
    case 'collection':
      return { kind: 'text', sql: raw(target === 'items' ? 'r.collection_id' : 'r.id') };
    case 'geometry':
    case 'footprint':
    case 'bbox':
      return { kind: 'geometry', sql: raw('r.geom') };
    case 'datetime':
    case 'properties.datetime':
      return temporal
        ? { kind: 'interval', start: raw('r.dt_start'), end: raw('r.dt_end') }
        : { kind: 'timestamp', sql: raw('r.dt_start') };
    case 'start_datetime':
    case 'properties.start_datetime':
      return { kind: 'timestamp', sql: raw('r.dt_start') };
    case 'end_datetime':
    case 'properties.end_datetime':
      return { kind: 'timestamp', sql: raw('r.dt_end') };
    // The record's last change in Meridian (OAI-PMH datestamps, CSW modified), not a STAC property.
    case 'meridian:datestamp':
      return { kind: 'timestamp', sql: raw('r.datestamp') };
    // The order records entered the catalogue: unique, and unchanged by updates (a stable paging order).
    case 'meridian:insertion':
      return { kind: 'integer', sql: raw('r.pk') };
    // The harvest source a record came from (its provenance; NULL for records created here).
    case 'meridian:source':
      return { kind: 'text', sql: raw('r.source_id') };
    default: {
      const element = elementPath(name);
      return { kind: 'json', sql: element === undefined ? jsonPath(name, target) : memberValues(element, target) };
    }
  }
}

/**
 * Every value of a member of an array's elements, as one JSON array (lax SQL/JSON path: an object is its
 * only element, nested arrays are walked), for term counts and sorts; filters read such names as `a_some`.
 */
function memberValues(element: { readonly array: string; readonly member: string }, target: SearchTarget): SqlFragment {
  const steps = [element.array, ...element.member.split('.')].map((step) => `."${step.replace(/["\\]/g, (c) => `\\${c}`)}"`);
  const path = `lax $${steps.join('')}[*]`;
  return fragment`jsonb_path_query_array(${target === 'collections' ? EFFECTIVE_DOC : raw('r.props')}, ${path}::jsonpath)`;
}

/**
 * Arrays of objects of STAC records (and objects, which count as their only element) whose members a
 * filter may name as `array.member`, e.g. `providers.name`, `contacts.organization`, `language.code`.
 */
const ELEMENT_ARRAYS: ReadonlySet<string> = new Set(['providers', 'contacts', 'language', 'languages', 'themes']);

/** The array and the member an `array.member` name stands for, or undefined for any other name. */
export function elementPath(name: string): { readonly array: string; readonly member: string } | undefined {
  const bare = name.startsWith(PROPERTIES_PREFIX) ? name.slice(PROPERTIES_PREFIX.length) : name;
  const dot = bare.indexOf('.');
  if (dot <= 0 || dot === bare.length - 1 || !ELEMENT_ARRAYS.has(bare.slice(0, dot))) return undefined;
  return { array: bare.slice(0, dot), member: bare.slice(dot + 1) };
}

/** Where a property lives in the document: item properties, or top-level members of a collection. */
function jsonPath(name: string, target: SearchTarget): SqlFragment {
  const bare = name.startsWith(PROPERTIES_PREFIX) ? name.slice(PROPERTIES_PREFIX.length) : name;
  if (target === 'collections') return fragment`(${EFFECTIVE_DOC} -> ${bare}::text)`;
  return fragment`(r.props -> ${bare}::text)`;
}
