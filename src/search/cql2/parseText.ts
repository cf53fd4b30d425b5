import { invalidParameter, MeridianError } from '../../core/errors.js';
import type { ArithmeticOp, BBoxLiteral, Cql2Expr, GeometryLiteral, IntervalEnd, Operand } from './ast.js';
import { readBbox, readGeometry } from './geometryLiteral.js';
import { describeOperand, expectedOperand, fitsOperand } from './operandKinds.js';
import type { OperandKind } from './operandKinds.js';
import {
  canonicalOp, isArrayOp, isComparisonOp, isSpatialOp, isTemporalOp, MAX_FILTER_DEPTH, unsupportedOpHint,
} from './operators.js';
import { isCalendarDate, isReversedInterval, normalizeIntervalString, normalizeTimestamp } from './temporalLiterals.js';
import { metresPerUnit } from './distanceUnits.js';
import { describeToken, tokenizeCql2Text } from './tokenizeText.js';
import type { TextSymbol, Token } from './tokenizeText.js';

type WordToken = Extract<Token, { kind: 'word' }>;

/*
 * One precedence-climbing parser covers boolean and arithmetic expressions, from loosest to tightest:
 * OR, AND, NOT, predicates (= <> < <= > >= LIKE BETWEEN IN IS NULL), + -, * / % div, ^, unary minus, primaries.
 * A parenthesis may open either a boolean or an arithmetic group (`(a = 1)`, `(a + 1) * 2`) or an array
 * literal (`('a', 'b')`); parsing it once and checking what came out avoids backtracking.
 *
 * Two depths are bounded: `nesting` counts recursion through parentheses, NOT, unary minus and function
 * arguments (the call stack), and each node's `depth` is the height of the AST it holds, measured like the
 * JSON parser measures it, so that an over-deep text filter fails exactly when its JSON form would.
 */

/** A parsed piece: a boolean expression, or a value (operand). */
type Node =
  | { readonly kind: 'predicate'; readonly expr: Cql2Expr; readonly pos: number; readonly depth: number }
  | {
      readonly kind: 'value';
      readonly value: Operand;
      readonly pos: number;
      readonly depth: number;
      /** A single value in parentheses, which an array operator reads as a one-element array. */
      readonly grouped: boolean;
    };

interface State {
  readonly tokens: readonly Token[];
  index: number;
  nesting: number;
  readonly options: Cql2TextOptions;
}

export interface Cql2TextOptions {
  /**
   * Accept OGC CQL 1's distance predicates, `DWITHIN(geometry, POINT(2 48), 10, kilometers)` and BEYOND
   * (CSW constraints), as the core's `s_dwithin` and `s_beyond` with the distance in metres.
   */
  readonly distanceOperators?: boolean;
}

const GEOMETRY_TYPES: Readonly<Record<string, GeometryLiteral['type']>> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
  GEOMETRYCOLLECTION: 'GeometryCollection',
};

/** Words that cannot name a property without double quotes. */
const RESERVED: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'DIV']);

function failAt(pos: number, message: string): never {
  throw invalidParameter('filter', `filter: ${message} at character ${pos}`);
}

function unexpected(token: Token, expected: string): never {
  const found = describeToken(token);
  throw invalidParameter('filter', `filter: unexpected ${found} at character ${token.pos} (expected ${expected})`);
}

function peek(st: State, ahead = 0): Token {
  return st.tokens[Math.min(st.index + ahead, st.tokens.length - 1)] as Token;
}

function next(st: State): Token {
  const token = peek(st);
  if (token.kind !== 'end') st.index += 1;
  return token;
}

function isWord(token: Token, upper: string): boolean {
  return token.kind === 'word' && token.upper === upper;
}

function isSymbol(token: Token, symbol: TextSymbol): boolean {
  return token.kind === 'symbol' && token.text === symbol;
}

function expectSymbol(st: State, symbol: TextSymbol, expected = `"${symbol}"`): Token {
  const token = next(st);
  if (!isSymbol(token, symbol)) unexpected(token, expected);
  return token;
}

function enter(st: State, pos: number): void {
  st.nesting += 1;
  if (st.nesting > MAX_FILTER_DEPTH) failAt(pos, `the filter is nested deeper than ${MAX_FILTER_DEPTH} levels`);
}

function leave(st: State): void {
  st.nesting -= 1;
}

function heightOf(pos: number, children: readonly Node[]): number {
  // A loop, not Math.max(...), which overflows the stack for lists of 100k items.
  let depth = 1;
  for (const child of children) depth = Math.max(depth, child.depth + 1);
  if (depth > MAX_FILTER_DEPTH) failAt(pos, `the filter is nested deeper than ${MAX_FILTER_DEPTH} levels`);
  return depth;
}

function predicate(expr: Cql2Expr, pos: number, children: readonly Node[]): Node {
  return { kind: 'predicate', expr, pos, depth: heightOf(pos, children) };
}

function value(operand: Operand, pos: number, depth = 1, grouped = false): Node {
  return { kind: 'value', value: operand, pos, depth, grouped };
}

function toPredicate(st: State, node: Node): Cql2Expr {
  if (node.kind === 'predicate') return node.expr;
  if (typeof node.value === 'boolean') return node.value;
  // A value where a predicate belongs is an unfinished predicate: name what should have followed it.
  return unexpected(peek(st), 'a comparison operator, LIKE, BETWEEN, IN or IS NULL');
}

function toOperand(node: Node, kind: OperandKind, label: string): Operand {
  if (node.kind === 'predicate') {
    const expected = kind === 'any' ? 'expected a value' : `${label} expects ${expectedOperand(kind)}`;
    return failAt(node.pos, `${expected}, found a predicate`);
  }
  if (!fitsOperand(kind, node.value)) {
    failAt(node.pos, `${label} expects ${expectedOperand(kind)}, found ${describeOperand(node.value)}`);
  }
  return node.value;
}

// ---- boolean expressions ---------------------------------------------------------------------------------

function parseLogical(st: State, op: 'and' | 'or', parseOperand: (st: State) => Node): Node {
  const first = parseOperand(st);
  if (!isWord(peek(st), op.toUpperCase())) return first;
  const nodes = [first];
  const args = [toPredicate(st, first)];
  while (isWord(peek(st), op.toUpperCase())) {
    next(st);
    const node = parseOperand(st);
    nodes.push(node);
    args.push(toPredicate(st, node));
  }
  return predicate({ op, args }, first.pos, nodes);
}

function parseOr(st: State): Node {
  return parseLogical(st, 'or', parseAnd);
}

function parseAnd(st: State): Node {
  return parseLogical(st, 'and', parseNot);
}

function parseNot(st: State): Node {
  const token = peek(st);
  if (!isWord(token, 'NOT')) return parsePredicate(st);
  next(st);
  enter(st, token.pos);
  const inner = parseNot(st);
  leave(st);
  return predicate({ op: 'not', args: [toPredicate(st, inner)] }, token.pos, [inner]);
}

function negate(node: Node, negated: boolean): Node {
  return negated && node.kind === 'predicate' ? predicate({ op: 'not', args: [node.expr] }, node.pos, [node]) : node;
}

function parsePredicate(st: State): Node {
  const left = parseAdditive(st);
  let token = peek(st);
  if (token.kind === 'symbol' && isComparisonOp(token.text)) {
    const op = token.text;
    next(st);
    const right = parseAdditive(st);
    const label = `"${op}"`;
    const args = [toOperand(left, 'scalar', label), toOperand(right, 'scalar', label)] as const;
    return predicate({ op, args }, left.pos, [left, right]);
  }
  const negated = isWord(token, 'NOT');
  if (negated) {
    next(st);
    token = peek(st);
    if (!isWord(token, 'LIKE') && !isWord(token, 'BETWEEN') && !isWord(token, 'IN')) {
      unexpected(token, 'LIKE, BETWEEN or IN after NOT');
    }
  }
  if (isWord(token, 'LIKE')) {
    next(st);
    const pattern = parseAdditive(st);
    const args = [toOperand(left, 'character', 'LIKE'), toOperand(pattern, 'pattern', 'LIKE')] as const;
    return negate(predicate({ op: 'like', args }, left.pos, [left, pattern]), negated);
  }
  if (isWord(token, 'BETWEEN')) {
    next(st);
    const low = parseAdditive(st);
    const and = next(st);
    if (!isWord(and, 'AND')) unexpected(and, 'AND between the bounds of BETWEEN');
    const high = parseAdditive(st);
    const args = [
      toOperand(left, 'numeric', 'BETWEEN'),
      toOperand(low, 'numeric', 'BETWEEN'),
      toOperand(high, 'numeric', 'BETWEEN'),
    ] as const;
    return negate(predicate({ op: 'between', args }, left.pos, [left, low, high]), negated);
  }
  if (isWord(token, 'IN')) {
    next(st);
    return negate(parseInList(st, left), negated);
  }
  if (isWord(token, 'IS')) {
    next(st);
    const not = isWord(peek(st), 'NOT');
    if (not) next(st);
    const nullToken = next(st);
    if (!isWord(nullToken, 'NULL')) unexpected(nullToken, not ? 'NULL' : 'NULL or NOT NULL');
    const isNull = predicate({ op: 'isNull', args: [toOperand(left, 'any', 'IS NULL')] }, left.pos, [left]);
    return negate(isNull, not);
  }
  if (isWord(token, 'ILIKE')) {
    throw new MeridianError(
      'UnsupportedOperation',
      `filter: ILIKE at character ${token.pos} is not supported; ${unsupportedOpHint('ilike') ?? ''}`,
      { locator: 'filter' },
    );
  }
  return left;
}

function parseInList(st: State, left: Node): Node {
  const open = expectSymbol(st, '(', '"(" to start the IN list');
  if (isSymbol(peek(st), ')')) failAt(open.pos, 'IN needs at least one value in its list');
  const subject = toOperand(left, 'scalar', 'IN');
  const nodes: Node[] = [];
  const items: Operand[] = [];
  for (;;) {
    const item = parseAdditive(st);
    nodes.push(item);
    items.push(toOperand(item, 'scalar', 'IN'));
    const token = next(st);
    if (isSymbol(token, ')')) break;
    if (!isSymbol(token, ',')) unexpected(token, '"," or ")"');
  }
  const list = value(items, open.pos, heightOf(open.pos, nodes));
  return predicate({ op: 'in', args: [subject, items] }, left.pos, [left, list]);
}

// ---- arithmetic --------------------------------------------------------------------------------------------

function arithmetic(op: ArithmeticOp, left: Node, right: Node, label: string = op): Node {
  const args = [toOperand(left, 'numeric', `"${label}"`), toOperand(right, 'numeric', `"${label}"`)] as const;
  return value({ op, args }, left.pos, heightOf(left.pos, [left, right]));
}

function parseAdditive(st: State): Node {
  let left = parseMultiplicative(st);
  for (let token = peek(st); isSymbol(token, '+') || isSymbol(token, '-'); token = peek(st)) {
    next(st);
    left = arithmetic(token.kind === 'symbol' && token.text === '+' ? '+' : '-', left, parseMultiplicative(st));
  }
  return left;
}

function multiplicativeOp(token: Token): ArithmeticOp | undefined {
  if (isWord(token, 'DIV')) return 'div';
  if (isSymbol(token, '*')) return '*';
  if (isSymbol(token, '/')) return '/';
  if (isSymbol(token, '%')) return '%';
  return undefined;
}

function parseMultiplicative(st: State): Node {
  let left = parsePower(st);
  for (let op = multiplicativeOp(peek(st)); op !== undefined; op = multiplicativeOp(peek(st))) {
    const token = next(st);
    left = arithmetic(op, left, parsePower(st), token.kind === 'word' ? token.text : op);
  }
  return left;
}

/** `^` is right-associative (`2 ^ 3 ^ 2` is `2 ^ 9`); the chain is collected first to keep the stack flat. */
function parsePower(st: State): Node {
  const operands = [parseUnary(st)];
  while (isSymbol(peek(st), '^')) {
    next(st);
    operands.push(parseUnary(st));
  }
  let result = operands.pop() as Node;
  for (let base = operands.pop(); base !== undefined; base = operands.pop()) result = arithmetic('^', base, result);
  return result;
}

function parseUnary(st: State): Node {
  const token = peek(st);
  if (!isSymbol(token, '-') && !isSymbol(token, '+')) return parsePrimary(st);
  next(st);
  enter(st, token.pos);
  const operand = parseUnary(st);
  leave(st);
  const minus = isSymbol(token, '-');
  if (operand.kind === 'value' && typeof operand.value === 'number') {
    return value(minus ? -operand.value : operand.value, token.pos);
  }
  const numeric = toOperand(operand, 'numeric', `"${minus ? '-' : '+'}"`);
  if (!minus) return value(numeric, token.pos, operand.depth);
  // CQL2 has no negation operator; -x is written as -1 * x, as the standard's own examples do.
  return arithmetic('*', value(-1, token.pos), { ...operand, pos: token.pos });
}

// ---- primaries ---------------------------------------------------------------------------------------------

function parsePrimary(st: State): Node {
  const token = next(st);
  switch (token.kind) {
    case 'number':
      return value(token.value, token.pos);
    case 'string':
      return value(token.text, token.pos);
    case 'quoted':
      return value({ property: token.text }, token.pos);
    case 'symbol':
      if (token.text !== '(') return unexpected(token, 'a value');
      return parseGroup(st, token);
    case 'end':
      return unexpected(token, 'a value');
    case 'word':
      if (token.upper === 'TRUE' || token.upper === 'FALSE') return value(token.upper === 'TRUE', token.pos);
      if (RESERVED.has(token.upper)) return unexpected(token, 'a value');
      if (GEOMETRY_TYPES[token.upper] !== undefined && (isWord(peek(st), 'Z') || isWord(peek(st), 'EMPTY'))) {
        return value(parseGeometryText(st, token), token.pos);
      }
      if (isSymbol(peek(st), '(')) return parseCall(st, token);
      return value({ property: token.text }, token.pos);
  }
}

/** `( ... )`: a grouped boolean or arithmetic expression, or an array literal when it holds commas or nothing. */
function parseGroup(st: State, open: Token): Node {
  enter(st, open.pos);
  if (isSymbol(peek(st), ')')) {
    next(st);
    leave(st);
    return value([], open.pos);
  }
  const first = parseOr(st);
  if (!isSymbol(peek(st), ',')) {
    expectSymbol(st, ')', '")"');
    leave(st);
    return first.kind === 'value' ? { ...first, pos: open.pos, grouped: true } : { ...first, pos: open.pos };
  }
  const nodes = [first];
  const items = [toOperand(first, 'any', 'an array')];
  while (isSymbol(peek(st), ',')) {
    next(st);
    const item = parseOr(st);
    nodes.push(item);
    items.push(toOperand(item, 'any', 'an array'));
  }
  expectSymbol(st, ')', '"," or ")"');
  leave(st);
  return value(items, open.pos, heightOf(open.pos, nodes));
}

function parseArguments(st: State, name: WordToken, count: number): Node[] {
  expectSymbol(st, '(');
  enter(st, name.pos);
  const args: Node[] = [];
  if (!isSymbol(peek(st), ')')) {
    for (;;) {
      args.push(parseAdditive(st));
      const token = next(st);
      if (isSymbol(token, ')')) break;
      if (!isSymbol(token, ',')) unexpected(token, '"," or ")"');
    }
  } else {
    next(st);
  }
  leave(st);
  if (args.length !== count) {
    failAt(name.pos, `${name.upper} takes ${count} argument${count === 1 ? '' : 's'}, got ${args.length}`);
  }
  return args;
}

function stringArgument(node: Node, name: string, what: string): string {
  if (node.kind !== 'value' || typeof node.value !== 'string') return failAt(node.pos, `${name}() takes ${what}`);
  return node.value;
}

function intervalEnd(node: Node, which: 'first' | 'second'): IntervalEnd {
  if (node.kind === 'value' && typeof node.value === 'string') {
    const end = normalizeIntervalString(node.value);
    if (end === undefined) {
      const expected = "'..', a date YYYY-MM-DD or an RFC 3339 timestamp";
      failAt(node.pos, `invalid interval end '${node.value}' (expected ${expected})`);
    }
    return end;
  }
  const end = node.kind === 'value' ? node.value : undefined;
  if (typeof end === 'object' && end !== null && ('property' in end || 'timestamp' in end || 'date' in end)) return end;
  return failAt(node.pos, `the ${which} argument of INTERVAL must be '..', a date or timestamp string, or a property`);
}

/** An array operator's argument; a single parenthesised value is a one-element array. */
function arrayArgument(node: Node, label: string): { node: Node; operand: Operand } {
  if (node.kind === 'value' && node.grouped && !Array.isArray(node.value)) {
    const list = value([node.value], node.pos, heightOf(node.pos, [node]));
    return { node: list, operand: [node.value] };
  }
  return { node, operand: toOperand(node, 'array', label) };
}

function parseCall(st: State, name: WordToken): Node {
  const upper = name.upper;
  switch (upper) {
    case 'CASEI':
    case 'ACCENTI': {
      const [arg] = parseArguments(st, name, 1) as [Node];
      const op = upper === 'CASEI' ? 'casei' : 'accenti';
      return value({ op, args: [toOperand(arg, 'character', upper)] }, name.pos, heightOf(name.pos, [arg]));
    }
    case 'TIMESTAMP': {
      const [arg] = parseArguments(st, name, 1) as [Node];
      const text = stringArgument(arg, upper, "a quoted RFC 3339 timestamp, e.g. TIMESTAMP('2020-01-01T00:00:00Z')");
      const timestamp = normalizeTimestamp(text);
      if (timestamp === undefined) {
        const hint = isCalendarDate(text) ? '; use DATE() for a date' : '';
        failAt(arg.pos, `invalid timestamp '${text}' (expected RFC 3339, e.g. 2020-01-01T00:00:00Z)${hint}`);
      }
      return value({ timestamp }, name.pos);
    }
    case 'DATE': {
      const [arg] = parseArguments(st, name, 1) as [Node];
      const date = stringArgument(arg, upper, "a quoted date, e.g. DATE('2020-01-01')");
      if (!isCalendarDate(date)) failAt(arg.pos, `invalid date '${date}' (expected YYYY-MM-DD)`);
      return value({ date }, name.pos);
    }
    case 'INTERVAL': {
      const [first, second] = parseArguments(st, name, 2) as [Node, Node];
      const start = intervalEnd(first, 'first');
      const end = intervalEnd(second, 'second');
      if (isReversedInterval(start, end)) failAt(name.pos, 'the interval starts after it ends');
      return value({ interval: [start, end] }, name.pos);
    }
    case 'BBOX':
      return value(parseBboxText(st, name), name.pos);
    case 'DWITHIN':
    case 'BEYOND':
      if (st.options.distanceOperators === true) return parseDistance(st, name);
      break;
  }
  if (GEOMETRY_TYPES[upper] !== undefined) return value(parseGeometryText(st, name), name.pos);
  const op = canonicalOp(upper);
  if (op !== undefined && (isSpatialOp(op) || isTemporalOp(op) || isArrayOp(op))) {
    const [first, second] = parseArguments(st, name, 2) as [Node, Node];
    if (isArrayOp(op)) {
      const a = arrayArgument(first, upper);
      const b = arrayArgument(second, upper);
      return predicate({ op, args: [a.operand, b.operand] }, name.pos, [a.node, b.node]);
    }
    const kind = isSpatialOp(op) ? 'spatial' : 'temporal';
    const args = [toOperand(first, kind, upper), toOperand(second, kind, upper)] as const;
    return predicate({ op, args }, name.pos, [first, second]);
  }
  const hint = unsupportedOpHint(upper);
  if (hint !== undefined) {
    throw new MeridianError(
      'UnsupportedOperation',
      `filter: ${name.text}() at character ${name.pos} is not supported; ${hint}`,
      { locator: 'filter' },
    );
  }
  return failAt(name.pos, `unknown function "${name.text}"`);
}

/** `DWITHIN(a, b, distance, units)`: units are words (`statute miles`) or a string ('km'). */
function parseDistance(st: State, name: WordToken): Node {
  expectSymbol(st, '(');
  enter(st, name.pos);
  const first = parseAdditive(st);
  expectSymbol(st, ',');
  const second = parseAdditive(st);
  expectSymbol(st, ',');
  const distance = parseAdditive(st);
  expectSymbol(st, ',');
  const words: string[] = [];
  for (let token = next(st); !isSymbol(token, ')'); token = next(st)) {
    if (token.kind !== 'word' && token.kind !== 'string') unexpected(token, 'a unit of distance or ")"');
    words.push(token.text);
  }
  leave(st);
  if (distance.kind !== 'value' || typeof distance.value !== 'number') failAt(distance.pos, `${name.upper} takes a number as its distance`);
  const factor = metresPerUnit(words.join(' '));
  if (factor === undefined) failAt(name.pos, `${name.upper}: unknown unit of distance "${words.join(' ')}" (meters, kilometers, feet, statute miles, nautical miles, degrees)`);
  const args = [toOperand(first, 'spatial', name.upper), toOperand(second, 'spatial', name.upper), distance.value * factor] as const;
  return predicate({ op: name.upper === 'DWITHIN' ? 's_dwithin' : 's_beyond', args }, name.pos, [first, second]);
}

function parseBboxText(st: State, name: WordToken): BBoxLiteral {
  const args: number[] = [];
  expectSymbol(st, '(');
  for (;;) {
    args.push(signedNumber(st));
    const token = next(st);
    if (isSymbol(token, ')')) break;
    if (!isSymbol(token, ',')) unexpected(token, '"," or ")"');
  }
  return readBbox(args, (problem) => failAt(name.pos, `invalid BBOX: ${problem}`));
}

// ---- WKT ---------------------------------------------------------------------------------------------------

function signedNumber(st: State): number {
  const token = next(st);
  if (isSymbol(token, '-') || isSymbol(token, '+')) {
    const number = next(st);
    if (number.kind !== 'number') return unexpected(number, 'a number');
    return isSymbol(token, '-') ? -number.value : number.value;
  }
  if (token.kind !== 'number') return unexpected(token, 'a number');
  return token.value;
}

function isNumberStart(token: Token): boolean {
  return token.kind === 'number' || isSymbol(token, '-') || isSymbol(token, '+');
}

function parsePosition(st: State, withZ: boolean): number[] {
  const position = [signedNumber(st), signedNumber(st)];
  if (withZ || isNumberStart(peek(st))) position.push(signedNumber(st));
  return position;
}

/** `( item, item, ... )` */
function parseWktList<T>(st: State, parseItem: () => T): T[] {
  expectSymbol(st, '(');
  const items = [parseItem()];
  for (let token = next(st); !isSymbol(token, ')'); token = next(st)) {
    if (!isSymbol(token, ',')) unexpected(token, '"," or ")"');
    items.push(parseItem());
  }
  return items;
}

function parseGeometryText(st: State, keyword: WordToken): GeometryLiteral {
  const type = GEOMETRY_TYPES[keyword.upper] as GeometryLiteral['type'];
  const withZ = isWord(peek(st), 'Z');
  if (withZ) next(st);
  if (isWord(peek(st), 'EMPTY')) failAt(keyword.pos, `${keyword.upper} EMPTY is not supported`);
  enter(st, keyword.pos);
  const position = (): number[] => parsePosition(st, withZ);
  const line = (): number[][] => parseWktList(st, position);
  const polygon = (): number[][][] => parseWktList(st, line);
  let geometry: unknown;
  switch (type) {
    case 'Point': {
      expectSymbol(st, '(');
      geometry = { type, coordinates: position() };
      expectSymbol(st, ')');
      break;
    }
    case 'LineString':
      geometry = { type, coordinates: line() };
      break;
    case 'Polygon':
      geometry = { type, coordinates: polygon() };
      break;
    case 'MultiPoint':
      // Both MULTIPOINT(1 2, 3 4) and MULTIPOINT((1 2), (3 4)) are in use.
      geometry = {
        type,
        coordinates: parseWktList(st, () => {
          if (!isSymbol(peek(st), '(')) return position();
          next(st);
          const point = position();
          expectSymbol(st, ')');
          return point;
        }),
      };
      break;
    case 'MultiLineString':
      geometry = { type, coordinates: parseWktList(st, line) };
      break;
    case 'MultiPolygon':
      geometry = { type, coordinates: parseWktList(st, polygon) };
      break;
    case 'GeometryCollection':
      geometry = {
        type,
        geometries: parseWktList(st, () => {
          const member = next(st);
          if (member.kind !== 'word' || GEOMETRY_TYPES[member.upper] === undefined) {
            return unexpected(member, 'a geometry such as POINT or POLYGON');
          }
          return parseGeometryText(st, member);
        }),
      };
      break;
  }
  leave(st);
  return readGeometry(geometry, (problem) => failAt(keyword.pos, `invalid ${keyword.upper}: ${problem}`));
}

/**
 * Parses a CQL2 text filter (OGC 21-065, BNF of CQL2 1.0) into the search AST, giving the same AST as the
 * CQL2 JSON form of the same filter. Keywords are case-insensitive; the legacy INTERSECTS and ANYINTERACTS
 * function names are accepted.
 */
export function parseCql2Text(text: string, options: Cql2TextOptions = {}): Cql2Expr {
  if (text.trim() === '') throw invalidParameter('filter', 'filter: the filter is empty');
  const st: State = { tokens: tokenizeCql2Text(text), index: 0, nesting: 0, options };
  const expr = toPredicate(st, parseOr(st));
  const token = peek(st);
  if (token.kind !== 'end') unexpected(token, 'AND, OR or the end of the filter');
  return expr;
}
