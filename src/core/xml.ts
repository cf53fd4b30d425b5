import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MeridianError } from './errors.js';

/** Documents larger than this are refused before parsing. */
export const MAX_XML_BYTES = 50 * 1024 * 1024;

/**
 * An XML element with its namespace resolved to a URI: crosswalks match on (namespace URI, local name),
 * never on prefixes, because prefixes vary between servers (gmd:, iso:, or a default namespace).
 */
export interface XmlElement {
  readonly ns: string;
  readonly local: string;
  /** Attributes keyed by `local` (no namespace) or `{uri}local`. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text, concatenated and trimmed (not its descendants'). */
  readonly text: string;
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * The one XML parser of Meridian. Entities and DTDs are never resolved (no XXE, no billion laughs):
 * only the five predefined XML entities and numeric character references are decoded.
 */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  commentPropName: '#comment',
});

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Parses an XML document and returns its root element. Throws `InvalidParameter` on malformed input. */
export function parseXml(text: string): XmlElement {
  if (text.length > MAX_XML_BYTES) throw new MeridianError('PayloadTooLarge', 'the XML document is too large');
  if (/<!DOCTYPE[^>]*\[/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new MeridianError('InvalidParameter', 'XML documents with an internal DTD or entity declarations are refused');
  }
  const body = text.replace(/^\uFEFF/, '').replace(/<!DOCTYPE[^>]*>/i, '');
  const valid = XMLValidator.validate(body, { allowBooleanAttributes: true });
  if (valid !== true) {
    throw new MeridianError('InvalidParameter', `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const nodes = parser.parse(decodeCharacterReferences(body)) as RawNode[];
  const root = nodes.find((n) => elementName(n) !== undefined);
  if (!root) throw new MeridianError('InvalidParameter', 'the XML document has no root element');
  return toElement(root, new Map([['xml', XML_NS]]));
}

const MARKUP_CHARACTERS: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/**
 * fast-xml-parser leaves numeric character references (`&#xA;`, `&#233;`) undecoded unless HTML
 * entities are enabled too, so they are decoded here, outside CDATA sections and comments; a reference
 * to a markup character becomes its predefined entity, which the parser then decodes.
 */
function decodeCharacterReferences(xml: string): string {
  if (!xml.includes('&#')) return xml;
  return xml.replace(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)|&#(x[0-9a-fA-F]+|[0-9]+);/g, (match, skipped: string | undefined, ref: string | undefined) => {
    if (skipped !== undefined || ref === undefined) return match;
    const code = ref.startsWith('x') ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
    if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return match;
    const char = String.fromCodePoint(code);
    return MARKUP_CHARACTERS[char] ?? char;
  });
}

function elementName(node: RawNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
}

function splitName(qname: string): [string | undefined, string] {
  const i = qname.indexOf(':');
  return i < 0 ? [undefined, qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function toElement(node: RawNode, inherited: ReadonlyMap<string, string>): XmlElement {
  const name = elementName(node) as string;
  const rawAttrs = node[':@'] ?? {};
  let scope = inherited;
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (scope === inherited) scope = new Map(inherited);
      (scope as Map<string, string>).set(key === 'xmlns' ? '' : key.slice(6), value);
    }
  }
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    const [prefix, local] = splitName(key);
    const uri = prefix === undefined ? undefined : scope.get(prefix);
    attrs[uri === undefined ? local : `{${uri}}${local}`] = value;
  }
  const [prefix, local] = splitName(name);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] as RawNode[] | undefined) ?? []) {
    if ('#text' in child) text += String(child['#text']);
    else if (elementName(child) !== undefined) children.push(toElement(child, scope));
  }
  return { ns: scope.get(prefix ?? '') ?? '', local, attrs, children, text: text.trim() };
}

/** The first child element with this namespace URI and local name. */
export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && c.ns === ns);
}

/** Every child element with this namespace URI and local name, in document order. */
export function children(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local && c.ns === ns) : [];
}

/** Follows a path of (namespace, local name) steps, taking the first match at each step. */
export function path(el: XmlElement | undefined, ...steps: readonly (readonly [string, string])[]): XmlElement | undefined {
  let current = el;
  for (const [ns, local] of steps) current = child(current, ns, local);
  return current;
}

/** Every element reached by a path of steps, branching at each step over all matches. */
export function pathAll(el: XmlElement | undefined, ...steps: readonly (readonly [string, string])[]): XmlElement[] {
  let current: XmlElement[] = el ? [el] : [];
  for (const [ns, local] of steps) current = current.flatMap((c) => children(c, ns, local));
  return current;
}

/** Every descendant (not the element itself) with this namespace and local name, depth first. */
export function descendants(el: XmlElement, ns: string, local: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.local === local && c.ns === ns) found.push(c);
      visit(c);
    }
  };
  visit(el);
  return found;
}

/** An attribute by local name and optional namespace URI. */
export function attr(el: XmlElement | undefined, local: string, ns?: string): string | undefined {
  return el?.attrs[ns === undefined ? local : `{${ns}}${local}`];
}

/** Decodes the bytes of an XML document with the encoding its declaration names (UTF-8 or ISO-8859-1). */
export function decodeXml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  const latin1 = declared === 'iso-8859-1' || declared === 'latin1' || declared === 'latin-1' || declared === 'iso8859-1';
  return new TextDecoder(latin1 ? 'latin1' : 'utf-8').decode(bytes);
}

/** Escapes text for use in XML content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}
