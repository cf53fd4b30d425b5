import type { StacRecord } from './stac.js';

export type RecordKind = 'collection' | 'item';

/** Identifies a record: collections have an empty `collectionId`. */
export interface RecordKey {
  readonly kind: RecordKind;
  readonly collectionId: string;
  readonly id: string;
}

export interface Provenance {
  readonly sourceId: string;
  readonly nativeId: string;
  readonly harvestedAt: string;
}

export interface NativeDocument {
  /** The format of the document as harvested (`iso19139`, `datacite-xml`, `esgf-solr`...). */
  readonly format: string;
  readonly document: string;
}

/** What a harvest, an import or an API write hands to the store. */
export interface RecordInput {
  readonly doc: StacRecord;
  readonly native?: NativeDocument;
  readonly provenance?: Provenance;
}

/** A record as stored: the effective STAC document and everything kept around it. */
export interface StoredRecord extends RecordKey {
  /** The effective document: base merged with the curator overlay. */
  readonly doc: StacRecord;
  readonly base: StacRecord;
  readonly overlay: Record<string, unknown> | null;
  readonly native?: NativeDocument;
  readonly provenance?: Provenance;
  readonly contentHash: string;
  /** RFC 3339 UTC time of the last change. */
  readonly datestamp: string;
  readonly version: number;
  readonly deleted: boolean;
}

export function recordKeyOf(doc: StacRecord): RecordKey {
  return doc.type === 'Feature'
    ? { kind: 'item', collectionId: String(doc.collection ?? ''), id: doc.id }
    : { kind: 'collection', collectionId: '', id: doc.id };
}

/** A record key as one string, for maps and sets of keys. */
export function keyString(key: RecordKey): string {
  return `${key.kind}\u0000${key.collectionId}\u0000${key.id}`;
}

export function describeKey(key: RecordKey): string {
  return key.kind === 'item' ? `item ${key.collectionId}/${key.id}` : `collection ${key.id}`;
}
