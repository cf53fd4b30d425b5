import { CrosswalkError } from '../crosswalk.js';
import type { NetcdfAttribute, NetcdfBigintType, NetcdfNumberType, NetcdfType } from '../../src/netcdf/datasetHeader.js';

/**
 * Typed attribute values as every header builder writes them, and the readers the CF/ACDD crosswalk
 * uses. Values are the ones the file holds: float attributes are rounded to float32, integers are
 * range-checked, 64-bit integers are `bigint`.
 */

const INTEGER_RANGES: Readonly<Record<'byte' | 'ubyte' | 'short' | 'ushort' | 'int' | 'uint', readonly [number, number]>> = {
  byte: [-128, 127],
  ubyte: [0, 255],
  short: [-32768, 32767],
  ushort: [0, 65535],
  int: [-2147483648, 2147483647],
  uint: [0, 4294967295],
};

const BIGINT_RANGES: Readonly<Record<NetcdfBigintType, readonly [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)$/i;
const INTEGER_TEXT = /^[+-]?\d+$/;

export function isNumberType(type: NetcdfType): type is NetcdfNumberType {
  return type !== 'char' && type !== 'string' && type !== 'int64' && type !== 'uint64';
}

export function isIntegerType(type: NetcdfType): boolean {
  return type !== 'char' && type !== 'string' && type !== 'float' && type !== 'double';
}

function fail(name: string, detail: string): never {
  throw new CrosswalkError('netcdf-header', `attribute "${name}": ${detail}`);
}

/** A number from its text: decimal, `NaN`, `Inf`/`Infinity` with a sign; undefined when it is none of these. */
export function parseNumberText(text: string): number | undefined {
  const t = text.trim();
  if (FLOAT_TEXT.test(t)) return Number(t);
  const special = /^([+-]?)(nan|inf|infinity)$/i.exec(t);
  if (!special) return undefined;
  if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

/** The value of one number of a numeric type, checked against the type's range. */
export function toNumberValue(name: string, type: NetcdfNumberType, text: string): number {
  const value = parseNumberText(text);
  if (value === undefined) fail(name, `"${text}" is not a ${type} value`);
  if (type === 'float') return Math.fround(value);
  if (type === 'double') return value;
  const [min, max] = INTEGER_RANGES[type];
  if (!Number.isInteger(value) || value < min || value > max) fail(name, `${text} is not a ${type} value (${min}..${max})`);
  return value;
}

export function toBigintValue(name: string, type: NetcdfBigintType, text: string): bigint {
  const t = text.trim();
  if (!INTEGER_TEXT.test(t)) fail(name, `"${text}" is not a ${type} value`);
  const value = BigInt(t);
  const [min, max] = BIGINT_RANGES[type];
  if (value < min || value > max) fail(name, `${text} is out of the ${type} range`);
  return value;
}

/**
 * An attribute of a given type from its values as text. A `char` attribute is the concatenation of
 * its texts (CDL splits long texts into several strings); a `string` attribute keeps them apart.
 */
export function makeAttribute(name: string, type: NetcdfType, texts: readonly string[]): NetcdfAttribute {
  if (type === 'char') return { name, type, value: texts.join('') };
  if (type === 'string') return { name, type, value: [...texts] };
  if (texts.length === 0) fail(name, `a ${type} attribute needs at least one value`);
  if (type === 'int64' || type === 'uint64') return { name, type, value: texts.map((t) => toBigintValue(name, type, t)) };
  return { name, type, value: texts.map((t) => toNumberValue(name, type, t)) };
}

export function findAttribute(attributes: readonly NetcdfAttribute[], name: string): NetcdfAttribute | undefined {
  return attributes.find((a) => a.name === name);
}

/** A text attribute trimmed, or undefined when absent, not text, or empty. */
export function attributeText(attributes: readonly NetcdfAttribute[], name: string): string | undefined {
  const attribute = findAttribute(attributes, name);
  if (attribute === undefined) return undefined;
  const text = attribute.type === 'char' ? attribute.value : attribute.type === 'string' ? attribute.value.join('\n') : undefined;
  // netCDF-3 writers often store an empty text as one NUL byte.
  const trimmed = (text?.includes('\0') ? text.replace(/\0+$/, '') : text)?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * An attribute's values as numbers: numeric attributes, and text attributes that hold numbers
 * (ACDD bounds are often written as text). Float32 values come back as their shortest decimal.
 */
export function attributeNumbers(attributes: readonly NetcdfAttribute[], name: string): number[] | undefined {
  const attribute = findAttribute(attributes, name);
  if (attribute === undefined) return undefined;
  switch (attribute.type) {
    case 'char':
    case 'string': {
      const parts = (attribute.type === 'char' ? attribute.value : attribute.value.join(' ')).split(/[\s,]+/).filter((p) => p !== '');
      const numbers = parts.map(parseNumberText);
      return parts.length > 0 && numbers.every((n) => n !== undefined) ? (numbers as number[]) : undefined;
    }
    case 'int64':
    case 'uint64':
      return attribute.value.map(Number);
    case 'float':
      return attribute.value.map(shortestFloat32);
    default:
      return [...attribute.value];
  }
}

/** The shortest decimal that reads back as the same float32 (`1e+20`, not `100000002004087734272`). */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let precision = 1; precision <= 9; precision += 1) {
    const candidate = Number(value.toPrecision(precision));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}
