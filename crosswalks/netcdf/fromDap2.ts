import { CrosswalkError } from '../crosswalk.js';
import type { DatasetHeader, NetcdfAttribute, NetcdfDimension, NetcdfType, NetcdfVariable } from '../../src/netcdf/datasetHeader.js';
import { findAttribute, isIntegerType, makeAttribute } from './attributeValues.js';

/**
 * OPeNDAP DAP2 text responses to a `DatasetHeader`: a DDS (`Dataset { ... } name;`), a DAS
 * (`Attributes { ... }`), or both one after the other, in either order. A DAP2 `Error { ... };`
 * document becomes a `CrosswalkError` carrying the server's message.
 *
 * DAP2 encodings are undone the way netCDF-C reads them: `Byte` is a signed byte; `_Unsigned "true"`
 * makes the variable unsigned and its fill/valid/flag attributes are unwrapped to the variable's type
 * (TDS sends 255 as -1); `_Unsigned` itself is dropped; a container whose name ends in `global` holds
 * global attributes; `DODS_EXTRA.Unlimited_Dimension` marks the unlimited dimension. Without a DDS,
 * every other container is taken for a variable whose type is its `_FillValue`'s type, if any.
 */

export const MAX_DAP2_CHARS = 16 * 1024 * 1024;
const MAX_DEPTH = 32;

interface Token {
  readonly kind: 'word' | 'string' | 'punct';
  readonly text: string;
  readonly line: number;
}

interface DapAttribute {
  readonly name: string;
  readonly type: string;
  readonly values: readonly Token[];
}

interface Container {
  readonly name: string;
  readonly attributes: DapAttribute[];
  readonly containers: Container[];
}

interface DdsVariable {
  readonly name: string;
  readonly type: NetcdfType;
  readonly dimensions: readonly string[];
}

const PUNCT = new Set(['{', '}', '[', ']', ';', ',', '=', ':']);

/** DAP2 base types (and the DAP4 integer names some servers print) to NetCDF types. */
const BASE_TYPES: Readonly<Record<string, NetcdfType>> = {
  byte: 'byte', int8: 'byte', uint8: 'ubyte', int16: 'short', uint16: 'ushort', int32: 'int', uint32: 'uint',
  int64: 'int64', uint64: 'uint64', float32: 'float', float64: 'double', string: 'string', url: 'string',
};
const ATTRIBUTE_TYPES: Readonly<Record<string, NetcdfType>> = { ...BASE_TYPES, otherxml: 'string' };

const UNSIGNED: Partial<Record<NetcdfType, NetcdfType>> = { byte: 'ubyte', short: 'ushort', int: 'uint', int64: 'uint64' };
const BITS: Partial<Record<NetcdfType, number>> = { ubyte: 8, ushort: 16, uint: 32 };
/** Attributes that CF requires in the variable's own type, which DAP2 servers widen or wrap. */
const VALUE_ATTRIBUTES = new Set(['_FillValue', 'missing_value', 'valid_min', 'valid_max', 'valid_range', 'flag_values', 'flag_masks']);

function fail(line: number, detail: string): never {
  throw new CrosswalkError('netcdf-header', `DAP2 line ${line}: ${detail}`);
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
    } else if (c.charCodeAt(0) <= 32 || /\s/.test(c)) {
      i += 1;
    } else if (c === '#') {
      while (i < n && text[i] !== '\n') i += 1;
    } else if (c === '"') {
      const start = line;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= n) fail(start, 'unterminated string');
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\n') line += 1;
        if (d === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        const octal = d === '\\' ? /^[0-7]{3}/.exec(text.slice(i + 1, i + 4)) : null;
        if (octal) {
          value += String.fromCharCode(parseInt(octal[0], 8));
          i += 4;
          continue;
        }
        value += d;
        i += 1;
      }
      i += 1;
      tokens.push({ kind: 'string', text: value, line: start });
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i += 1;
    } else {
      const start = i;
      while (i < n && !PUNCT.has(text[i]!) && text[i] !== '"' && !/\s/.test(text[i]!)) i += 1;
      tokens.push({ kind: 'word', text: text.slice(start, i), line });
    }
  }
  return tokens;
}

/** DAP2 names escape characters outside the identifier set as `%XX` (libdap `id2www`). */
function decodeName(name: string): string {
  if (!name.includes('%')) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

class Cursor {
  readonly #tokens: readonly Token[];
  #pos = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  peek(offset = 0): Token | undefined {
    return this.#tokens[this.#pos + offset];
  }

  next(): Token {
    const t = this.#tokens[this.#pos];
    if (t === undefined) fail(this.#tokens[this.#tokens.length - 1]?.line ?? 1, 'unexpected end of the document');
    this.#pos += 1;
    return t;
  }

  is(t: Token | undefined, text: string): boolean {
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  expect(text: string): Token {
    const t = this.next();
    if (t.kind === 'string' || t.text.toLowerCase() !== text.toLowerCase()) fail(t.line, `expected "${text}", found "${t.text}"`);
    return t;
  }

  word(what: string): Token {
    const t = this.next();
    if (t.kind !== 'word') fail(t.line, `expected ${what}, found "${t.text}"`);
    return t;
  }
}

function readError(cursor: Cursor): never {
  const head = cursor.expect('{');
  let code: string | undefined;
  let message: string | undefined;
  while (!cursor.is(cursor.peek(), '}')) {
    const key = cursor.word('"code" or "message"');
    cursor.expect('=');
    const value = cursor.next();
    if (cursor.is(cursor.peek(), ';')) cursor.next();
    if (key.text.toLowerCase() === 'code') code = value.text;
    else if (key.text.toLowerCase() === 'message') message = value.text;
  }
  const detail = message === undefined ? 'no message' : message;
  throw new CrosswalkError('netcdf-header', `the OPeNDAP server answered with an error${code === undefined ? '' : ` (code ${code})`} at line ${head.line}: ${detail}`);
}

function readContainer(cursor: Cursor, name: string, depth: number): Container {
  if (depth > MAX_DEPTH) fail(cursor.peek()?.line ?? 1, `attribute containers are nested deeper than ${MAX_DEPTH}`);
  cursor.expect('{');
  const container: Container = { name, attributes: [], containers: [] };
  for (;;) {
    const t = cursor.next();
    if (cursor.is(t, '}')) break;
    if (t.kind !== 'word') fail(t.line, `expected an attribute or a container, found "${t.text}"`);
    if (cursor.is(cursor.peek(), '{')) {
      container.containers.push(readContainer(cursor, decodeName(t.text), depth + 1));
      continue;
    }
    const type = t.text.toLowerCase();
    if (type === 'alias') {
      while (!cursor.is(cursor.next(), ';'));
      continue;
    }
    if (ATTRIBUTE_TYPES[type] === undefined) fail(t.line, `unknown attribute type "${t.text}"`);
    const attrName = cursor.word('an attribute name');
    const values: Token[] = [];
    for (;;) {
      const v = cursor.next();
      if (v.kind === 'punct') fail(v.line, `expected a value of attribute "${attrName.text}", found "${v.text}"`);
      values.push(v);
      const sep = cursor.next();
      if (cursor.is(sep, ';')) break;
      if (!cursor.is(sep, ',')) fail(sep.line, `expected "," or ";" after a value of attribute "${attrName.text}"`);
    }
    container.attributes.push({ name: decodeName(attrName.text), type, values });
  }
  return container;
}

/** `name[dim = 12][lat = 4]` after a declaration's type. */
function readDeclarator(cursor: Cursor, dims: Map<string, number>): { name: string; dimensions: string[] } {
  const name = decodeName(cursor.word('a variable name').text);
  const dimensions: string[] = [];
  while (cursor.is(cursor.peek(), '[')) {
    cursor.next();
    let dimName = `${name}_${dimensions.length}`;
    if (cursor.is(cursor.peek(1), '=')) {
      dimName = decodeName(cursor.word('a dimension name').text);
      cursor.next();
    }
    const size = cursor.word('a dimension size');
    if (!/^\d+$/.test(size.text) || Number(size.text) > Number.MAX_SAFE_INTEGER) fail(size.line, `"${size.text}" is not a dimension size`);
    cursor.expect(']');
    const known = dims.get(dimName);
    if (known !== undefined && known !== Number(size.text)) fail(size.line, `dimension "${dimName}" has the sizes ${known} and ${size.text}`);
    dims.set(dimName, Number(size.text));
    dimensions.push(dimName);
  }
  return { name, dimensions };
}

function readDeclarations(cursor: Cursor, prefix: string, outer: readonly string[], dims: Map<string, number>, into: DdsVariable[], depth: number): void {
  if (depth > MAX_DEPTH) fail(cursor.peek()?.line ?? 1, `structures are nested deeper than ${MAX_DEPTH}`);
  while (!cursor.is(cursor.peek(), '}')) {
    const t = cursor.word('a declaration');
    const keyword = t.text.toLowerCase();
    if (keyword === 'structure' || keyword === 'sequence') {
      cursor.expect('{');
      const members: DdsVariable[] = [];
      readDeclarations(cursor, '', [], dims, members, depth + 1);
      cursor.expect('}');
      const { name, dimensions } = readDeclarator(cursor, dims);
      cursor.expect(';');
      // Sequence members have no fixed length, hence no dimension.
      const shape = keyword === 'structure' ? [...outer, ...dimensions] : [];
      for (const m of members) into.push({ name: `${prefix}${name}.${m.name}`, type: m.type, dimensions: [...shape, ...m.dimensions] });
    } else if (keyword === 'grid') {
      cursor.expect('{');
      cursor.expect('array');
      cursor.expect(':');
      const parts: DdsVariable[] = [];
      readDeclarations(cursor, '', [], dims, parts, depth + 1);
      cursor.expect('}');
      const { name } = readDeclarator(cursor, dims);
      cursor.expect(';');
      const array = parts[0];
      if (array === undefined) fail(t.line, `grid "${name}" has no array`);
      into.push({ name: `${prefix}${name}`, type: array.type, dimensions: [...outer, ...array.dimensions] });
      for (const map of parts.slice(1)) {
        if (!into.some((v) => v.name === `${prefix}${map.name}`)) into.push({ ...map, name: `${prefix}${map.name}` });
      }
    } else if (keyword === 'maps' && cursor.is(cursor.peek(), ':')) {
      cursor.next();
    } else {
      const type = BASE_TYPES[keyword];
      if (type === undefined) fail(t.line, `unknown DDS type "${t.text}"`);
      const { name, dimensions } = readDeclarator(cursor, dims);
      cursor.expect(';');
      into.push({ name: `${prefix}${name}`, type, dimensions: [...outer, ...dimensions] });
    }
  }
}

function toAttribute(a: DapAttribute, prefix: string): NetcdfAttribute {
  const name = `${prefix}${a.name}`;
  const type = ATTRIBUTE_TYPES[a.type]!;
  if (type === 'string') return a.values.length === 1 ? makeAttribute(name, 'char', [a.values[0]!.text]) : makeAttribute(name, 'string', a.values.map((v) => v.text));
  const texts = a.values.map((v) => v.text);
  // DAP2 Byte is unsigned on the wire; netCDF-C shows it as a signed byte.
  if (type === 'byte') return makeAttribute(name, 'byte', texts.map((t) => (/^\d+$/.test(t) && Number(t) > 127 && Number(t) < 256 ? String(Number(t) - 256) : t)));
  return makeAttribute(name, type, texts);
}

/** Flattens nested containers into `container.attribute` names (what netCDF-C does). */
function flatten(container: Container, prefix: string): NetcdfAttribute[] {
  return [
    ...container.attributes.map((a) => toAttribute(a, prefix)),
    ...container.containers.flatMap((c) => flatten(c, `${prefix}${c.name}.`)),
  ];
}

/** Reinterprets an integer attribute in the variable's (possibly unsigned) type. */
function inVariableType(attribute: NetcdfAttribute, type: NetcdfType): NetcdfAttribute {
  if (!VALUE_ATTRIBUTES.has(attribute.name) || !isIntegerType(type) || !isIntegerType(attribute.type) || attribute.type === type) return attribute;
  if (attribute.type === 'int64' || attribute.type === 'uint64' || type === 'int64' || type === 'uint64') return attribute;
  const bits = BITS[type];
  const values = (attribute.value as readonly number[]).map((v) => (bits !== undefined && v < 0 ? v + 2 ** bits : v));
  try {
    return makeAttribute(attribute.name, type, values.map(String));
  } catch {
    return attribute;
  }
}

function finishVariable(name: string, type: NetcdfType | undefined, dimensions: readonly string[], attributes: readonly NetcdfAttribute[]): NetcdfVariable {
  const unsignedAttr = findAttribute(attributes, '_Unsigned');
  const unsigned = unsignedAttr?.type === 'char' && unsignedAttr.value.trim().toLowerCase() === 'true';
  let base = type ?? findAttribute(attributes, '_FillValue')?.type;
  if (unsigned && base !== undefined) base = UNSIGNED[base] ?? base;
  const kept = attributes.filter((a) => a.name !== '_Unsigned');
  const converted = base === undefined ? kept : kept.map((a) => inVariableType(a, base));
  return { name, ...(base === undefined ? {} : { type: base }), dimensions, attributes: converted };
}

/** Parses DAP2 DDS and/or DAS text. Throws `CrosswalkError` (also for a DAP2 `Error` document). */
export function fromDap2(text: string): DatasetHeader {
  if (text.length > MAX_DAP2_CHARS) throw new CrosswalkError('netcdf-header', 'the DAP2 document is too large');
  const cursor = new Cursor(tokenize(text.replace(/^\uFEFF/, '')));
  let dds: { name: string; variables: DdsVariable[]; dims: Map<string, number> } | undefined;
  let das: Container | undefined;
  while (cursor.peek() !== undefined) {
    const t = cursor.word('"Dataset", "Attributes" or "Error"');
    const keyword = t.text.toLowerCase();
    if (keyword === 'error') readError(cursor);
    if (keyword === 'dataset') {
      if (dds !== undefined) fail(t.line, 'a second DDS');
      cursor.expect('{');
      const variables: DdsVariable[] = [];
      const dims = new Map<string, number>();
      readDeclarations(cursor, '', [], dims, variables, 0);
      cursor.expect('}');
      const name = cursor.peek()?.kind === 'word' ? decodeName(cursor.next().text) : '';
      cursor.expect(';');
      dds = { name, variables, dims };
    } else if (keyword === 'attributes') {
      if (das !== undefined) fail(t.line, 'a second DAS');
      das = readContainer(cursor, '', 0);
    } else {
      fail(t.line, `expected "Dataset", "Attributes" or "Error", found "${t.text}"`);
    }
  }
  if (dds === undefined && das === undefined) throw new CrosswalkError('netcdf-header', 'the DAP2 document is empty');

  const globals: NetcdfAttribute[] = [];
  const unlimited = new Set<string>();
  const variableAttributes = new Map<string, NetcdfAttribute[]>();
  const dasOnly: string[] = [];
  const known = new Set((dds?.variables ?? []).map((v) => v.name));
  const attach = (name: string, attributes: NetcdfAttribute[]): void => {
    variableAttributes.set(name, [...(variableAttributes.get(name) ?? []), ...attributes]);
  };
  const isStructure = (name: string): boolean => [...known].some((k) => k.startsWith(`${name}.`));
  const assign = (c: Container, path: string): void => {
    const own = c.attributes.map((a) => toAttribute(a, ''));
    if (known.has(path)) attach(path, own);
    else globals.push(...own.map((a) => ({ ...a, name: `${path}.${a.name}` })));
    for (const child of c.containers) {
      const member = `${path}.${child.name}`;
      if (known.has(member) || isStructure(member)) assign(child, member);
      else if (known.has(child.name) && !variableAttributes.has(child.name)) assign(child, child.name);
      else if (known.has(path)) attach(path, flatten(child, `${child.name}.`));
      else globals.push(...flatten(child, `${member}.`));
    }
  };
  for (const c of das?.containers ?? []) {
    if (/global$/i.test(c.name)) {
      globals.push(...flatten(c, ''));
    } else if (c.name === 'DODS_EXTRA') {
      for (const a of flatten(c, '')) {
        if (a.name === 'Unlimited_Dimension' && a.type === 'char') unlimited.add(a.value);
        else globals.push({ ...a, name: `DODS_EXTRA.${a.name}` });
      }
    } else if (known.has(c.name) || isStructure(c.name) || dds === undefined) {
      if (dds === undefined && !known.has(c.name)) {
        known.add(c.name);
        dasOnly.push(c.name);
      }
      assign(c, c.name);
    } else {
      globals.push(...flatten(c, `${c.name}.`));
    }
  }
  for (const a of das?.attributes ?? []) globals.push(toAttribute(a, ''));

  const dimensions: NetcdfDimension[] = [...(dds?.dims ?? new Map<string, number>())].map(([name, size]) => ({ name, size, unlimited: unlimited.has(name) }));
  const variables: NetcdfVariable[] = [
    ...(dds?.variables ?? []).map((v) => finishVariable(v.name, v.type, v.dimensions, variableAttributes.get(v.name) ?? [])),
    ...dasOnly.map((name) => finishVariable(name, undefined, [], variableAttributes.get(name) ?? [])),
  ];
  const name = dds?.name;
  return { ...(name === undefined || name === '' ? {} : { name }), dimensions, variables, attributes: globals, groups: [] };
}
