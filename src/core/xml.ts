import { MeridianError } from './errors.js';

/** Documents larger than this are refused before parsing. */
export const MAX_XML_BYTES = 50 * 1024 * 1024;

/** Documents nesting elements deeper than this are refused: no metadata record comes near it. */
export const MAX_XML_DEPTH = 1000;

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
 * The one XML parser of Meridian: a strict, non-validating, single-pass reader. It builds the tree with
 * explicit stacks, never recursion, and refuses documents nested deeper than `MAX_XML_DEPTH`.
 *
 * Entities and DTDs are never resolved (no XXE, no billion laughs): only the five predefined XML entities
 * and numeric character references are decoded, any other entity reference is an error, and documents
 * with an internal DTD subset or an entity declaration are refused. An external DTD is never read.
 * Throws `InvalidParameter` on malformed or refused input, `PayloadTooLarge` over `MAX_XML_BYTES`.
 */
export function parseXml(text: string): XmlElement {
  if (text.length > MAX_XML_BYTES) throw new MeridianError('PayloadTooLarge', 'the XML document is too large');
  if (declaresEntities(text)) throw refusedDtd();
  let xml = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (xml.includes('\r')) xml = xml.replace(/\r\n?/g, '\n');
  return new XmlReader(xml).read();
}

function refusedDtd(): MeridianError {
  return new MeridianError('InvalidParameter', 'XML documents with an internal DTD or entity declarations are refused');
}

/**
 * Whether `<!ENTITY` occurs anywhere (even in a comment), or a `<!DOCTYPE` with an internal subset, in
 * any letter case. Looks at each `!`, which is rare in XML and found fast, rather than at each `<`.
 */
function declaresEntities(text: string): boolean {
  let nextBracket = 0;
  let nextGt = 0;
  for (let i = text.indexOf('!'); i >= 0; i = text.indexOf('!', i + 1)) {
    if (text.charCodeAt(i - 1) !== LT) continue;
    const keyword = text.slice(i + 1, i + 8).toUpperCase();
    if (keyword.startsWith('ENTITY')) return true;
    if (keyword === 'DOCTYPE') {
      // Positions only move forward: each search starts where the last one ended.
      if (nextBracket >= 0 && nextBracket < i) nextBracket = text.indexOf('[', i);
      if (nextGt >= 0 && nextGt < i) nextGt = text.indexOf('>', i);
      if (nextBracket >= 0 && (nextGt < 0 || nextBracket < nextGt)) return true;
    }
  }
  return false;
}

/** An element while its content is read: `text` collects the pieces until the end tag trims them. */
interface OpenElement {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: OpenElement[];
  text: string;
}

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f; // /
const EQUALS = 0x3d; // =
const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?
const COLON = 0x3a; // :
const HASH = 0x23; // #
const LOWER_X = 0x78; // x

/** ASCII characters that may start (1) or only continue (2) an XML name; any non-ASCII one may do both. */
const NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME_CHARS[c] = 1;
  else if (/[0-9.-]/.test(ch)) NAME_CHARS[c] = 2;
}

function isNameStart(c: number): boolean {
  return c < 128 ? NAME_CHARS[c] === 1 : true;
}

function isNameChar(c: number): boolean {
  return c < 128 ? NAME_CHARS[c] !== 0 : true;
}

/** XML white space (carriage returns are gone by then: line ends are normalised first). */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNamespaceDeclaration(name: string): boolean {
  return name.startsWith('xmlns') && (name.length === 5 || name.charCodeAt(5) === COLON);
}

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Above this many attributes on one element, repeated names are found with a set rather than by scanning. */
const FEW_ATTRIBUTES = 16;

class XmlReader {
  private readonly xml: string;
  private pos = 0;
  private root: OpenElement | undefined;
  /** The open elements, innermost last, with their qualified names and where their start tags are. */
  private readonly open: OpenElement[] = [];
  private readonly openNames: string[] = [];
  private readonly openStarts: number[] = [];
  /**
   * The URIs bound to each prefix ('' for the default namespace), innermost last, and for each open
   * element the prefixes it declares, to unbind at its end tag: constant time per declaration and per
   * lookup, however many namespaces are declared at however many levels.
   */
  private readonly bindings = new Map<string, string[]>([['xml', [XML_NS]]]);
  private readonly declared: (string[] | undefined)[] = [];
  private sawDoctype = false;
  /** The attributes of the start tag being read, as written. */
  private readonly attrNames: string[] = [];
  private readonly attrValues: string[] = [];

  constructor(xml: string) {
    this.xml = xml;
  }

  read(): XmlElement {
    const xml = this.xml;
    const length = xml.length;
    while (this.pos < length) {
      const lt = xml.indexOf('<', this.pos);
      const textEnd = lt < 0 ? length : lt;
      if (textEnd > this.pos) this.characters(this.pos, textEnd);
      if (lt < 0) break;
      this.pos = lt;
      const next = xml.charCodeAt(lt + 1);
      if (next === SLASH) this.endTag();
      else if (next === BANG) this.markupDeclaration();
      else if (next === QUESTION) this.processingInstruction();
      else this.startTag();
    }
    const depth = this.open.length;
    if (depth > 0) this.fail(`element <${this.openNames[depth - 1] ?? ''}> is never closed`, this.openStarts[depth - 1] ?? 0);
    if (this.root === undefined) this.fail('the document has no root element', length);
    return this.root;
  }

  /**
   * Character data between two pieces of markup. White space before an element's first text is left
   * out, as trimming would remove it anyway: most of it is the indentation between child elements.
   */
  private characters(from: number, to: number): void {
    const xml = this.xml;
    let i = from;
    while (i < to && isSpace(xml.charCodeAt(i))) i++;
    const current = this.open[this.open.length - 1];
    if (current === undefined) {
      if (i < to) this.fail(this.root === undefined ? 'text before the root element' : 'junk after the root element', i);
      return;
    }
    if (i === to && current.text === '') return;
    const raw = xml.slice(from, to);
    current.text += raw.includes('&') ? this.decode(raw, from) : raw;
  }

  private startTag(): void {
    const xml = this.xml;
    const start = this.pos;
    const nameEnd = this.nameEnd(start + 1, 'element name');
    const qname = xml.slice(start + 1, nameEnd);
    const depth = this.open.length;
    if (depth === 0 && this.root !== undefined) this.fail(`junk after the root element: <${qname}>`, start);
    if (depth >= MAX_XML_DEPTH) {
      throw new MeridianError('InvalidParameter', `XML elements nested more than ${MAX_XML_DEPTH} levels deep are refused (line ${this.lineAt(start)})`);
    }

    const names = this.attrNames;
    const values = this.attrValues;
    let count = 0;
    let seen: Set<string> | undefined;
    let selfClosing = false;
    let i = nameEnd;
    for (;;) {
      const spaceStart = i;
      let c = xml.charCodeAt(i);
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (xml.charCodeAt(i + 1) !== GT) this.fail(`expected '>' after '/' in <${qname}>`, i);
        i += 2;
        selfClosing = true;
        break;
      }
      if (Number.isNaN(c)) this.fail(`unclosed start tag <${qname}>`, start);
      if (i === spaceStart) this.fail(`expected white space before an attribute in <${qname}>`, i);
      const attrStart = i;
      i = this.nameEnd(i, `attribute name in <${qname}>`);
      const name = xml.slice(attrStart, i);
      c = xml.charCodeAt(i);
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (c !== EQUALS) this.fail(`attribute ${name} of <${qname}> has no value`, i);
      c = xml.charCodeAt(++i);
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (c !== QUOTE && c !== APOSTROPHE) this.fail(`the value of attribute ${name} of <${qname}> is not quoted`, i);
      const close = xml.indexOf(c === QUOTE ? '"' : "'", i + 1);
      if (close < 0) this.fail(`the value of attribute ${name} of <${qname}> is never closed`, i);
      let value = xml.slice(i + 1, close);
      if (value.includes('<')) this.fail(`'<' in the value of attribute ${name} of <${qname}>`, i);
      if (value.includes('&')) value = this.decode(value, i + 1);
      if (count < FEW_ATTRIBUTES) {
        for (let k = 0; k < count; k++) if (names[k] === name) this.fail(`attribute ${name} is repeated in <${qname}>`, attrStart);
      } else {
        seen ??= new Set(names.slice(0, count));
        if (seen.has(name)) this.fail(`attribute ${name} is repeated in <${qname}>`, attrStart);
        seen.add(name);
      }
      names[count] = name;
      values[count] = value;
      count++;
      i = close + 1;
    }

    let declared: string[] | undefined;
    for (let k = 0; k < count; k++) {
      const name = names[k] as string;
      if (!isNamespaceDeclaration(name)) continue;
      const prefix = name.length === 5 ? '' : name.slice(6);
      const uris = this.bindings.get(prefix);
      if (uris === undefined) this.bindings.set(prefix, [values[k] as string]);
      else uris.push(values[k] as string);
      (declared ??= []).push(prefix);
    }
    const attrs: Record<string, string> = {};
    for (let k = 0; k < count; k++) {
      const name = names[k] as string;
      if (isNamespaceDeclaration(name)) continue;
      const colon = name.indexOf(':');
      let key = name;
      if (colon >= 0) {
        const uri = this.uriOf(name.slice(0, colon));
        key = uri === undefined ? name.slice(colon + 1) : `{${uri}}${name.slice(colon + 1)}`;
      }
      // A plain assignment to __proto__ would set the prototype rather than add an attribute.
      if (key === '__proto__') Object.defineProperty(attrs, key, { value: values[k], enumerable: true, writable: true, configurable: true });
      else attrs[key] = values[k] as string;
    }
    const colon = qname.indexOf(':');
    const element: OpenElement = {
      ns: this.uriOf(colon < 0 ? '' : qname.slice(0, colon)) ?? '',
      local: colon < 0 ? qname : qname.slice(colon + 1),
      attrs,
      children: [],
      text: '',
    };
    const parent = this.open[depth - 1];
    if (parent === undefined) this.root = element;
    else parent.children.push(element);
    if (selfClosing) {
      if (declared !== undefined) this.unbind(declared);
    } else {
      this.open.push(element);
      this.openNames.push(qname);
      this.openStarts.push(start);
      this.declared.push(declared);
    }
    this.pos = i;
  }

  private endTag(): void {
    const xml = this.xml;
    const nameStart = this.pos + 2;
    const depth = this.open.length;
    const expected = this.openNames[depth - 1];
    let i = nameStart + (expected?.length ?? 0);
    if (expected === undefined || !this.sameName(this.openStarts[depth - 1] as number, nameStart, expected.length) || isNameChar(xml.charCodeAt(i))) {
      const found = xml.slice(nameStart, this.nameEnd(nameStart, 'element name in an end tag'));
      this.fail(expected === undefined ? `end tag </${found}> without a start tag` : `expected </${expected}>, found </${found}>`, this.pos);
    }
    let c = xml.charCodeAt(i);
    while (isSpace(c)) c = xml.charCodeAt(++i);
    if (c !== GT) this.fail(`expected '>' to end </${expected}>`, i);
    const element = this.open.pop() as OpenElement;
    if (element.text !== '') element.text = element.text.trim();
    this.openNames.pop();
    this.openStarts.pop();
    const declared = this.declared.pop();
    if (declared !== undefined) this.unbind(declared);
    this.pos = i + 1;
  }

  /** Whether the first `length` characters of the name in the start tag at `tag` are those at `at`. */
  private sameName(tag: number, at: number, length: number): boolean {
    const xml = this.xml;
    for (let k = 0, x = tag + 1; k < length; k++, x++) if (xml.charCodeAt(x) !== xml.charCodeAt(at + k)) return false;
    return true;
  }

  private uriOf(prefix: string): string | undefined {
    const uris = this.bindings.get(prefix);
    return uris?.[uris.length - 1];
  }

  private unbind(prefixes: readonly string[]): void {
    for (const prefix of prefixes) this.bindings.get(prefix)?.pop();
  }

  /** `<!--` comments, `<![CDATA[` sections and the `<!DOCTYPE` declaration. */
  private markupDeclaration(): void {
    const xml = this.xml;
    const at = this.pos;
    if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('-->', at + 4);
      if (end < 0) this.fail('unclosed comment', at);
      this.pos = end + 3;
    } else if (xml.startsWith('<![CDATA[', at)) {
      const end = xml.indexOf(']]>', at + 9);
      if (end < 0) this.fail('unclosed CDATA section', at);
      const current = this.open[this.open.length - 1];
      if (current === undefined) this.fail('CDATA section outside the root element', at);
      current.text += xml.slice(at + 9, end);
      this.pos = end + 3;
    } else if (xml.startsWith('<!DOCTYPE', at)) {
      if (this.root !== undefined || this.sawDoctype) this.fail('misplaced DOCTYPE declaration', at);
      this.sawDoctype = true;
      this.pos = this.doctypeEnd(at + 9);
    } else {
      this.fail("unexpected '<!'", at);
    }
  }

  /** The end of a DOCTYPE declaration, which must have no internal subset; its external DTD is never read. */
  private doctypeEnd(from: number): number {
    const xml = this.xml;
    for (let i = from; i < xml.length; i++) {
      const c = xml.charCodeAt(i);
      if (c === GT) return i + 1;
      if (c === 0x5b) throw refusedDtd(); // [
      if (c === QUOTE || c === APOSTROPHE) {
        const close = xml.indexOf(c === QUOTE ? '"' : "'", i + 1);
        if (close < 0) break;
        i = close;
      }
    }
    return this.fail('unclosed DOCTYPE declaration', from);
  }

  private processingInstruction(): void {
    const xml = this.xml;
    const at = this.pos;
    const end = xml.indexOf('?>', at + 2);
    if (end < 0) this.fail('unclosed processing instruction', at);
    const targetEnd = this.nameEnd(at + 2, 'processing instruction target');
    if (at !== 0 && targetEnd - at === 5 && xml.slice(at + 2, targetEnd).toLowerCase() === 'xml') {
      this.fail('the XML declaration is allowed only at the start of the document', at);
    }
    this.pos = end + 2;
  }

  /** Where the XML name starting at `from` ends; fails if none starts there. */
  private nameEnd(from: number, what: string): number {
    const xml = this.xml;
    if (from >= xml.length || !isNameStart(xml.charCodeAt(from))) this.fail(`invalid ${what}`, from);
    let i = from + 1;
    while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
    return i;
  }

  /** Decodes the references in `raw` (found at `offset` in the document): predefined entities and characters only. */
  private decode(raw: string, offset: number): string {
    let out = '';
    let last = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', last)) {
      const semicolon = raw.indexOf(';', amp + 1);
      const name = semicolon < 0 ? '' : raw.slice(amp + 1, semicolon);
      let char: string | undefined;
      if (name.charCodeAt(0) === HASH) {
        const hex = name.charCodeAt(1) === LOWER_X;
        const digits = name.slice(hex ? 2 : 1);
        if (hex ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits)) {
          const code = parseInt(digits, hex ? 16 : 10);
          if (code >= 1 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) char = String.fromCodePoint(code);
        }
        if (char === undefined) this.fail(`invalid character reference &${name};`, offset + amp);
      } else {
        char = PREDEFINED_ENTITIES.get(name);
        if (char === undefined) {
          if (/^[^\s&<>"';]+$/.test(name)) this.fail(`undefined entity &${name};`, offset + amp);
          this.fail("'&' that starts no entity or character reference (write it &amp;)", offset + amp);
        }
      }
      out += raw.slice(last, amp) + char;
      last = semicolon + 1;
    }
    return out + raw.slice(last);
  }

  private lineAt(at: number): number {
    let line = 1;
    for (let i = this.xml.indexOf('\n'); i >= 0 && i < at; i = this.xml.indexOf('\n', i + 1)) line++;
    return line;
  }

  private fail(message: string, at: number): never {
    throw new MeridianError('InvalidParameter', `malformed XML at line ${this.lineAt(at)}: ${message}`);
  }
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
