/**
 * XML parser benchmark: `parseXml` against other ways to build the same `XmlElement` trees, on the
 * shared GeoNetwork, DataCite and THREDDS fixtures.
 *
 *   node --import tsx bench/xmlParser.ts [--samples 7] [--sample-ms 40]
 *
 * Candidates: `parseXml`; fast-xml-parser (validate, parse with preserveOrder, convert: how parseXml
 * used to work); saxes, when installed (`npm install --no-save saxes`). Every candidate must give the
 * same trees as `parseXml` on every fixture before it is timed. After a warm-up of every candidate on
 * every fixture, each document is timed in CPU time of the process (steadier than wall time on a busy
 * machine): the median of the samples, per document.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseXml, XML_NS, type XmlElement } from '../src/core/xml.js';

const FIXTURE_DIRS = ['geonetwork', 'datacite', 'thredds'];
const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));
const WARM_UP_MS = 1500;

interface Candidate {
  readonly name: string;
  readonly parse: (text: string) => XmlElement;
}

interface Fixture {
  readonly name: string;
  readonly text: string;
}

interface MutableElement {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: MutableElement[];
  text: string;
}

function splitName(qname: string): [string | undefined, string] {
  const i = qname.indexOf(':');
  return i < 0 ? [undefined, qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function isNamespaceDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

/** Attributes keyed as `parseXml` keys them, namespace declarations left out. */
function resolveAttributes(raw: Readonly<Record<string, string>>, scope: ReadonlyMap<string, string>): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (isNamespaceDeclaration(key)) continue;
    const [prefix, local] = splitName(key);
    const uri = prefix === undefined ? undefined : scope.get(prefix);
    attrs[uri === undefined ? local : `{${uri}}${local}`] = value;
  }
  return attrs;
}

function declareNamespaces(raw: Readonly<Record<string, string>>, inherited: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let scope = inherited;
  for (const [key, value] of Object.entries(raw)) {
    if (!isNamespaceDeclaration(key)) continue;
    if (scope === inherited) scope = new Map(inherited);
    (scope as Map<string, string>).set(key === 'xmlns' ? '' : key.slice(6), value);
  }
  return scope;
}

/** fast-xml-parser: validate, parse with preserveOrder, then convert the ordered nodes. */
function fastXmlParserCandidate(): Candidate {
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
  const markup: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };
  const decodeCharacterReferences = (xml: string): string =>
    xml.includes('&#')
      ? xml.replace(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)|&#(x[0-9a-fA-F]+|[0-9]+);/g, (match, skipped: string | undefined, ref: string | undefined) => {
          if (skipped !== undefined || ref === undefined) return match;
          const code = ref.startsWith('x') ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
          if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return match;
          const char = String.fromCodePoint(code);
          return markup[char] ?? char;
        })
      : xml;
  const elementName = (node: RawNode): string | undefined => Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
  const toElement = (node: RawNode, inherited: ReadonlyMap<string, string>): XmlElement => {
    const name = elementName(node) as string;
    const raw = node[':@'] ?? {};
    const scope = declareNamespaces(raw, inherited);
    const [prefix, local] = splitName(name);
    const children: XmlElement[] = [];
    let text = '';
    for (const child of (node[name] as RawNode[] | undefined) ?? []) {
      if ('#text' in child) text += String(child['#text']);
      else if (elementName(child) !== undefined) children.push(toElement(child, scope));
    }
    return { ns: scope.get(prefix ?? '') ?? '', local, attrs: resolveAttributes(raw, scope), children, text: text.trim() };
  };
  return {
    name: 'fast-xml-parser',
    parse: (text) => {
      const body = text.replace(/^\uFEFF/, '').replace(/<!DOCTYPE[^>]*>/i, '');
      const valid = XMLValidator.validate(body, { allowBooleanAttributes: true });
      if (valid !== true) throw new Error(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
      const nodes = parser.parse(decodeCharacterReferences(body)) as RawNode[];
      const root = nodes.find((n) => elementName(n) !== undefined);
      if (root === undefined) throw new Error('no root element');
      return toElement(root, new Map([['xml', XML_NS]]));
    },
  };
}

/** The part of saxes' API used here. */
interface SaxesLike {
  on(event: 'opentag', handler: (tag: { name: string; attributes: Record<string, string> }) => void): void;
  on(event: 'text' | 'cdata', handler: (text: string) => void): void;
  on(event: 'closetag', handler: () => void): void;
  on(event: 'error', handler: (error: Error) => void): void;
  write(chunk: string): SaxesLike;
  close(): SaxesLike;
}

/** saxes (a strict streaming parser, not namespace-aware here: prefixes are resolved as parseXml does). */
async function saxesCandidate(): Promise<Candidate | undefined> {
  const specifier = 'saxes';
  let saxes: { SaxesParser: new (options?: { position?: boolean }) => SaxesLike };
  try {
    saxes = (await import(specifier)) as typeof saxes;
  } catch {
    return undefined;
  }
  return {
    name: 'saxes',
    parse: (text) => {
      const parser = new saxes.SaxesParser({ position: false });
      const open: MutableElement[] = [];
      const scopes: ReadonlyMap<string, string>[] = [new Map([['xml', XML_NS]])];
      let root: MutableElement | undefined;
      parser.on('opentag', (tag) => {
        const scope = declareNamespaces(tag.attributes, scopes[scopes.length - 1] as ReadonlyMap<string, string>);
        const [prefix, local] = splitName(tag.name);
        const element: MutableElement = { ns: scope.get(prefix ?? '') ?? '', local, attrs: resolveAttributes(tag.attributes, scope), children: [], text: '' };
        const parent = open[open.length - 1];
        if (parent === undefined) root = element;
        else parent.children.push(element);
        open.push(element);
        scopes.push(scope);
      });
      const addText = (t: string): void => {
        const current = open[open.length - 1];
        if (current !== undefined) current.text += t;
      };
      parser.on('text', addText);
      parser.on('cdata', addText);
      parser.on('closetag', () => {
        const element = open.pop() as MutableElement;
        element.text = element.text.trim();
        scopes.pop();
      });
      parser.on('error', (error) => {
        throw error;
      });
      parser.write(text.replace(/^\uFEFF/, '')).close();
      if (root === undefined) throw new Error('no root element');
      return root;
    },
  };
}

/** A tree as nested arrays, attributes sorted: what two parsers must agree on. */
function canonical(el: XmlElement): string {
  const attrs = Object.entries(el.attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([el.ns, el.local, attrs, el.text, el.children.map(canonical)]);
}

function loadFixtures(): Fixture[] {
  return FIXTURE_DIRS.flatMap((dir) =>
    readdirSync(`${FIXTURES}${dir}`)
      .filter((file) => file.endsWith('.xml'))
      .sort()
      .map((file) => ({ name: `${dir}/${file}`, text: readFileSync(`${FIXTURES}${dir}/${file}`, 'utf8') })),
  );
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** CPU ms per parse of `text`: the median of `samples` runs of as many iterations as last `sampleMs`. */
function measure(parse: (text: string) => XmlElement, text: string, samples: number, sampleMs: number): number {
  let iterations = 1;
  while (measureOnce(parse, text, iterations) < sampleMs) iterations *= 2;
  const times: number[] = [];
  for (let s = 0; s < samples; s++) times.push(measureOnce(parse, text, iterations) / iterations);
  return median(times);
}

function measureOnce(parse: (text: string) => XmlElement, text: string, iterations: number): number {
  const start = cpuMs();
  for (let i = 0; i < iterations; i++) parse(text);
  return cpuMs() - start;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { samples: { type: 'string', default: '7' }, 'sample-ms': { type: 'string', default: '40' } } });
  const samples = Number(values.samples);
  const sampleMs = Number(values['sample-ms']);
  if (!(samples >= 1) || !(sampleMs > 0)) throw new Error('--samples and --sample-ms must be positive numbers');

  const fixtures = loadFixtures();
  const candidates: Candidate[] = [{ name: 'parseXml', parse: parseXml }, fastXmlParserCandidate()];
  const saxes = await saxesCandidate();
  if (saxes) candidates.push(saxes);
  else console.log('saxes is not installed: skipped (npm install --no-save saxes to measure it)');

  for (const candidate of candidates.slice(1)) {
    const differing = fixtures.filter((f) => canonical(candidate.parse(f.text)) !== canonical(parseXml(f.text)));
    if (differing.length > 0) throw new Error(`${candidate.name} gives other trees than parseXml for ${differing.map((f) => f.name).join(', ')}`);
  }

  // Warm-up: every candidate parses every fixture for a while, so that no document is timed cold.
  for (const candidate of candidates) {
    const end = cpuMs() + WARM_UP_MS;
    while (cpuMs() < end) for (const fixture of fixtures) candidate.parse(fixture.text);
  }

  const totalBytes = fixtures.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  console.log(`${fixtures.length} documents, ${(totalBytes / 1024).toFixed(0)} KB; every candidate gives the same trees`);
  console.log(`CPU ms per document, median of ${samples} samples of at least ${sampleMs} ms\n`);
  const widths = [Math.max(...fixtures.map((f) => f.name.length), 29), 6, ...candidates.map((c) => Math.max(c.name.length, 9))];
  const print = (cells: readonly string[]): void =>
    console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));
  print(['document', 'KB', ...candidates.map((c) => c.name)]);

  const totals = candidates.map(() => 0);
  for (const fixture of fixtures) {
    const times = candidates.map((c) => measure(c.parse, fixture.text, samples, sampleMs));
    times.forEach((t, i) => (totals[i] = (totals[i] ?? 0) + t));
    print([fixture.name, (Buffer.byteLength(fixture.text) / 1024).toFixed(1), ...times.map((t) => t.toFixed(3))]);
  }
  const baseline = totals[1] ?? NaN;
  console.log();
  print(['mean ms/document', '', ...totals.map((t) => (t / fixtures.length).toFixed(3))]);
  print(['MB/s', '', ...totals.map((t) => (totalBytes / 1e6 / (t / 1000)).toFixed(1))]);
  print(['speed-up over fast-xml-parser', '', ...totals.map((t) => `${(baseline / t).toFixed(1)}x`)]);
}

await main();
