import { bboxGeometry, normalizeBbox, toBox2D } from '../core/bbox.js';
import type { Geometry, StacRecord } from '../core/stac.js';

/** The columns the search core queries, derived from a record's effective document. */
export interface SearchColumns {
  /** GeoJSON text of the footprint (EPSG:4326), or null when the record has none. */
  readonly geom: string | null;
  readonly dtStart: string | null;
  readonly dtEnd: string | null;
  readonly text: string;
}

function footprint(doc: StacRecord): Geometry | null {
  if (doc.type === 'Feature') {
    const bbox = doc.bbox;
    // A geometry across the antimeridian is described by its bbox (west > east) for searching.
    if (bbox && toBox2D(bbox)[0] > toBox2D(bbox)[2]) return bboxGeometry(bbox);
    if (doc.geometry) return doc.geometry;
    return bbox ? bboxGeometry(bbox) : null;
  }
  const first = doc.extent?.spatial?.bbox?.[0];
  return first ? bboxGeometry(normalizeBbox(first)) : null;
}

function timeRange(doc: StacRecord): [string | null, string | null] {
  if (doc.type === 'Feature') {
    const p = doc.properties;
    const start = (p.start_datetime as string | undefined) ?? p.datetime ?? null;
    const end = (p.end_datetime as string | undefined) ?? p.datetime ?? null;
    return [start, end];
  }
  const interval = doc.extent?.temporal?.interval?.[0];
  if (!interval) return [null, null];
  return [interval[0] ?? '-infinity', interval[1] ?? 'infinity'];
}

const MAX_TEXT_VALUE = 300;

/**
 * Free text of a record (identifiers, titles, descriptions, keywords and short string properties),
 * lower-cased and without accents, as free-text queries are.
 */
function searchText(doc: StacRecord): string {
  // Each text once: free-text queries match words, never phrases, and records repeat their id in titles and
  // identifier properties (an ESGF item carries it three times), which the text parser would read again.
  const parts = new Set<string>([doc.id]);
  const add = (value: unknown): void => {
    if (typeof value === 'string') parts.add(value);
    else if (Array.isArray(value)) value.forEach(add);
  };
  const fields = doc.type === 'Feature' ? doc.properties : doc;
  add(fields.title);
  add(fields.description);
  add(fields.keywords);
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'title' || key === 'description' || key === 'keywords') continue;
    if (typeof value === 'string' && value.length <= MAX_TEXT_VALUE && !/datetime|^created$|^updated$/.test(key)) add(value);
  }
  // Folded here rather than in SQL: translate() over long texts costs more than the rest of the insert.
  return [...parts].join(' ').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

export function searchColumns(doc: StacRecord): SearchColumns {
  const geometry = footprint(doc);
  const [dtStart, dtEnd] = timeRange(doc);
  return { geom: geometry ? JSON.stringify(geometry) : null, dtStart, dtEnd, text: searchText(doc) };
}
