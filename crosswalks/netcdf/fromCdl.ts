import { CrosswalkError } from '../crosswalk.js';
import type { DatasetHeader, NetcdfAttribute, NetcdfDimension, NetcdfGroup, NetcdfType, NetcdfVariable } from '../../src/netcdf/datasetHeader.js';
import { makeAttribute, parseNumberText } from './attributeValues.js';

/**
 * CDL as `ncdump -h` writes it (and ncgen reads it) to a `DatasetHeader`: dimensions (with
 * `UNLIMITED ; // (12 currently)`), variables, attributes with or without a type (the value suffixes
 * `b s L UB US U UL LL ULL f d` decide), global attributes and NetCDF-4 groups. A `data:` section is
 * skipped. User-defined types (`types:`) are refused.
 */

export const MAX_CDL_CHARS = 16 * 1024 * 1024;
const MAX_GROUP_DEPTH = 32;

type TokenKind = 'word' | 'string' | 'punct' | 'comment';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
}

const PUNCT = new Set(['{', '}', '(', ')', ',', ';', ':', '=']);
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', '0': '\0' };

/** CDL type keywords, with the classic synonyms ncgen accepts. */
const TYPE_WORDS: Readonly<Record<string, NetcdfType>> = {
  char: 'char', byte: 'byte', ubyte: 'ubyte', short: 'short', ushort: 'ushort', int: 'int', integer: 'int', long: 'int',
  uint: 'uint', int64: 'int64', uint64: 'uint64', float: 'float', real: 'float', double: 'double', string: 'string',
};

const SUFFIX_TYPES: Readonly<Record<string, NetcdfType>> = {
  b: 'byte', s: 'short', l: 'int', ll: 'int64', ub: 'ubyte', us: 'ushort', u: 'uint', ul: 'uint', ull: 'uint64', f: 'float', d: 'double',
};

/** Wider types win when the values of one untyped attribute disagree. */
const TYPE_RANK: readonly NetcdfType[] = ['byte', 'ubyte', 'short', 'ushort', 'int', 'uint', 'int64', 'uint64', 'float', 'double'];

const NUMBER_WITH_SUFFIX = /^([+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|nan|infinity|inf))(ull|ul|ub|us|ll|[bslufd])?$/i;

const SECTIONS = new Set(['dimensions', 'variables', 'data', 'types', 'group']);

function fail(line: number, detail: string): never {
  throw new CrosswalkError('netcdf-header', `CDL line ${line}: ${detail}`);
}

/** Characters that end a word: white space, punctuation and quotes. */
function endsWord(code: number): boolean {
  return code <= 32 || code === 34 || code === 39 || code === 40 || code === 41 || code === 44 || code === 58 || code === 59 || code === 61 || code === 123 || code === 125;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line += 1;
      i += 1;
    } else if (c.charCodeAt(0) <= 32) {
      i += 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      tokens.push({ kind: 'comment', text: text.slice(i + 2, stop), line });
      i = stop;
    } else if (c === '"' || c === "'") {
      const start = line;
      let value = '';
      i += 1;
      for (;;) {
        // Copy the run up to the next quote, backslash or newline in one slice.
        let j = i;
        while (j < n && text[j] !== c && text[j] !== '\\' && text[j] !== '\n') j += 1;
        value += text.slice(i, j);
        i = j;
        if (i >= n) fail(start, 'unterminated string');
        const d = text[i]!;
        if (d === c) break;
        if (d === '\n') {
          line += 1;
          value += d;
          i += 1;
          continue;
        }
        if (i + 1 >= n) fail(start, 'unterminated string');
        const e = text[i + 1]!;
        const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
        if (octal && e !== '0') {
          value += String.fromCharCode(parseInt(octal[0], 8));
          i += 1 + octal[0].length;
          continue;
        }
        const hex = e === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4)) : null;
        if (hex) {
          value += String.fromCharCode(parseInt(hex[0], 16));
          i += 2 + hex[0].length;
          continue;
        }
        value += ESCAPES[e] ?? e;
        if (e === '\n') line += 1;
        i += 2;
      }
      i += 1;
      tokens.push({ kind: 'string', text: value, line: start });
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i += 1;
    } else {
      let word = '';
      let from = i;
      while (i < n) {
        const code = text.charCodeAt(i);
        if (code === 92 && i + 1 < n && text[i + 1] !== '\n') {
          // A backslash keeps the next character as part of the name (`\3mf07`).
          word += text.slice(from, i) + text[i + 1];
          i += 2;
          from = i;
          continue;
        }
        if (endsWord(code) || (code === 47 && text[i + 1] === '/')) break;
        i += 1;
      }
      tokens.push({ kind: 'word', text: word + text.slice(from, i), line });
    }
  }
  return tokens;
}

interface GroupBuilder {
  readonly name: string;
  readonly dimensions: NetcdfDimension[];
  readonly variables: { name: string; type: NetcdfType; dimensions: string[]; attributes: Map<string, NetcdfAttribute> }[];
  readonly attributes: Map<string, NetcdfAttribute>;
  readonly groups: NetcdfGroup[];
}

class CdlParser {
  readonly #tokens: Token[];
  #pos = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  /** The next token that is not a comment, without consuming it. */
  peek(offset = 0): Token | undefined {
    let seen = 0;
    for (let i = this.#pos; i < this.#tokens.length; i += 1) {
      const t = this.#tokens[i]!;
      if (t.kind === 'comment') continue;
      if (seen === offset) return t;
      seen += 1;
    }
    return undefined;
  }

  next(): Token {
    while (this.#pos < this.#tokens.length && this.#tokens[this.#pos]!.kind === 'comment') this.#pos += 1;
    const t = this.#tokens[this.#pos];
    if (t === undefined) fail(this.lastLine(), 'unexpected end of the document');
    this.#pos += 1;
    return t;
  }

  /** The comment right after the last consumed token, on the same line (ncdump's `// (12 currently)`). */
  trailingComment(): string | undefined {
    const previous = this.#tokens[this.#pos - 1];
    const t = this.#tokens[this.#pos];
    return t?.kind === 'comment' && previous !== undefined && t.line === previous.line ? t.text : undefined;
  }

  lastLine(): number {
    return this.#tokens[this.#tokens.length - 1]?.line ?? 1;
  }

  expect(text: string): Token {
    const t = this.next();
    if (t.kind !== 'punct' && t.kind !== 'word') fail(t.line, `expected "${text}", found a string`);
    if (t.text !== text) fail(t.line, `expected "${text}", found "${t.text}"`);
    return t;
  }

  word(what: string): Token {
    const t = this.next();
    if (t.kind !== 'word' || t.text === '') fail(t.line, `expected ${what}, found "${t.text}"`);
    return t;
  }

  isPunct(t: Token | undefined, text: string): boolean {
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  /**
   * A section keyword (`dimensions:`...) rather than an attribute of a variable with that name:
   * `data:x = 1` is an attribute only when a variable `data` is declared.
   */
  atSection(isVariable: (name: string) => boolean = () => false): string | undefined {
    const t = this.peek();
    if (t === undefined || t.kind !== 'word' || !SECTIONS.has(t.text) || !this.isPunct(this.peek(1), ':')) return undefined;
    const after = this.peek(2);
    if (t.text === 'group') return after?.kind === 'word' && this.isPunct(this.peek(3), '{') ? 'group' : undefined;
    if (after === undefined || after.line > t.line || !this.isPunct(this.peek(3), '=') || !isVariable(t.text)) return t.text;
    return undefined;
  }

  parse(): DatasetHeader {
    const head = this.word('"netcdf"');
    if (head.text !== 'netcdf') fail(head.line, `a CDL document starts with "netcdf", not "${head.text}"`);
    const nameToken = this.peek();
    const name = nameToken?.kind === 'word' ? this.next().text : undefined;
    this.expect('{');
    const root = this.groupBody(name ?? '', 0);
    const extra = this.peek();
    if (extra !== undefined) fail(extra.line, `unexpected "${extra.text}" after the end of the dataset`);
    return { ...(name === undefined ? {} : { name }), dimensions: root.dimensions, variables: root.variables, attributes: root.attributes, groups: root.groups };
  }

  /** Reads sections up to and including the group's closing brace. */
  groupBody(name: string, depth: number): NetcdfGroup {
    if (depth > MAX_GROUP_DEPTH) fail(this.peek()?.line ?? this.lastLine(), `groups are nested deeper than ${MAX_GROUP_DEPTH}`);
    const group: GroupBuilder = { name, dimensions: [], variables: [], attributes: new Map(), groups: [] };
    const pending: { variable: string; attribute: NetcdfAttribute; line: number }[] = [];
    let section: string | undefined;
    for (;;) {
      const t = this.peek();
      if (t === undefined) fail(this.lastLine(), 'the document ends before the closing "}"');
      if (this.isPunct(t, '}')) {
        this.next();
        break;
      }
      const keyword = this.atSection((n) => group.variables.some((v) => v.name === n));
      if (keyword !== undefined) {
        this.next();
        this.next();
        if (keyword === 'types') fail(t.line, 'user-defined types (compound, enum, vlen, opaque) are not supported');
        if (keyword === 'group') {
          const child = this.word('a group name');
          this.expect('{');
          group.groups.push(this.groupBody(child.text, depth + 1));
          continue;
        }
        section = keyword;
        if (section === 'data') this.skipData();
        continue;
      }
      if (section === 'dimensions') this.dimensionStatement(group);
      else if (section === 'variables') this.variableStatement(group, pending);
      else fail(t.line, `unexpected "${t.text}" outside a dimensions or variables section`);
    }
    for (const { variable, attribute, line } of pending) {
      const target = group.variables.find((v) => v.name === variable);
      if (target === undefined) fail(line, `attribute "${attribute.name}" of undeclared variable "${variable}"`);
      target.attributes.set(attribute.name, attribute);
    }
    return {
      name: group.name,
      dimensions: group.dimensions,
      variables: group.variables.map((v): NetcdfVariable => ({ name: v.name, type: v.type, dimensions: v.dimensions, attributes: [...v.attributes.values()] })),
      attributes: [...group.attributes.values()],
      groups: group.groups,
    };
  }

  skipData(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t === undefined) return;
      if (depth === 0 && (this.isPunct(t, '}') || this.atSection() === 'group')) return;
      this.next();
      if (this.isPunct(t, '{')) depth += 1;
      else if (this.isPunct(t, '}')) depth -= 1;
    }
  }

  dimensionStatement(group: GroupBuilder): void {
    const declared: number[] = [];
    for (;;) {
      const name = this.word('a dimension name');
      this.expect('=');
      const size = this.word('a dimension length');
      let dimension: NetcdfDimension;
      if (size.text.toUpperCase() === 'UNLIMITED') {
        dimension = { name: name.text, size: 0, unlimited: true };
      } else {
        if (!/^\d+$/.test(size.text) || Number(size.text) > Number.MAX_SAFE_INTEGER) fail(size.line, `"${size.text}" is not a dimension length`);
        dimension = { name: name.text, size: Number(size.text), unlimited: false };
      }
      if (group.dimensions.some((d) => d.name === dimension.name)) fail(name.line, `dimension "${dimension.name}" is declared twice`);
      declared.push(group.dimensions.push(dimension) - 1);
      const sep = this.next();
      if (this.isPunct(sep, ';')) break;
      if (!this.isPunct(sep, ',')) fail(sep.line, `expected "," or ";" after a dimension, found "${sep.text}"`);
    }
    const current = /\((\d+) currently\)/.exec(this.trailingComment() ?? '');
    if (current) {
      for (const index of declared) {
        const d = group.dimensions[index]!;
        if (d.unlimited) group.dimensions[index] = { ...d, size: Number(current[1]) };
      }
    }
  }

  variableStatement(group: GroupBuilder, pending: { variable: string; attribute: NetcdfAttribute; line: number }[]): void {
    const first = this.peek()!;
    const type = first.kind === 'word' ? TYPE_WORDS[first.text] : undefined;
    const second = this.peek(1);
    if (type !== undefined && !this.isPunct(second, ':') && !this.isPunct(this.peek(2), ':')) {
      this.next();
      this.declarations(group, type);
      return;
    }
    // `long:units` is an attribute of a variable named "long"; `long :units` a typed global attribute.
    const typed = type !== undefined && !(this.isPunct(second, ':') && second!.line === first.line && group.variables.some((v) => v.name === first.text));
    if (typed) this.next();
    let variable: string | undefined;
    if (!this.isPunct(this.peek(), ':')) variable = this.word('a variable name').text;
    this.expect(':');
    const name = this.word('an attribute name');
    this.expect('=');
    const attribute = this.attributeValues(name.text, typed ? type : undefined, name.line);
    if (variable === undefined) group.attributes.set(attribute.name, attribute);
    else pending.push({ variable, attribute, line: name.line });
  }

  declarations(group: GroupBuilder, type: NetcdfType): void {
    for (;;) {
      const name = this.word('a variable name');
      const dimensions: string[] = [];
      if (this.isPunct(this.peek(), '(')) {
        this.next();
        if (!this.isPunct(this.peek(), ')')) {
          for (;;) {
            dimensions.push(this.word('a dimension name').text);
            const sep = this.next();
            if (this.isPunct(sep, ')')) break;
            if (!this.isPunct(sep, ',')) fail(sep.line, `expected "," or ")" in the dimensions of "${name.text}"`);
          }
        } else {
          this.next();
        }
      }
      if (group.variables.some((v) => v.name === name.text)) fail(name.line, `variable "${name.text}" is declared twice`);
      group.variables.push({ name: name.text, type, dimensions, attributes: new Map() });
      const sep = this.next();
      if (this.isPunct(sep, ';')) return;
      if (!this.isPunct(sep, ',')) fail(sep.line, `expected "," or ";" after variable "${name.text}", found "${sep.text}"`);
    }
  }

  attributeValues(name: string, declared: NetcdfType | undefined, line: number): NetcdfAttribute {
    const values: Token[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'punct') fail(t.line, `expected a value of attribute "${name}", found "${t.text}"`);
      values.push(t);
      const sep = this.next();
      if (this.isPunct(sep, ';')) break;
      if (!this.isPunct(sep, ',')) fail(sep.line, `expected "," or ";" after a value of attribute "${name}", found "${sep.text}"`);
    }
    const strings = values.filter((v) => v.kind === 'string');
    if (declared === 'char' || declared === 'string' || (declared === undefined && strings.length > 0)) {
      if (strings.length !== values.length) fail(line, `attribute "${name}" mixes text and numbers`);
      return makeAttribute(name, declared ?? 'char', strings.map((s) => s.text));
    }
    if (strings.length > 0) fail(line, `attribute "${name}" of type ${declared} has a text value`);
    const parsed = values.map((v) => {
      const m = NUMBER_WITH_SUFFIX.exec(v.text);
      if (!m || parseNumberText(m[1]!) === undefined) fail(v.line, `"${v.text}" is not a value of attribute "${name}"`);
      const suffix = m[2]?.toLowerCase();
      const implied: NetcdfType = suffix !== undefined ? SUFFIX_TYPES[suffix]! : /^[+-]?\d+$/.test(m[1]!) ? (Math.abs(Number(m[1])) > 2147483647 ? 'int64' : 'int') : 'double';
      return { text: m[1]!, implied };
    });
    const type = declared ?? parsed.reduce<NetcdfType>((wide, p) => (TYPE_RANK.indexOf(p.implied) > TYPE_RANK.indexOf(wide) ? p.implied : wide), parsed[0]!.implied);
    return makeAttribute(name, type, parsed.map((p) => p.text));
  }
}

/** Parses CDL header text. Throws `CrosswalkError` with the line of the first problem. */
export function fromCdl(text: string): DatasetHeader {
  if (text.length > MAX_CDL_CHARS) throw new CrosswalkError('netcdf-header', 'the CDL document is too large');
  return new CdlParser(tokenize(text.replace(/^\uFEFF/, ''))).parse();
}
