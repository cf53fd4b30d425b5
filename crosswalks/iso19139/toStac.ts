import { CrosswalkError, type CrosswalkContext, type CrosswalkResult, type CrosswalkWarning, type NativeFormat } from '../crosswalk.js';
import { parseXml, type XmlElement } from '../../src/core/xml.js';
import type { StacRecord } from '../../src/core/stac.js';
import { buildStac } from './buildStac.js';
import { GMD, GMI, MDB } from './namespaces.js';
import { readIso } from './readIso.js';

/** ISO 19139 (`gmd:MD_Metadata`, or `gmi:MI_Metadata` as THREDDS ncISO writes it) to a STAC Collection or Item. */
export function toStac(document: string, ctx: CrosswalkContext): CrosswalkResult<StacRecord> {
  return isoElementToStac(parseIsoDocument(document, 'iso19139'), ctx);
}

/**
 * The same crosswalk from an already parsed record, e.g. one `gmd:MD_Metadata` taken out of a CSW
 * GetRecords or OAI-PMH ListRecords response. Accepts 19139 and 19115-3 roots alike.
 */
export function isoElementToStac(root: XmlElement, ctx: CrosswalkContext): CrosswalkResult<StacRecord> {
  const format = isoFormatOf(root);
  if (format === undefined) {
    throw new CrosswalkError('iso19139', `not an ISO 19139 or 19115-3 record: the root element is {${root.ns}}${root.local}`);
  }
  const warnings: CrosswalkWarning[] = [];
  const record = readIso(root, format, (path, kind, detail) => warnings.push({ path, kind, detail }));
  if (record.fileIdentifier === '') {
    throw new CrosswalkError(format, 'the record has no identifier (fileIdentifier / metadataIdentifier)');
  }
  const value = buildStac(record, ctx, warnings);
  return { value, warnings };
}

/** Which ISO standard a root element belongs to, if any. */
export function isoFormatOf(root: XmlElement): 'iso19139' | 'iso19115-3' | undefined {
  if ((root.ns === GMD && root.local === 'MD_Metadata') || (root.ns === GMI && root.local === 'MI_Metadata')) return 'iso19139';
  if (root.ns === MDB && root.local === 'MD_Metadata') return 'iso19115-3';
  return undefined;
}

/** Parses a document and checks that its root is a record of the expected standard. */
export function parseIsoDocument(document: string, format: NativeFormat): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(document);
  } catch (error) {
    throw new CrosswalkError(format, `unreadable XML: ${(error as Error).message}`, { cause: error });
  }
  if (isoFormatOf(root) !== format) {
    throw new CrosswalkError(format, `not an ${format === 'iso19139' ? 'ISO 19139' : 'ISO 19115-3'} record: the root element is {${root.ns}}${root.local}`);
  }
  return root;
}
