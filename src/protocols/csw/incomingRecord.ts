import { CrosswalkError } from '../../../crosswalks/crosswalk.js';
import { toStac as dublinCoreToStac } from '../../../crosswalks/dublin-core/toStac.js';
import { isoElementToStac } from '../../../crosswalks/iso19139/toStac.js';
import { invalidParameter } from '../../core/errors.js';
import type { RecordInput } from '../../core/record.js';
import { descendants, type XmlElement } from '../../core/xml.js';
import { CSW, CSW30, GMD } from './namespaces.js';
import { writeXml } from './xmlWriter.js';

const DC_RECORDS: ReadonlySet<string> = new Set(['Record', 'SummaryRecord', 'BriefRecord']);

export const isIsoRecord = (el: XmlElement): boolean => el.ns === GMD && el.local === 'MD_Metadata';
export const isDublinCoreRecord = (el: XmlElement): boolean => (el.ns === CSW || el.ns === CSW30) && DC_RECORDS.has(el.local);

/**
 * A record sent to the catalogue (Transaction Insert/Update, Harvest) as a STAC record with its native
 * document: ISO 19139 records keep `iso19139` (served back as such), csw:Record records `dublin-core`.
 * `text` is the document as received, when the record is a whole document.
 */
export function incomingRecord(el: XmlElement, baseUrl: string, text?: string): RecordInput {
  try {
    if (isIsoRecord(el)) {
      const doc = isoElementToStac(el, { baseUrl }).value;
      return { doc, native: { format: 'iso19139', document: text ?? writeXml(el) } };
    }
    if (isDublinCoreRecord(el)) {
      const document = text ?? writeXml(el);
      return { doc: dublinCoreToStac(document, { baseUrl }).value, native: { format: 'dublin-core', document } };
    }
  } catch (error) {
    if (error instanceof CrosswalkError) throw invalidParameter('record', `the record cannot be read: ${error.message}`, error);
    throw error;
  }
  throw invalidParameter('record', `{${el.ns}}${el.local} is not a record: send csw:Record or gmd:MD_Metadata`);
}

/** The records of a harvested document: the document itself, or the records it wraps (a CSW response). */
export function recordsIn(root: XmlElement, wanted: 'iso19139' | 'csw-record'): XmlElement[] {
  if (wanted === 'iso19139') return isIsoRecord(root) ? [root] : descendants(root, GMD, 'MD_Metadata');
  if (isDublinCoreRecord(root)) return [root];
  return [...DC_RECORDS].flatMap((local) => [...descendants(root, CSW, local), ...descendants(root, CSW30, local)]);
}
