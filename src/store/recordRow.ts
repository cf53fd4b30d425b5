import type { RecordKind, StoredRecord } from '../core/record.js';
import type { StacRecord } from '../core/stac.js';
import { timestampToRfc3339 } from '../db/timestamps.js';

/** A `records` row as the drivers return it. */
export interface RecordRow {
  kind: RecordKind;
  collection_id: string;
  id: string;
  doc: StacRecord;
  base: StacRecord;
  overlay: Record<string, unknown> | null;
  native_format: string | null;
  native_document: string | null;
  source_id: string | null;
  native_id: string | null;
  harvested_at: string | null;
  content_hash: string;
  datestamp: string;
  version: number;
  deleted: boolean;
}


export function rowToRecord(row: RecordRow): StoredRecord {
  return {
    kind: row.kind,
    collectionId: row.collection_id,
    id: row.id,
    doc: row.doc,
    base: row.base,
    overlay: row.overlay,
    ...(row.native_format !== null && row.native_document !== null
      ? { native: { format: row.native_format, document: row.native_document } }
      : {}),
    ...(row.source_id !== null && row.native_id !== null
      ? {
          provenance: {
            sourceId: row.source_id,
            nativeId: row.native_id,
            harvestedAt: row.harvested_at ? timestampToRfc3339(row.harvested_at) : '',
          },
        }
      : {}),
    contentHash: row.content_hash,
    datestamp: timestampToRfc3339(row.datestamp),
    version: row.version,
    deleted: row.deleted,
  };
}
