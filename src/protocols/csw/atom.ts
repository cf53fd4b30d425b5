import { toBox2D } from '../../core/bbox.js';
import type { StacRecord } from '../../core/stac.js';
import { escapeXml } from '../../core/xml.js';
import type { RecordEnvelope } from '../../search/backend.js';
import { ATOM, CSW30, DC, GEORSS, GMD, OPENSEARCH } from './namespaces.js';

/** The members of a record Atom shows: title, description, keywords, footprint box. */
function fieldsOf(doc: StacRecord): Readonly<Record<string, unknown>> {
  return doc.type === 'Feature' ? doc.properties : doc;
}

/** The link to one record through GetRecordById (CSW 3.0), in a schema. */
export function recordUrl(endpoint: string, id: string, extra: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams({ service: 'CSW', version: '3.0.0', request: 'GetRecordById', id, ...extra });
  return `${endpoint}?${params.toString()}`;
}

function georssBox(record: RecordEnvelope): string {
  const bbox = record.doc.type === 'Feature' ? record.doc.bbox : record.doc.extent?.spatial?.bbox?.[0];
  if (bbox === undefined) return '';
  const [w, s, e, n] = toBox2D(bbox);
  return `<georss:box>${s} ${w} ${n} ${e}</georss:box>`;
}

/** A record as an Atom entry (OpenSearch results of CSW 3.0). */
export function atomEntry(record: RecordEnvelope, endpoint: string, standalone: boolean): string {
  const f = fieldsOf(record.doc);
  const title = typeof f.title === 'string' && f.title !== '' ? f.title : record.id;
  const summary = typeof f.description === 'string' && f.description !== '' ? `<summary>${escapeXml(f.description)}</summary>` : '';
  const keywords = Array.isArray(f.keywords) ? f.keywords.filter((k): k is string => typeof k === 'string') : [];
  const xmlns = standalone ? ` xmlns="${ATOM}" xmlns:dc="${DC}" xmlns:georss="${GEORSS}"` : '';
  return (
    `<entry${xmlns}>` +
    `<id>${escapeXml(recordUrl(endpoint, record.id))}</id>` +
    `<title>${escapeXml(title)}</title>` +
    `<updated>${escapeXml(record.datestamp)}</updated>` +
    `<dc:identifier>${escapeXml(record.id)}</dc:identifier>` +
    summary +
    keywords.map((k) => `<category term="${escapeXml(k)}"/>`).join('') +
    `<link rel="alternate" type="application/xml" title="Dublin Core" href="${escapeXml(recordUrl(endpoint, record.id, { outputSchema: CSW30, elementSetName: 'full' }))}"/>` +
    `<link rel="alternate" type="application/xml" title="ISO 19139" href="${escapeXml(recordUrl(endpoint, record.id, { outputSchema: GMD }))}"/>` +
    georssBox(record) +
    '</entry>'
  );
}

export interface AtomFeed {
  readonly id: string;
  readonly title: string;
  readonly updated: string;
  readonly osdd: string;
  readonly matched: number;
  readonly startPosition: number;
  readonly maxRecords: number;
  readonly next?: string;
}

/** The opening of an OpenSearch Atom feed; entries and `</feed>` follow. */
export function atomFeedHead(feed: AtomFeed): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<feed xmlns="${ATOM}" xmlns:os="${OPENSEARCH}" xmlns:dc="${DC}" xmlns:georss="${GEORSS}">` +
    `<id>${escapeXml(feed.id)}</id>` +
    `<title>${escapeXml(feed.title)}</title>` +
    `<updated>${escapeXml(feed.updated)}</updated>` +
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.id)}"/>` +
    `<link rel="search" type="application/opensearchdescription+xml" href="${escapeXml(feed.osdd)}"/>` +
    (feed.next === undefined ? '' : `<link rel="next" type="application/atom+xml" href="${escapeXml(feed.next)}"/>`) +
    `<os:totalResults>${feed.matched}</os:totalResults>` +
    `<os:startIndex>${feed.startPosition}</os:startIndex>` +
    `<os:itemsPerPage>${feed.maxRecords}</os:itemsPerPage>`
  );
}
