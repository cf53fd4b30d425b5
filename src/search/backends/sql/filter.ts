import { assertNever, invalidParameter, MeridianError } from '../../../core/errors.js';
import { fragment, join, raw, type SqlFragment } from '../../../db/sql.js';
import {
  ARITHMETIC_OPS,
  ARRAY_OPS,
  COMPARISON_OPS,
  SPATIAL_OPS,
  TEMPORAL_OPS,
  type ArithmeticOp,
  type ArrayOp,
  type ComparisonOp,
  type Cql2Expr,
  type FunctionCall,
  type IntervalLiteral,
  type Operand,
  type PropertyRef,
  isPropertyRef,
} from '../../cql2/ast.js';
import { elementPath, resolveProperty, type SearchTarget } from './properties.js';
import { bboxLiteral, distanceRelation, geometryLiteral, spatialRelation } from './spatial.js';
import {
  compareTimes,
  dateValue,
  instant,
  intervalValue,
  stringTimeValue,
  temporalRelation,
  timestampValue,
  type TimeValue,
} from './temporal.js';

/**
 * Compiles a CQL2 filter into a boolean SQL expression over the `records` table (alias `r`). Every
 * literal, property name and JSON key is a parameter. Values of the document are typed at run time:
 * a comparison with a member of another type (or a missing one) is unknown, so the record does not
 * match, whatever `not` surrounds it, and a filter never fails on the data it meets.
 */
export function compileFilter(expr: Cql2Expr, target: SearchTarget): SqlFragment {
  return predicate(expr, { target, positive: true, depth: 0 });
}

const PREDICATE_OPS: ReadonlySet<string> = new Set<string>([
  'and', 'or', 'not', ...COMPARISON_OPS, 'like', 'between', 'in', 'isNull', ...SPATIAL_OPS, ...TEMPORAL_OPS,
  ...ARRAY_OPS, 's_dwithin', 's_beyond', 'a_some',
]);
const FUNCTION_OPS: ReadonlySet<string> = new Set<string>(['casei', 'accenti', ...ARITHMETIC_OPS]);

/** The CQL2 operators and functions this backend evaluates. */
export const SQL_FILTER_OPERATORS: ReadonlySet<string> = new Set([...PREDICATE_OPS, ...FUNCTION_OPS]);

/** Up to this many values, `in` and `a_overlaps` on an item property become an OR of indexed containments. */
const MAX_CONTAINMENTS = 10;

interface Context {
  readonly target: SearchTarget;
  /** False under an odd number of `not`: there, false and unknown differ, so containment shortcuts are off. */
  readonly positive: boolean;
  /** Inside `a_some`: the element (a jsonb expression) whose members property names refer to. */
  readonly element?: SqlFragment;
  /** How many `a_some` scopes enclose this condition, for their aliases. */
  readonly depth: number;
}

/** An operand compiled to SQL, with what is known of its type. */
type Value =
  | { readonly kind: 'text'; readonly sql: SqlFragment; readonly literal?: string }
  | { readonly kind: 'number'; readonly sql: SqlFragment; readonly literal?: number }
  | { readonly kind: 'boolean'; readonly sql: SqlFragment; readonly literal?: boolean }
  | { readonly kind: 'time'; readonly time: TimeValue }
  /** A document member of unknown type; `key` names it in `properties` when containment can find it. */
  | { readonly kind: 'json'; readonly sql: SqlFragment; readonly key?: string }
  | { readonly kind: 'geometry'; readonly sql: SqlFragment }
  | { readonly kind: 'array'; readonly sql: SqlFragment; readonly literal?: readonly unknown[] }
  | { readonly kind: 'null' };

type ScalarValue = Extract<Value, { readonly kind: 'text' | 'number' | 'boolean' }>;

const DESCRIPTIONS: Readonly<Record<Value['kind'], string>> = {
  text: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  time: 'a date, timestamp or interval',
  json: 'a property',
  geometry: 'a geometry',
  array: 'an array',
  null: 'null',
};

const SQL_COMPARISONS: Readonly<Record<ComparisonOp, SqlFragment>> = {
  '=': raw('='),
  '<>': raw('<>'),
  '<': raw('<'),
  '<=': raw('<='),
  '>': raw('>'),
  '>=': raw('>='),
};

function invalid(problem: string): MeridianError {
  return invalidParameter('filter', `filter: ${problem}`);
}

function mismatch(op: string, expected: string, v: Value): MeridianError {
  return invalid(`${op} expects ${expected}, not ${DESCRIPTIONS[v.kind]}`);
}

/** Refuses what is not an operator of the expected role: a known one in the wrong place, or an unknown one. */
function checkOperator(op: unknown, expected: ReadonlySet<string>, role: string): void {
  if (typeof op !== 'string') throw invalid(`${role} needs an operator name`);
  if (expected.has(op)) return;
  if (SQL_FILTER_OPERATORS.has(op)) throw invalid(`${op} is not ${role}`);
  throw new MeridianError('UnsupportedOperation', `filter: operator ${op} is not supported`, {
    locator: 'filter',
  });
}

function predicate(expr: Cql2Expr, ctx: Context): SqlFragment {
  if (typeof expr === 'boolean') return raw(expr ? 'TRUE' : 'FALSE');
  checkOperator(expr.op, PREDICATE_OPS, 'a condition');
  const scoped = elementScoped(expr, ctx);
  if (scoped !== undefined) return predicate(scoped, ctx);
  switch (expr.op) {
    case 'and':
    case 'or':
      if (expr.args.length === 0) return raw(expr.op === 'and' ? 'TRUE' : 'FALSE');
      return fragment`(${join(expr.args.map((arg) => predicate(arg, ctx)), expr.op === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return fragment`NOT (${predicate(expr.args[0], { ...ctx, positive: !ctx.positive })})`;
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparison(expr.op, value(expr.args[0], ctx), value(expr.args[1], ctx), ctx);
    case 'like':
      return like(expr.args[0], expr.args[1], ctx);
    case 'between': {
      const subject = value(expr.args[0], ctx);
      const low = comparison('>=', subject, value(expr.args[1], ctx), ctx);
      const high = comparison('<=', subject, value(expr.args[2], ctx), ctx);
      return fragment`(${low} AND ${high})`;
    }
    case 'in':
      return inList(expr.args[0], expr.args[1], ctx);
    case 'isNull':
      return isNull(value(expr.args[0], ctx));
    case 's_intersects':
    case 's_equals':
    case 's_disjoint':
    case 's_touches':
    case 's_within':
    case 's_overlaps':
    case 's_crosses':
    case 's_contains':
      return spatialRelation(
        expr.op,
        asGeometry(value(expr.args[0], ctx), expr.op),
        asGeometry(value(expr.args[1], ctx), expr.op),
      );
    case 't_after':
    case 't_before':
    case 't_contains':
    case 't_disjoint':
    case 't_during':
    case 't_equals':
    case 't_finishedBy':
    case 't_finishes':
    case 't_intersects':
    case 't_meets':
    case 't_metBy':
    case 't_overlappedBy':
    case 't_overlaps':
    case 't_startedBy':
    case 't_starts':
      return temporalRelation(
        expr.op,
        asTime(value(expr.args[0], ctx), expr.op),
        asTime(value(expr.args[1], ctx), expr.op),
      );
    case 'a_equals':
    case 'a_contains':
    case 'a_containedBy':
    case 'a_overlaps':
      return arrayRelation(expr.op, value(expr.args[0], ctx), value(expr.args[1], ctx), ctx);
    case 's_dwithin':
    case 's_beyond':
      if (typeof expr.args[2] !== 'number') throw invalid(`${expr.op} needs a distance in metres`);
      return distanceRelation(
        expr.op,
        asGeometry(value(expr.args[0], ctx), expr.op),
        asGeometry(value(expr.args[1], ctx), expr.op),
        expr.args[2],
      );
    case 'a_some':
      return someElement(expr.args[0], expr.args[1], ctx);
    default:
      return assertNever(expr, 'filter');
  }
}

// ---- elements of arrays of objects

/**
 * `a_some`: EXISTS over the elements of the array (an object is its own only element; anything else, or
 * a missing member, has none, so the condition is false and its negation true: XPath's reading of
 * `not(creator = 'x')`). Inside, property names are members of the element, typed at run time as usual.
 */
function someElement(array: PropertyRef, condition: Cql2Expr, ctx: Context): SqlFragment {
  const list = isPropertyRef(array) ? propertyValue(array.property, ctx) : undefined;
  if (list?.kind !== 'json') throw invalid('a_some needs a property holding an array of objects');
  const indexed = list.key === undefined ? undefined : memberContainment(list.key, condition);
  if (indexed !== undefined) return indexed;
  const alias = raw(`e${ctx.depth}`);
  const elements = fragment`jsonb_array_elements(CASE jsonb_typeof(${list.sql}) WHEN 'array' THEN ${list.sql} WHEN 'object' THEN jsonb_build_array(${list.sql}) END)`;
  const inner = predicate(condition, { ...ctx, element: fragment`${alias}.v`, depth: ctx.depth + 1 });
  return fragment`EXISTS (SELECT 1 FROM ${elements} AS ${alias}(v) WHERE ${inner})`;
}

/**
 * `member = literal` on the elements of an item property, as the containments the properties index
 * answers: `{array: [{member: literal}]}`, or `{array: {member: literal}}` for an object. Both are false,
 * never unknown, where EXISTS is false, so they stand for it under `not` too.
 */
function memberContainment(key: string, condition: Cql2Expr): SqlFragment | undefined {
  if (typeof condition === 'boolean' || condition.op !== '=') return undefined;
  const [a, b] = condition.args;
  const [property, literal] = isPropertyRef(a) ? [a, b] : isPropertyRef(b) ? [b, a] : [undefined, undefined];
  const scalar = typeof literal === 'string' || typeof literal === 'number' || typeof literal === 'boolean';
  if (property === undefined || !scalar || typeof property.property !== 'string' || property.property.includes('.')) return undefined;
  const member = { [property.property]: literal };
  return fragment`(${containment(key, [member])} OR ${containment(key, member)})`;
}

/** The array and member a property name stands for: `providers.name` at the top, any `a.b` inside an element. */
function scopeOf(name: string, ctx: Context): { readonly array: string; readonly member: string } | undefined {
  if (ctx.element === undefined) return elementPath(name);
  const dot = name.indexOf('.');
  return dot > 0 && dot < name.length - 1 ? { array: name.slice(0, dot), member: name.slice(dot + 1) } : undefined;
}

/**
 * A condition naming members of an array of objects (`providers.name = 'IPSL'`) as the `a_some` it
 * stands for: some element satisfies the condition on its member; `IS NULL` holds when none has a
 * value. A condition may name one array only.
 */
function elementScoped(expr: Exclude<Cql2Expr, boolean>, ctx: Context): Cql2Expr | undefined {
  if (expr.op === 'and' || expr.op === 'or' || expr.op === 'not' || expr.op === 'a_some') return undefined;
  let array: string | undefined;
  const rename = (operand: Operand): Operand => {
    if (operand === null || typeof operand !== 'object') return operand;
    if (isList(operand)) return operand.map(rename);
    if ('property' in operand) {
      if (typeof operand.property !== 'string') return operand;
      const scope = scopeOf(operand.property, ctx);
      if (scope === undefined) return operand;
      if (array !== undefined && array !== scope.array) throw invalid(`a condition can name members of one array only (${array}, ${scope.array})`);
      array = scope.array;
      return { property: scope.member };
    }
    if ('op' in operand && Array.isArray(operand.args)) return { ...operand, args: operand.args.map(rename) } as unknown as FunctionCall;
    return operand;
  };
  const args = (expr.args as readonly unknown[]).map((a) => (typeof a === 'number' || a === undefined ? a : rename(a as Operand)));
  if (array === undefined) return undefined;
  const list = { property: array };
  const onElement = { ...expr, args } as unknown as Cql2Expr;
  // Null when no element has a value (XPath's `not(contacts/name)`), not when some element lacks one.
  if (expr.op === 'isNull') return { op: 'not', args: [{ op: 'a_some', args: [list, { op: 'not', args: [onElement] }] }] };
  return { op: 'a_some', args: [list, onElement] };
}

// ---- operands

function value(operand: Operand, ctx: Context): Value {
  if (operand === null) return { kind: 'null' };
  if (typeof operand === 'string') return { kind: 'text', sql: fragment`${operand}::text`, literal: operand };
  if (typeof operand === 'number') {
    if (!Number.isFinite(operand)) throw invalid('numbers must be finite');
    return { kind: 'number', sql: fragment`${operand}::numeric`, literal: operand };
  }
  if (typeof operand === 'boolean') return { kind: 'boolean', sql: fragment`${operand}::boolean`, literal: operand };
  if (isList(operand)) {
    const literal = operand.map(arrayElement);
    return { kind: 'array', sql: fragment`${JSON.stringify(literal)}::jsonb`, literal };
  }
  if (typeof operand !== 'object') throw invalid(`unexpected value ${String(operand)}`);
  if ('op' in operand) return functionValue(operand, ctx);
  if ('property' in operand) return propertyValue(operand.property, ctx);
  if ('timestamp' in operand) return { kind: 'time', time: timestampValue(operand.timestamp) };
  if ('date' in operand) return { kind: 'time', time: dateValue(operand.date) };
  if ('interval' in operand) return { kind: 'time', time: intervalOf(operand, ctx) };
  if ('bbox' in operand) return { kind: 'geometry', sql: bboxLiteral(operand.bbox) };
  return { kind: 'geometry', sql: geometryLiteral(operand) };
}

function isList(operand: Operand): operand is readonly Operand[] {
  return Array.isArray(operand);
}

/** An element of an array literal, as the JSON value it is compared with in documents. */
function arrayElement(element: Operand): unknown {
  if (element === null || typeof element !== 'object') return element;
  if (isList(element)) return element.map(arrayElement);
  if ('timestamp' in element) return element.timestamp;
  if ('date' in element) return element.date;
  throw invalid('array elements must be strings, numbers, booleans, timestamps, dates or arrays');
}

function propertyValue(name: unknown, ctx: Context): Value {
  if (typeof name !== 'string' || name === '') throw invalid('a property name must be a non-empty string');
  if (ctx.element !== undefined) return { kind: 'json', sql: fragment`(${ctx.element} -> ${name}::text)` };
  const property = resolveProperty(name, ctx.target, true);
  switch (property.kind) {
    case 'text':
      return { kind: 'text', sql: property.sql };
    case 'integer':
      return { kind: 'number', sql: property.sql };
    case 'timestamp':
      return { kind: 'time', time: instant(property.sql) };
    case 'interval':
      return { kind: 'time', time: { start: property.start, end: property.end, granule: 'interval' } };
    case 'geometry':
      return { kind: 'geometry', sql: property.sql };
    case 'json':
      return { kind: 'json', sql: property.sql, key: ctx.target === 'items' ? itemKey(name) : undefined };
    default:
      return assertNever(property, 'property');
  }
}

/** The member of an item's `properties` that resolveProperty reads for `name`. */
function itemKey(name: string): string {
  return name.startsWith('properties.') ? name.slice('properties.'.length) : name;
}

function intervalOf(literal: IntervalLiteral, ctx: Context): TimeValue {
  const ends = literal.interval;
  if (!Array.isArray(ends) || ends.length !== 2) throw invalid('an interval has exactly two ends');
  const [from, to] = ends.map((end) => (end === '..' ? undefined : asTime(value(end, ctx), 'interval')));
  return intervalValue(from, to);
}

function functionValue(call: FunctionCall, ctx: Context): Value {
  checkOperator(call.op, FUNCTION_OPS, 'a value');
  switch (call.op) {
    case 'casei':
      return { kind: 'text', sql: fragment`lower(${asText(value(call.args[0], ctx), call.op)})` };
    case 'accenti':
      return { kind: 'text', sql: fragment`meridian_unaccent(${asText(value(call.args[0], ctx), call.op)})` };
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case 'div':
    case '^':
      return {
        kind: 'number',
        sql: arithmetic(
          call.op,
          asNumber(value(call.args[0], ctx), call.op),
          asNumber(value(call.args[1], ctx), call.op),
        ),
      };
    default:
      return assertNever(call, 'function');
  }
}

/**
 * b ^ e, or unknown where power() would fail: 0 to a negative power, a negative base to a fraction, and
 * results beyond 10^±1000 (numeric overflows past 10^131072; no filter needs either).
 */
const POWER = raw(
  'CASE WHEN p.b = 0 AND p.e < 0 THEN NULL WHEN p.b < 0 AND p.e <> trunc(p.e) THEN NULL ' +
    'WHEN p.b <> 0 AND abs(p.e * log(abs(p.b))) > 1000 THEN NULL ELSE power(p.b, p.e) END',
);

/** Arithmetic on numerics; what would raise an error (division by zero, overflow) is unknown instead. */
function arithmetic(op: ArithmeticOp, x: SqlFragment, y: SqlFragment): SqlFragment {
  switch (op) {
    case '+':
      return fragment`(${x} + ${y})`;
    case '-':
      return fragment`(${x} - ${y})`;
    case '*':
      return fragment`(${x} * ${y})`;
    case '/':
      return fragment`(${x} / NULLIF(${y}, 0))`;
    case '%':
      return fragment`mod(${x}, NULLIF(${y}, 0))`;
    case 'div':
      return fragment`div(${x}, NULLIF(${y}, 0))`;
    case '^':
      // The operands are named once in a subquery, so that nested powers do not repeat them exponentially.
      return fragment`(SELECT ${POWER} FROM (SELECT ${x} AS b, ${y} AS e) AS p)`;
    default:
      return assertNever(op, 'arithmetic operator');
  }
}

// ---- coercions: a document member is used as the type its counterpart asks for, or is unknown

function jsonOfType(sql: SqlFragment, type: 'string' | 'number' | 'boolean' | 'array'): SqlFragment {
  // CASE, not AND: only CASE guarantees the cast is never evaluated on a member of another type.
  switch (type) {
    case 'string':
      return fragment`(CASE WHEN jsonb_typeof(${sql}) = 'string' THEN ${sql} #>> '{}' END)`;
    case 'number':
      return fragment`(CASE WHEN jsonb_typeof(${sql}) = 'number' THEN (${sql})::numeric END)`;
    case 'boolean':
      return fragment`(CASE WHEN jsonb_typeof(${sql}) = 'boolean' THEN (${sql})::boolean END)`;
    case 'array':
      return fragment`(CASE WHEN jsonb_typeof(${sql}) = 'array' THEN ${sql} END)`;
    default:
      return assertNever(type, 'JSON type');
  }
}

function asText(v: Value, op: string): SqlFragment {
  if (v.kind === 'text') return v.sql;
  if (v.kind === 'json') return jsonOfType(v.sql, 'string');
  throw mismatch(op, 'a string', v);
}

function asNumber(v: Value, op: string): SqlFragment {
  if (v.kind === 'number') return v.sql;
  if (v.kind === 'json') return jsonOfType(v.sql, 'number');
  throw mismatch(op, 'a number', v);
}

function asBoolean(v: Value, op: string): SqlFragment {
  if (v.kind === 'boolean') return v.sql;
  if (v.kind === 'json') return jsonOfType(v.sql, 'boolean');
  throw mismatch(op, 'a boolean', v);
}

function asTime(v: Value, op: string): TimeValue {
  if (v.kind === 'time') return v.time;
  if (v.kind === 'json') return instant(fragment`meridian_timestamptz(${jsonOfType(v.sql, 'string')})`);
  // A plain string where a time is expected is read as a date or a timestamp.
  if (v.kind === 'text' && v.literal !== undefined) return stringTimeValue(v.literal);
  throw mismatch(op, 'a date, timestamp or interval', v);
}

function asGeometry(v: Value, op: string): SqlFragment {
  if (v.kind === 'geometry') return v.sql;
  // Document members are not geometries the database can read: unknown, so no match.
  if (v.kind === 'json') return raw('NULL::geometry');
  throw mismatch(op, 'a geometry or bbox', v);
}

function asArray(v: Value, op: string): SqlFragment {
  if (v.kind === 'array') return v.sql;
  if (v.kind === 'json') return jsonOfType(v.sql, 'array');
  throw mismatch(op, 'an array', v);
}

function isScalarLiteral(v: Value): v is ScalarValue & { readonly literal: string | number | boolean } {
  return (v.kind === 'text' || v.kind === 'number' || v.kind === 'boolean') && v.literal !== undefined;
}

/**
 * `props @> {key: member}`: what the GIN index on the item properties column answers. It is false, not
 * unknown, when the member is missing or of another type, so it is used only where that makes no difference.
 */
function containment(key: string, member: unknown): SqlFragment {
  return fragment`(r.props @> ${JSON.stringify({ [key]: member })}::jsonb)`;
}

/** The item property `v` refers to when containment may stand for a comparison. */
function containmentKey(v: Value, ctx: Context): string | undefined {
  return ctx.positive && v.kind === 'json' ? v.key : undefined;
}

// ---- predicates

/** A disjunction of at least one condition. */
function anyOf(conditions: readonly SqlFragment[]): SqlFragment {
  return conditions.length === 1 ? (conditions[0] as SqlFragment) : fragment`(${join(conditions, ' OR ')})`;
}

function comparison(op: ComparisonOp, a: Value, b: Value, ctx: Context): SqlFragment {
  if (op === '=') {
    for (const [property, literal] of [[a, b], [b, a]] as const) {
      const key = containmentKey(property, ctx);
      if (key !== undefined && isScalarLiteral(literal)) return containment(key, literal.literal);
    }
  }
  if (a.kind === 'null' || b.kind === 'null') throw invalid(`${op} cannot compare with null; use isNull`);
  // Times win over strings: a string compared with a time is read as a date or a timestamp.
  if (a.kind === 'time' || b.kind === 'time') return compareTimes(op, asTime(a, op), asTime(b, op));
  const sqlOp = SQL_COMPARISONS[op];
  if (a.kind === 'json' && b.kind === 'json') {
    // Two document members: compared as JSON when both are scalars of the same type.
    const comparable = fragment`jsonb_typeof(${a.sql}) = jsonb_typeof(${b.sql}) AND jsonb_typeof(${a.sql}) IN ('string', 'number', 'boolean')`;
    return fragment`(CASE WHEN ${comparable} THEN ${a.sql} ${sqlOp} ${b.sql} END)`;
  }
  const kind = scalarKind(op, a.kind === 'json' ? b : a);
  // Strings are ordered by code point, so that both drivers and every server collation agree.
  const collation = kind === 'text' && op !== '=' && op !== '<>' ? raw(' COLLATE "C"') : raw('');
  return fragment`${asScalar(a, kind, op)}${collation} ${sqlOp} ${asScalar(b, kind, op)}`;
}

function scalarKind(op: string, typed: Value): ScalarValue['kind'] {
  if (typed.kind === 'text' || typed.kind === 'number' || typed.kind === 'boolean') return typed.kind;
  throw mismatch(op, 'a string, number, boolean, date or timestamp', typed);
}

function asScalar(v: Value, kind: ScalarValue['kind'], op: string): SqlFragment {
  switch (kind) {
    case 'text':
      return asText(v, op);
    case 'number':
      return asNumber(v, op);
    case 'boolean':
      return asBoolean(v, op);
    default:
      return assertNever(kind, 'scalar type');
  }
}

function likePatternProblem(pattern: Operand): string | undefined {
  if (typeof pattern === 'string') {
    const trailing = /\\*$/.exec(pattern)?.[0].length ?? 0;
    return trailing % 2 === 1 ? 'a like pattern cannot end with a lone escape character (\\)' : undefined;
  }
  if (pattern !== null && typeof pattern === 'object' && 'op' in pattern) {
    if (pattern.op === 'casei' || pattern.op === 'accenti') return likePatternProblem(pattern.args[0]);
  }
  return 'like needs a string pattern, possibly inside casei() or accenti()';
}

/** CQL2 `like`: `%` and `_` are wildcards and `\` escapes, as in PostgreSQL. */
function like(subject: Operand, pattern: Operand, ctx: Context): SqlFragment {
  const problem = likePatternProblem(pattern);
  if (problem !== undefined) throw invalid(problem);
  return fragment`${asText(value(subject, ctx), 'like')} LIKE ${asText(value(pattern, ctx), 'like')} ESCAPE '\\'`;
}

function inList(subject: Operand, list: readonly Operand[], ctx: Context): SqlFragment {
  if (!Array.isArray(list)) throw invalid('in needs a list of values');
  const a = value(subject, ctx);
  const items = list.map((item) => value(item, ctx));
  if (items.length === 0) return raw('FALSE');
  const key = containmentKey(a, ctx);
  if (key !== undefined && items.length <= MAX_CONTAINMENTS && items.every(isScalarLiteral)) {
    return anyOf(items.map((item) => containment(key, item.literal)));
  }
  const first = items[0] as Value;
  const sameScalars = isScalarLiteral(first) && items.every((item) => isScalarLiteral(item) && item.kind === first.kind);
  if (a.kind !== 'time' && sameScalars) {
    const list = join(
      items.map((item) => (item as ScalarValue).sql),
      ', ',
    );
    return fragment`${asScalar(a, first.kind, 'in')} IN (${list})`;
  }
  return anyOf(items.map((item) => comparison('=', a, item, ctx)));
}

function isNull(v: Value): SqlFragment {
  switch (v.kind) {
    case 'null':
      return raw('TRUE');
    case 'json':
      return fragment`coalesce(jsonb_typeof(${v.sql}), 'null') = 'null'`;
    case 'time':
      return fragment`${v.time.start} IS NULL`;
    case 'text':
    case 'number':
    case 'boolean':
    case 'geometry':
    case 'array':
      return fragment`${v.sql} IS NULL`;
    default:
      return assertNever(v, 'value');
  }
}

function arrayRelation(op: ArrayOp, a: Value, b: Value, ctx: Context): SqlFragment {
  const indexed = indexedArrayRelation(op, a, b, ctx);
  if (indexed !== undefined) return indexed;
  const x = asArray(a, op);
  const y = asArray(b, op);
  switch (op) {
    case 'a_equals':
      return fragment`(${x} @> ${y} AND ${x} <@ ${y})`;
    case 'a_contains':
      return fragment`${x} @> ${y}`;
    case 'a_containedBy':
      return fragment`${x} <@ ${y}`;
    case 'a_overlaps': {
      const shared = fragment`EXISTS (SELECT 1 FROM jsonb_array_elements(${x}) AS e(v) WHERE ${y} @> jsonb_build_array(e.v))`;
      // Unknown, not false, when either side is not an array.
      return fragment`(CASE WHEN ${x} IS NOT NULL AND ${y} IS NOT NULL THEN ${shared} END)`;
    }
    default:
      return assertNever(op, 'array operator');
  }
}

/** Array operators between an item property and a literal array, through the properties index. */
function indexedArrayRelation(op: ArrayOp, a: Value, b: Value, ctx: Context): SqlFragment | undefined {
  // a_containedBy(literal, property) is a_contains(property, literal); a_equals and a_overlaps are symmetric.
  const pairs = op === 'a_contains' ? [[a, b]] : op === 'a_containedBy' ? [[b, a]] : [[a, b], [b, a]];
  for (const [property, literal] of pairs as [Value, Value][]) {
    const key = containmentKey(property, ctx);
    if (key === undefined || literal.kind !== 'array' || literal.literal === undefined) continue;
    switch (op) {
      case 'a_contains':
      case 'a_containedBy':
        return containment(key, literal.literal);
      case 'a_equals':
        return fragment`(${containment(key, literal.literal)} AND ${asArray(property, op)} <@ ${literal.sql})`;
      case 'a_overlaps':
        if (literal.literal.length === 0 || literal.literal.length > MAX_CONTAINMENTS) return undefined;
        return anyOf(literal.literal.map((element) => containment(key, [element])));
      default:
        return assertNever(op, 'array operator');
    }
  }
  return undefined;
}
