import type { Operand } from './ast.js';
import { isArithmeticOp } from './operators.js';

/**
 * What an operator position accepts. Both parsers check operands against these, so that text and JSON
 * accept the same filters and backends only meet the shapes CQL2 allows in each position.
 */
export type OperandKind = 'scalar' | 'character' | 'pattern' | 'numeric' | 'spatial' | 'temporal' | 'array' | 'any';

type OperandClass =
  | 'string' | 'number' | 'boolean' | 'null' | 'array' | 'property' | 'timestamp' | 'date' | 'interval' | 'bbox'
  | 'geometry' | 'textFunction' | 'arithmetic';

const ACCEPTS: Readonly<Record<OperandKind, ReadonlySet<OperandClass>>> = {
  scalar: new Set(['string', 'number', 'boolean', 'property', 'timestamp', 'date', 'textFunction', 'arithmetic']),
  character: new Set(['string', 'property', 'textFunction']),
  pattern: new Set(['string', 'textFunction']),
  numeric: new Set(['number', 'property', 'arithmetic']),
  spatial: new Set(['geometry', 'bbox', 'property']),
  temporal: new Set(['timestamp', 'date', 'interval', 'property']),
  array: new Set(['array', 'property']),
  any: new Set([
    'string', 'number', 'boolean', 'array', 'property', 'timestamp', 'date', 'interval', 'bbox', 'geometry',
    'textFunction', 'arithmetic',
  ]),
};

const EXPECTED: Readonly<Record<OperandKind, string>> = {
  scalar: 'a string, number, boolean, timestamp, date, property or function',
  character: 'a string, property, casei() or accenti()',
  pattern: 'a string pattern, casei() or accenti()',
  numeric: 'a number, property or arithmetic expression',
  spatial: 'a geometry, bbox or property',
  temporal: 'a timestamp, date, interval or property',
  array: 'an array or property',
  any: 'a value',
};

// Array.isArray does not narrow readonly arrays out of a union.
function isOperandArray(value: Operand): value is readonly Operand[] {
  return Array.isArray(value);
}

function classify(value: Operand): OperandClass {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (isOperandArray(value)) return 'array';
  if ('op' in value) return isArithmeticOp(value.op) ? 'arithmetic' : 'textFunction';
  if ('property' in value) return 'property';
  if ('timestamp' in value) return 'timestamp';
  if ('date' in value) return 'date';
  if ('interval' in value) return 'interval';
  if ('bbox' in value) return 'bbox';
  return 'geometry';
}

export function fitsOperand(kind: OperandKind, value: Operand): boolean {
  return ACCEPTS[kind].has(classify(value));
}

/** What a position accepts, for error messages. */
export function expectedOperand(kind: OperandKind): string {
  return EXPECTED[kind];
}

/** A short description of an operand for error messages (`the property "eo:cloud_cover"`). */
export function describeOperand(value: Operand): string {
  const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 37)}...` : text);
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string '${shorten(value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  if (isOperandArray(value)) return 'an array';
  if ('op' in value) return isArithmeticOp(value.op) ? 'an arithmetic expression' : `${value.op}()`;
  if ('property' in value) return `the property "${shorten(value.property)}"`;
  if ('timestamp' in value) return 'a timestamp';
  if ('date' in value) return 'a date';
  if ('interval' in value) return 'an interval';
  if ('bbox' in value) return 'a bbox';
  return `a ${value.type} geometry`;
}
