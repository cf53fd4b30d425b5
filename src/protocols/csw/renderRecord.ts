import { renderCswRecord } from '../../../crosswalks/dublin-core/fromStac.js';
import { fromStac as isoFromStac } from '../../../crosswalks/iso19139/fromStac.js';
import { assertNever } from '../../core/errors.js';
import { parseXml, type XmlElement } from '../../core/xml.js';
import type { RecordEnvelope } from '../../search/backend.js';
import { atomEntry } from './atom.js';
import { isoElementSet } from './isoElementSet.js';
import { CSW, CSW30, OWS, OWS20 } from './namespaces.js';
import type { CswVersion, ElementName, ElementSet, OutputSchema } from './request.js';
import { writeXml } from './xmlWriter.js';

export interface RecordView {
  readonly version: CswVersion;
  readonly outputSchema: OutputSchema;
  readonly elementSet: ElementSet;
  readonly elementNames?: readonly ElementName[];
  /** The public base URL, for the links crosswalks write. */
  readonly baseUrl: string;
  /** The CSW endpoint, for the links of Atom entries. */
  readonly endpoint: string;
  /** The record is the whole document (CSW 3.0 GetRecordById), so an Atom entry declares its namespaces. */
  readonly standalone?: boolean;
}

export type RenderedRecord = { readonly ok: true; readonly xml: string } | { readonly ok: false; readonly reason: string };

/** Everything before the root element of a document: XML declaration, doctype, comments, processing instructions. */
const PROLOG = /^\uFEFF?(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/;

/**
 * A native ISO 19139 document ready to go inside a response: its `gmd:MD_Metadata` root element, or
 * undefined when the document is something else (an ISO 19115-2 `gmi:MI_Metadata`, a wrapper).
 */
export function nativeIsoRecord(document: string): string | undefined {
  const body = document.replace(PROLOG, '').trimEnd();
  const root = /^<(?:([A-Za-z_][\w.-]*):)?MD_Metadata[\s/>]/.exec(body);
  if (root === null) return undefined;
  const prefix = root[1];
  const declaration = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const start = body.slice(0, body.indexOf('>') + 1);
  return start.includes(`${declaration}="http://www.isotc211.org/2005/gmd"`) || start.includes(`${declaration}='http://www.isotc211.org/2005/gmd'`)
    ? body
    : undefined;
}

/** CSW 3.0 records are the CSW 2.0.2 Dublin Core records in the csw30 and OWS 2.0 namespaces. */
function toCsw30(fragment: string): string {
  return fragment.replace(` xmlns:csw="${CSW}"`, ` xmlns:csw="${CSW30}"`).replace(` xmlns:ows="${OWS}"`, ` xmlns:ows="${OWS20}"`);
}

function withNamespaces(el: XmlElement, from: string, to: string): XmlElement {
  return { ...el, ns: el.ns === from ? to : el.ns, children: el.children.map((c) => withNamespaces(c, from, to)) };
}

/** An ad hoc view: the full record reduced to the elements named, in the record's own order. */
function elementView(record: RecordEnvelope, names: readonly ElementName[], version: CswVersion): string {
  const full = parseXml(renderCswRecord(record.doc, 'full'));
  const selected = full.children.filter((c) => names.some((n) => n.ns === c.ns && n.local === c.local));
  const view: XmlElement = { ns: CSW, local: 'Record', attrs: {}, text: '', children: selected };
  return writeXml(version === '3.0.0' ? withNamespaces(withNamespaces(view, CSW, CSW30), OWS, OWS20) : view);
}

/**
 * One record in the requested schema and view. ISO 19139 output is the native document when the record
 * was harvested as ISO 19139 and no curator edit overlays it (`native`), else the STAC to ISO crosswalk,
 * reduced to the brief or summary element set of the ISO application profile. A record the crosswalk
 * cannot render is reported, never thrown.
 */
export function renderRecord(record: RecordEnvelope, native: string | undefined, view: RecordView): RenderedRecord {
  try {
    switch (view.outputSchema) {
      case 'csw': {
        if (view.elementNames !== undefined) return { ok: true, xml: elementView(record, view.elementNames, view.version) };
        const xml = renderCswRecord(record.doc, view.elementSet);
        return { ok: true, xml: view.version === '3.0.0' ? toCsw30(xml) : xml };
      }
      case 'gmd': {
        if (native !== undefined) return { ok: true, xml: isoElementSet(native, view.elementSet) };
        const iso = isoFromStac(record.doc, { baseUrl: view.baseUrl });
        if (!iso.ok) return { ok: false, reason: iso.problems.map((p) => `${p.path}: ${p.detail}`).join('; ') };
        return { ok: true, xml: isoElementSet(iso.value.replace(PROLOG, '').trimEnd(), view.elementSet) };
      }
      case 'atom':
        return { ok: true, xml: atomEntry(record, view.endpoint, view.standalone === true) };
      default:
        return assertNever(view.outputSchema, 'output schema');
    }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** `id` and `prefix:id` attributes (gml:id, gco ObjectIdentification id): xs:ID, unique in a whole document. */
const ID_ATTRIBUTE = /(\s(?:[A-Za-z_][\w.-]*:)?id\s*=\s*)(["'])([^"']*)\2/g;

/**
 * Several ISO records in one response must not repeat an xs:ID (two crosswalked records both have
 * `gml:id="tp1"`): ids already used earlier in the response are renamed, with the same-record
 * references to them (`xlink:href="#id"`). Records whose ids are all new are left untouched.
 */
export function withUniqueIds(xml: string, used: Set<string>): string {
  const ids = [...xml.matchAll(ID_ATTRIBUTE)].map((m) => m[3] as string);
  const renamed = new Map<string, string>();
  for (const id of new Set(ids)) {
    if (!used.has(id)) continue;
    let n = 2;
    while (used.has(`${id}-${n}`) || ids.includes(`${id}-${n}`)) n++;
    renamed.set(id, `${id}-${n}`);
  }
  for (const id of ids) used.add(renamed.get(id) ?? id);
  if (renamed.size === 0) return xml;
  return xml
    .replace(ID_ATTRIBUTE, (all, head: string, quote: string, id: string) => (renamed.has(id) ? `${head}${quote}${renamed.get(id)}${quote}` : all))
    .replace(/(href\s*=\s*)(["'])#([^"']*)\2/g, (all, head: string, quote: string, id: string) => (renamed.has(id) ? `${head}${quote}#${renamed.get(id)}${quote}` : all));
}
