import { assertNever, invalidParameter, MeridianError } from '../../core/errors.js';
import { isJsonObject } from '../../core/json.js';
import type { JsonObject } from '../../core/json.js';
import type {
  Cql2Expr, DateLiteral, FunctionCall, IntervalEnd, IntervalLiteral, Operand, PropertyRef, TimestampLiteral,
} from './ast.js';
import { readBbox, readGeometry } from './geometryLiteral.js';
import { describeOperand, expectedOperand, fitsOperand } from './operandKinds.js';
import type { OperandKind } from './operandKinds.js';
import {
  canonicalOp, isArithmeticOp, isArrayOp, isComparisonOp, isSpatialOp, isTemporalOp, MAX_FILTER_DEPTH,
  unsupportedOpHint,
} from './operators.js';
import type { CanonicalOp } from './operators.js';
import { isCalendarDate, isReversedInterval, normalizeIntervalString, normalizeTimestamp } from './temporalLiterals.js';

/*
 * Locations in messages are JSON paths from the filter root (`args[0].args[1]`), so that a client can find
 * the offending member in what it sent. Depth counts every op object and array on the way down, leaves
 * included, the same measure the text parser applies to the AST it builds.
 */

function fail(message: string, path: string): never {
  throw invalidParameter('filter', `filter: ${message}${path === '' ? '' : ` at ${path}`}`);
}

function argPath(path: string, index: number): string {
  return `${path === '' ? '' : `${path}.`}args[${index}]`;
}

function checkDepth(depth: number): void {
  if (depth > MAX_FILTER_DEPTH) {
    throw invalidParameter('filter', `filter: the filter is nested deeper than ${MAX_FILTER_DEPTH} levels`);
  }
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object without "op"';
  return `the ${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

interface OpObject {
  readonly op: CanonicalOp;
  readonly args: readonly unknown[];
}

/** Checks the `{op, args}` envelope and resolves the operator name (any letter case, legacy names mapped). */
function readOpObject(value: JsonObject, path: string): OpObject {
  for (const key of Object.keys(value)) {
    if (key !== 'op' && key !== 'args') fail(`unexpected member "${key}" next to "op"`, path);
  }
  const name = value['op'];
  if (typeof name !== 'string') fail('"op" must be a string', path);
  const op = canonicalOp(name);
  if (op === undefined) {
    const hint = unsupportedOpHint(name);
    if (hint !== undefined) {
      throw new MeridianError('UnsupportedOperation', `filter: operator "${name}" is not supported; ${hint}`, {
        locator: 'filter',
      });
    }
    fail(`unknown operator "${name}"`, path);
  }
  const args = value['args'];
  if (!Array.isArray(args)) fail(`"args" of "${op}" must be an array`, path);
  return { op, args };
}

function checkArity(op: string, args: readonly unknown[], count: number, path: string): void {
  if (args.length !== count) {
    fail(`"${op}" takes ${count} argument${count === 1 ? '' : 's'}, got ${args.length}`, path);
  }
}

function readOperand(op: string, kind: OperandKind, value: unknown, path: string, depth: number): Operand {
  const operand = readValue(value, path, depth);
  if (!fitsOperand(kind, operand)) {
    fail(`"${op}" expects ${expectedOperand(kind)}, found ${describeOperand(operand)}`, path);
  }
  return operand;
}

function readExpr(value: unknown, path: string, depth: number): Cql2Expr {
  checkDepth(depth);
  if (typeof value === 'boolean') return value;
  if (!isJsonObject(value) || !('op' in value)) {
    fail(`expected a predicate (an object with "op" and "args"), found ${describeJson(value)}`, path);
  }
  const { op, args } = readOpObject(value, path);
  const operand = (i: number, kind: OperandKind): Operand =>
    readOperand(op, kind, args[i], argPath(path, i), depth + 1);
  if (op === 'and' || op === 'or') {
    if (args.length < 2) fail(`"${op}" takes at least 2 arguments, got ${args.length}`, path);
    return { op, args: args.map((arg, i) => readExpr(arg, argPath(path, i), depth + 1)) };
  }
  if (op === 'not') {
    checkArity(op, args, 1, path);
    return { op, args: [readExpr(args[0], argPath(path, 0), depth + 1)] };
  }
  if (isComparisonOp(op)) {
    checkArity(op, args, 2, path);
    return { op, args: [operand(0, 'scalar'), operand(1, 'scalar')] };
  }
  if (op === 'like') {
    checkArity(op, args, 2, path);
    return { op, args: [operand(0, 'character'), operand(1, 'pattern')] };
  }
  if (op === 'between') {
    checkArity(op, args, 3, path);
    return { op, args: [operand(0, 'numeric'), operand(1, 'numeric'), operand(2, 'numeric')] };
  }
  if (op === 'in') {
    checkArity(op, args, 2, path);
    const list = args[1];
    const listPath = argPath(path, 1);
    if (!Array.isArray(list)) fail('"in" expects an array of values as its second argument', listPath);
    if (list.length === 0) fail('"in" needs at least one value in its list', listPath);
    const subject = operand(0, 'scalar');
    checkDepth(depth + 1);
    const items = list.map((item, i) => readOperand(op, 'scalar', item, `${listPath}[${i}]`, depth + 2));
    return { op, args: [subject, items] };
  }
  if (op === 'isNull') {
    checkArity(op, args, 1, path);
    return { op, args: [operand(0, 'any')] };
  }
  if (isSpatialOp(op)) {
    checkArity(op, args, 2, path);
    return { op, args: [operand(0, 'spatial'), operand(1, 'spatial')] };
  }
  if (isTemporalOp(op)) {
    checkArity(op, args, 2, path);
    return { op, args: [operand(0, 'temporal'), operand(1, 'temporal')] };
  }
  if (isArrayOp(op)) {
    checkArity(op, args, 2, path);
    return { op, args: [operand(0, 'array'), operand(1, 'array')] };
  }
  return fail(`"${op}" is a function, not a predicate; use it inside a comparison`, path);
}

function readFunction(value: JsonObject, path: string, depth: number): FunctionCall {
  const { op, args } = readOpObject(value, path);
  const operand = (i: number, kind: OperandKind): Operand =>
    readOperand(op, kind, args[i], argPath(path, i), depth + 1);
  if (op === 'casei' || op === 'accenti') {
    checkArity(op, args, 1, path);
    return { op, args: [operand(0, 'character')] };
  }
  if (isArithmeticOp(op)) {
    checkArity(op, args, 2, path);
    return { op, args: [operand(0, 'numeric'), operand(1, 'numeric')] };
  }
  return fail(`"${op}" is a predicate and cannot be used as a value`, path);
}

function isIntervalEndObject(value: Operand): value is PropertyRef | TimestampLiteral | DateLiteral {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('property' in value || 'timestamp' in value || 'date' in value) &&
    !('op' in value)
  );
}

function readIntervalEnd(value: unknown, path: string): IntervalEnd {
  if (typeof value === 'string') {
    const end = normalizeIntervalString(value);
    if (end === undefined) {
      fail(`invalid interval end "${value}" (expected '..', a date YYYY-MM-DD or an RFC 3339 timestamp)`, path);
    }
    return end;
  }
  if (isJsonObject(value)) {
    const end = readValue(value, path, 1);
    if (isIntervalEndObject(end)) return end;
    fail(`an interval end cannot be ${describeOperand(end)}`, path);
  }
  return fail("an interval end must be '..', a date or timestamp string, a timestamp, a date or a property", path);
}

function readInterval(value: unknown, path: string): IntervalLiteral {
  if (!Array.isArray(value) || value.length !== 2) fail('an interval must be an array of two ends', path);
  const start = readIntervalEnd(value[0], `${path}.interval[0]`);
  const end = readIntervalEnd(value[1], `${path}.interval[1]`);
  if (isReversedInterval(start, end)) fail('the interval starts after it ends', path);
  return { interval: [start, end] };
}

const LITERAL_KEYS = ['property', 'timestamp', 'date', 'interval', 'bbox'] as const;

function readValue(value: unknown, path: string, depth: number): Operand {
  checkDepth(depth);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail('numbers must be finite', path);
    return value;
  }
  if (value === null) fail('null is not a CQL2 value (use "isNull" to test for a missing value)', path);
  if (Array.isArray(value)) return value.map((item, i) => readValue(item, `${path}[${i}]`, depth + 1));
  if (!isJsonObject(value)) return fail(`unsupported value ${describeJson(value)}`, path);
  if ('op' in value) return readFunction(value, path, depth);
  if ('type' in value) return readGeometry(value, (problem) => fail(`invalid geometry: ${problem}`, path));
  const keys = Object.keys(value);
  const key = LITERAL_KEYS.find((k) => k in value);
  if (key === undefined || keys.length !== 1) {
    return fail(`unrecognised value with members ${JSON.stringify(keys)}`, path);
  }
  const content = value[key];
  switch (key) {
    case 'property':
      if (typeof content !== 'string' || content === '') fail('"property" must be a non-empty string', path);
      return { property: content };
    case 'timestamp': {
      const timestamp = typeof content === 'string' ? normalizeTimestamp(content) : undefined;
      if (timestamp === undefined) {
        const hint = typeof content === 'string' && isCalendarDate(content) ? '; use {"date": ...} for a date' : '';
        const shown = JSON.stringify(content) ?? 'undefined';
        fail(`invalid timestamp ${shown} (expected RFC 3339, e.g. 2020-01-01T00:00:00Z)${hint}`, path);
      }
      return { timestamp };
    }
    case 'date':
      if (typeof content !== 'string' || !isCalendarDate(content)) {
        fail(`invalid date ${JSON.stringify(content)} (expected YYYY-MM-DD)`, path);
      }
      return { date: content };
    case 'interval':
      return readInterval(content, path);
    case 'bbox':
      return readBbox(content, (problem) => fail(`invalid bbox: ${problem}`, path));
    default:
      return assertNever(key, 'literal member');
  }
}

/**
 * Validates a CQL2 JSON filter (OGC 21-065) into the search AST. A string is parsed as JSON first (the GET
 * form of `filter`). Operator names are accepted in any letter case and normalised; values are copied, so
 * the result holds no members the client added.
 */
export function parseCql2Json(input: unknown): Cql2Expr {
  let value = input;
  if (typeof input === 'string') {
    if (input.trim() === '') throw invalidParameter('filter', 'filter: the filter is empty');
    try {
      value = JSON.parse(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalidParameter('filter', `filter: not valid JSON (${reason})`, error);
    }
  }
  return readExpr(value, '', 1);
}
