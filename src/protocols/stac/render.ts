import type { StacCollection, StacItem, StacLink, StacRecord } from '../../core/stac.js';
import type { RecordEnvelope, SearchPage } from '../../search/backend.js';
import { applyFields } from '../../search/fields.js';
import type { FieldsSpec } from '../../search/request.js';

export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';

/** Links a record carries of its own (licence, DOI, alternate...), without the navigation ones we rebuild. */
const NAVIGATION = new Set(['self', 'root', 'parent', 'collection', 'items', 'queryables', 'aggregations', 'aggregate']);

function ownLinks(doc: StacRecord): StacLink[] {
  return (doc.links ?? []).filter((l) => !NAVIGATION.has(l.rel));
}

const enc = encodeURIComponent;

export function itemUrl(base: string, collection: string, id: string): string {
  return `${base}/collections/${enc(collection)}/items/${enc(id)}`;
}

export function collectionUrl(base: string, id: string): string {
  return `${base}/collections/${enc(id)}`;
}

export function renderItem(doc: StacItem, base: string): StacItem {
  const collection = String(doc.collection ?? '');
  return {
    ...doc,
    links: [
      { rel: 'self', type: GEOJSON, href: itemUrl(base, collection, doc.id) },
      { rel: 'parent', type: JSON_TYPE, href: collectionUrl(base, collection) },
      { rel: 'collection', type: JSON_TYPE, href: collectionUrl(base, collection) },
      { rel: 'root', type: JSON_TYPE, href: `${base}/` },
      ...ownLinks(doc),
    ],
  };
}

export function renderCollection(doc: StacCollection, base: string): StacCollection {
  const self = collectionUrl(base, doc.id);
  return {
    ...doc,
    links: [
      { rel: 'self', type: JSON_TYPE, href: self },
      { rel: 'parent', type: JSON_TYPE, href: `${base}/` },
      { rel: 'root', type: JSON_TYPE, href: `${base}/` },
      { rel: 'items', type: GEOJSON, href: `${self}/items` },
      { rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', href: `${self}/queryables` },
      { rel: 'aggregate', type: JSON_TYPE, href: `${self}/aggregate`, method: 'GET' },
      { rel: 'aggregations', type: JSON_TYPE, href: `${self}/aggregations` },
      ...ownLinks(doc),
    ],
  };
}

export function renderRecord(envelope: RecordEnvelope, base: string, fields?: FieldsSpec): StacRecord {
  const doc = envelope.doc;
  const rendered = doc.type === 'Feature' ? renderItem(doc, base) : renderCollection(doc, base);
  return applyFields(rendered, fields);
}

/** How to ask for the next or previous page: a GET link with `token`, or a POST link carrying the body. */
export type PageLinkFactory = (rel: 'next' | 'prev', token: string) => StacLink;

export function getPageLinks(url: URL): PageLinkFactory {
  return (rel, token) => {
    const next = new URL(url);
    next.searchParams.set('token', `${rel}:${token}`);
    return { rel, type: GEOJSON, method: 'GET', href: next.toString() };
  };
}

export function postPageLinks(href: string, body: Record<string, unknown>): PageLinkFactory {
  return (rel, token) => ({ rel, type: GEOJSON, method: 'POST', href, body: { ...body, token: `${rel}:${token}` }, merge: false });
}

export function pageLinks(page: SearchPage, factory: PageLinkFactory): StacLink[] {
  return [
    ...(page.next ? [factory('next', page.next)] : []),
    ...(page.prev ? [factory('prev', page.prev)] : []),
  ];
}
