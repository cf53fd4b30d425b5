import { CrosswalkError } from '../crosswalk.js';
import { isJsonObject } from '../../src/core/json.js';

/** One esg-search document (Dataset or File) as Solr returns it: facets are mostly 1-element arrays. */
export type SolrDoc = Readonly<Record<string, unknown>>;

function parseJson(document: string): unknown {
  try {
    return JSON.parse(document);
  } catch (cause) {
    throw new CrosswalkError('esgf-solr', 'the ESGF document is not JSON', { cause });
  }
}

/**
 * The documents of an esg-search answer. Accepts a Solr JSON response (`response.docs`), a recorded
 * exchange that wraps it (`esg_search_response`), a bare array of documents, or a single document.
 * `alreadyParsed` is what the text parses to, when the caller has it.
 */
export function readSolrDocs(document: string, alreadyParsed?: unknown): SolrDoc[] {
  let parsed = alreadyParsed ?? parseJson(document);
  if (isJsonObject(parsed) && isJsonObject(parsed.esg_search_response)) parsed = parsed.esg_search_response;
  if (Array.isArray(parsed)) return parsed.filter(isJsonObject);
  if (!isJsonObject(parsed)) throw new CrosswalkError('esgf-solr', 'the ESGF document is not a JSON object');
  const response = parsed.response;
  if (isJsonObject(response)) {
    if (!Array.isArray(response.docs)) throw new CrosswalkError('esgf-solr', 'the Solr response has no docs array');
    return response.docs.filter(isJsonObject);
  }
  if (typeof parsed.id === 'string' || typeof parsed.instance_id === 'string') return [parsed];
  throw new CrosswalkError('esgf-solr', 'neither a Solr response nor an esg-search document');
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Every value of a field as text, whether Solr gave an array or a scalar. */
export function stringList(doc: SolrDoc, field: string): string[] {
  const value = doc[field];
  const values = Array.isArray(value) ? value : [value];
  const texts: string[] = [];
  for (const v of values) {
    const text = scalarText(v);
    if (text !== undefined) texts.push(text);
  }
  return texts;
}

export function firstString(doc: SolrDoc, field: string): string | undefined {
  return stringList(doc, field)[0];
}

/** JSON booleans, or the strings "true"/"false" some publishers write. */
export function lenientBoolean(value: unknown): boolean | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const text = v.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  return undefined;
}

/** A finite number from a number or numeric text (sizes and degrees are sometimes strings). */
export function lenientNumber(value: unknown): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Versions arrive as "20190308" or 20190308: always text. */
export function versionText(value: unknown): string | undefined {
  return scalarText(Array.isArray(value) ? value[0] : value);
}

/** Splits an esg-search `id` (`instance_id|data_node`). */
export function splitEsgfId(id: string): { readonly instanceId: string; readonly dataNode: string | undefined } {
  const bar = id.lastIndexOf('|');
  return bar < 0 ? { instanceId: id, dataNode: undefined } : { instanceId: id.slice(0, bar), dataNode: id.slice(bar + 1) };
}
