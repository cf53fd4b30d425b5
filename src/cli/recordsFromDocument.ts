import { detectFormat, detectJsonFormat } from '../../crosswalks/detectFormat.js';
import type { CrosswalkContext, NativeFormat } from '../../crosswalks/crosswalk.js';
import { toStacRecords } from '../../crosswalks/registry.js';
import type { RecordInput } from '../core/record.js';
import type { StacRecord } from '../core/stac.js';
import type { SourceDocument } from './readDocuments.js';

export interface ConvertedDocument {
  readonly records: readonly RecordInput[];
  readonly warnings: readonly string[];
}

/**
 * Turns one input document into records: STAC is taken as it is; any other format (detected from its
 * content) goes through its crosswalk, and the record keeps the document as its native one when the
 * document describes a single record. Items without a collection get the given one.
 */
export function recordsFromDocument(source: SourceDocument, ctx: CrosswalkContext): ConvertedDocument {
  const format: NativeFormat | undefined = 'text' in source ? detectFormat(source.text) : detectJsonFormat(source.value);
  if (format === undefined) throw new Error('the format of the document is not recognised');
  if (format === 'stac' && 'value' in source) return { records: [{ doc: withCollection(source.value as StacRecord, ctx) }], warnings: [] };
  // Only non-STAC JSON is turned back into text, for its crosswalk and to keep it as the native document.
  const text = 'text' in source ? source.text : JSON.stringify(source.value);
  const { value, warnings } = toStacRecords(format, text, ctx);
  const keepNative = format !== 'stac' && value.length === 1;
  const records = value.map((doc): RecordInput =>
    keepNative ? { doc: withCollection(doc, ctx), native: { format, document: text } } : { doc: withCollection(doc, ctx) },
  );
  return { records, warnings: warnings.map((w) => `${w.path}: ${w.detail}`) };
}

function withCollection(doc: StacRecord, ctx: CrosswalkContext): StacRecord {
  return doc.type === 'Feature' && doc.collection === undefined && ctx.collection !== undefined
    ? { ...doc, collection: ctx.collection }
    : doc;
}
