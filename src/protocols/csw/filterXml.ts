import { invalidParameter, MeridianError } from '../../core/errors.js';
import { attr, type XmlElement } from '../../core/xml.js';
import type { ComparisonOp, DistanceOp, IntervalEnd, Operand, SpatialOp, TemporalOp } from '../../search/cql2/ast.js';
import { metresPerUnit } from '../../search/cql2/distanceUnits.js';
import { allOf, anyOf, exprCondition, negation, type CswCondition } from './condition.js';
import { envelopeBbox, gmlGeometry } from './gmlGeometry.js';
import { FES, GML, GML32, OGC } from './namespaces.js';
import {
  betweenCondition,
  comparisonCondition,
  distanceCondition,
  likeCondition,
  literalOperand,
  nullCondition,
  resolveQueryable,
  spatialCondition,
  temporalCondition,
  timeLiteral,
  type Queryable,
} from './queryables.js';

const LOCATOR = 'Constraint';

function fail(problem: string): never {
  throw invalidParameter(LOCATOR, `filter: ${problem}`);
}

function unsupported(what: string): never {
  throw new MeridianError('UnsupportedOperation', `filter: ${what} is not supported`, { locator: LOCATOR });
}

/** OGC Filter 1.1, FES 2.0, and filters sent without namespaces (KVP constraints often are). */
const isFilterNs = (el: XmlElement): boolean => el.ns === OGC || el.ns === FES || el.ns === '';
const isGmlNs = (el: XmlElement): boolean => el.ns === GML || el.ns === GML32 || el.ns === '';

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = {
  PropertyIsEqualTo: '=',
  PropertyIsNotEqualTo: '<>',
  PropertyIsLessThan: '<',
  PropertyIsGreaterThan: '>',
  PropertyIsLessThanOrEqualTo: '<=',
  PropertyIsGreaterThanOrEqualTo: '>=',
};
/** `a op b` written as `b mirror(op) a`. */
const MIRRORED: Readonly<Record<ComparisonOp, ComparisonOp>> = { '=': '=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

const SPATIAL: Readonly<Record<string, SpatialOp>> = {
  BBOX: 's_intersects',
  Intersects: 's_intersects',
  Equals: 's_equals',
  Disjoint: 's_disjoint',
  Touches: 's_touches',
  Within: 's_within',
  Overlaps: 's_overlaps',
  Crosses: 's_crosses',
  Contains: 's_contains',
};

const TEMPORAL: Readonly<Record<string, TemporalOp>> = {
  After: 't_after',
  Before: 't_before',
  Begins: 't_starts',
  BegunBy: 't_startedBy',
  TContains: 't_contains',
  During: 't_during',
  TEquals: 't_equals',
  TOverlaps: 't_overlaps',
  Meets: 't_meets',
  OverlappedBy: 't_overlappedBy',
  MetBy: 't_metBy',
  Ends: 't_finishes',
  EndedBy: 't_finishedBy',
  AnyInteracts: 't_intersects',
};

const ID_ELEMENTS: ReadonlySet<string> = new Set(['FeatureId', 'GmlObjectId', 'ResourceId']);
const FUNCTIONS: ReadonlySet<string> = new Set(['Function', 'Add', 'Sub', 'Mul', 'Div']);

const isPropertyName = (el: XmlElement): boolean => isFilterNs(el) && (el.local === 'PropertyName' || el.local === 'ValueReference');
const isLiteral = (el: XmlElement): boolean => isFilterNs(el) && el.local === 'Literal';
/** A GML value (geometry or time) given as an operand. */
const isOperandValue = (el: XmlElement): boolean => isGmlNs(el) && !isPropertyName(el) && !isLiteral(el);

function checkExpressions(el: XmlElement): void {
  for (const c of el.children) {
    if (isFilterNs(c) && FUNCTIONS.has(c.local)) unsupported(c.local === 'Function' ? `function ${attr(c, 'name') ?? ''}`.trim() : `arithmetic (${c.local})`);
  }
}

function optionalProperty(el: XmlElement): Queryable | undefined {
  const names = el.children.filter(isPropertyName);
  if (names.length > 1) fail(`${el.local} compares a property with a literal, not two properties`);
  const name = names[0];
  return name === undefined ? undefined : resolveQueryable(name.text, LOCATOR);
}

function propertyOf(el: XmlElement): Queryable {
  return optionalProperty(el) ?? fail(`${el.local} needs a PropertyName`);
}

function literalText(el: XmlElement): string {
  const literal = el.children.find(isLiteral);
  if (literal === undefined) fail(`${el.local} needs a Literal`);
  return literal.text;
}

/** Translates a pattern with the filter's own wildcard, single-character and escape characters to CQL2 (`%`, `_`, `\`). */
export function likePattern(text: string, wildCard: string, singleChar: string, escapeChar: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (escapeChar !== '' && text.startsWith(escapeChar, i) && i + escapeChar.length < text.length) {
      const next = String.fromCodePoint(text.codePointAt(i + escapeChar.length) as number);
      out += /[%_\\]/.test(next) ? `\\${next}` : next;
      i += escapeChar.length + next.length;
    } else if (wildCard !== '' && text.startsWith(wildCard, i)) {
      out += '%';
      i += wildCard.length;
    } else if (singleChar !== '' && text.startsWith(singleChar, i)) {
      out += '_';
      i += singleChar.length;
    } else {
      const ch = String.fromCodePoint(text.codePointAt(i) as number);
      out += /[%_\\]/.test(ch) ? `\\${ch}` : ch;
      i += ch.length;
    }
  }
  return out;
}

function comparison(el: XmlElement, op: ComparisonOp): CswCondition {
  checkExpressions(el);
  const operands = el.children.filter((c) => isPropertyName(c) || isLiteral(c));
  if (operands.length !== 2) fail(`${el.local} needs a PropertyName and a Literal`);
  const q = propertyOf(el);
  const value = literalOperand(q, literalText(el));
  const mirrored = isLiteral(operands[0] as XmlElement);
  return comparisonCondition(q, mirrored ? MIRRORED[op] : op, value, attr(el, 'matchCase') !== 'false');
}

function like(el: XmlElement): CswCondition {
  checkExpressions(el);
  const q = optionalProperty(el) ?? resolveQueryable('csw:AnyText', LOCATOR);
  const pattern = likePattern(
    literalText(el),
    attr(el, 'wildCard') ?? '%',
    attr(el, 'singleChar') ?? '_',
    attr(el, 'escapeChar') ?? attr(el, 'escape') ?? '\\',
  );
  return likeCondition(q, pattern, attr(el, 'matchCase') === 'true');
}

function boundary(el: XmlElement, local: string, q: Queryable): Operand {
  const b = el.children.find((c) => isFilterNs(c) && c.local === local);
  if (b === undefined) fail(`PropertyIsBetween needs a ${local}`);
  checkExpressions(b);
  return literalOperand(q, literalText(b));
}

function between(el: XmlElement): CswCondition {
  checkExpressions(el);
  const q = propertyOf(el);
  return betweenCondition(q, boundary(el, 'LowerBoundary', q), boundary(el, 'UpperBoundary', q));
}

/** The GML geometry operand of a spatial operator: alone or inside a Literal (FES 2.0). */
function geometryOperand(el: XmlElement): XmlElement {
  const holder = el.children.find(isLiteral) ?? el;
  const geometry = holder.children.find((c) => isOperandValue(c) && !(isFilterNs(c) && c.local === 'Distance'));
  if (geometry === undefined) fail(`${el.local} needs a GML geometry`);
  return geometry;
}

function spatial(el: XmlElement, op: SpatialOp): CswCondition {
  checkExpressions(el);
  const q = el.local === 'BBOX' ? optionalProperty(el) ?? resolveQueryable('ows:BoundingBox', LOCATOR) : propertyOf(el);
  const geometry = geometryOperand(el);
  const operand = el.local === 'BBOX' ? (geometry.local === 'Envelope' || geometry.local === 'Box' ? envelopeBbox(geometry) : fail('BBOX needs a gml:Envelope')) : gmlGeometry(geometry);
  return spatialCondition(q, op, operand);
}

/**
 * DWithin and Beyond: `ogc:Distance units="..."` (Filter 1.1) or `fes:Distance uom="..."` (FES 2.0), in
 * metres, kilometres, feet, miles, nautical miles or degrees (see metresPerUnit), given as names or
 * EPSG units of measure.
 */
function distance(el: XmlElement, op: DistanceOp): CswCondition {
  checkExpressions(el);
  const q = propertyOf(el);
  const d = el.children.find((c) => isFilterNs(c) && c.local === 'Distance');
  if (d === undefined) fail(`${el.local} needs a Distance`);
  const value = Number(d.text.trim());
  if (d.text.trim() === '' || !Number.isFinite(value) || value < 0) fail(`${el.local}: the distance "${d.text.trim()}" is not a non-negative number`);
  const unit = attr(d, 'units') ?? attr(d, 'uom');
  if (unit === undefined) fail(`${el.local}: the Distance needs its unit (units="m", "km", "deg"...)`);
  const factor = metresPerUnit(unit);
  if (factor === undefined) fail(`${el.local}: unknown unit of distance "${unit}" (m, km, ft, mi, nmi, deg, or an EPSG unit)`);
  return distanceCondition(q, op, gmlGeometry(geometryOperand(el)), value * factor);
}

/** A gml:timePosition as an interval end; an unknown or missing position is an open end. */
function timePosition(el: XmlElement | undefined): IntervalEnd {
  const text = el?.text.trim() ?? '';
  if (text === '' || attr(el, 'indeterminatePosition') === 'unknown') return '..';
  const value = timeLiteral(text);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? { date: value } : { timestamp: value };
}

function gmlTime(el: XmlElement): Operand {
  const find = (parent: XmlElement, local: string): XmlElement | undefined => parent.children.find((c) => isGmlNs(c) && c.local === local);
  if (el.local === 'TimeInstant') {
    const position = timePosition(find(el, 'timePosition'));
    if (position === '..') fail('gml:TimeInstant needs a gml:timePosition');
    return position;
  }
  if (el.local === 'TimePeriod') {
    const end = (name: string, position: string): IntervalEnd => {
      const direct = find(el, position);
      if (direct) return timePosition(direct);
      const instant = find(el, name);
      const inner = instant ? find(instant, 'TimeInstant') : undefined;
      return timePosition(inner ? find(inner, 'timePosition') : undefined);
    };
    return { interval: [end('begin', 'beginPosition'), end('end', 'endPosition')] };
  }
  return fail(`gml:${el.local} is not a time (gml:TimeInstant or gml:TimePeriod)`);
}

function temporal(el: XmlElement, op: TemporalOp): CswCondition {
  checkExpressions(el);
  const q = propertyOf(el);
  const holder = el.children.find(isLiteral) ?? el;
  const time = holder.children.find(isOperandValue);
  if (time === undefined) {
    const literal = el.children.find(isLiteral);
    if (literal === undefined) fail(`${el.local} needs a gml:TimeInstant or gml:TimePeriod`);
    return temporalCondition(q, op, literalOperand(q, literal.text));
  }
  return temporalCondition(q, op, gmlTime(time));
}

function ids(elements: readonly XmlElement[]): CswCondition {
  const values = elements.map((e) => attr(e, 'fid') ?? attr(e, 'rid') ?? attr(e, 'id', GML) ?? attr(e, 'id', GML32) ?? attr(e, 'id') ?? '');
  if (values.some((v) => v === '')) fail('an identifier element has no identifier');
  return exprCondition({ op: 'in', args: [{ property: 'id' }, values] });
}

function operator(el: XmlElement): CswCondition {
  if (!isFilterNs(el)) fail(`{${el.ns}}${el.local} is not a filter operator`);
  const op = COMPARISONS[el.local];
  if (op !== undefined) return comparison(el, op);
  const spatialOp = SPATIAL[el.local];
  if (spatialOp !== undefined) return spatial(el, spatialOp);
  const temporalOp = TEMPORAL[el.local];
  if (temporalOp !== undefined) return temporal(el, temporalOp);
  if (ID_ELEMENTS.has(el.local)) return ids([el]);
  if (FUNCTIONS.has(el.local)) return unsupported(el.local === 'Function' ? `function ${attr(el, 'name') ?? ''}`.trim() : `arithmetic (${el.local})`);
  switch (el.local) {
    case 'And':
    case 'Or': {
      if (el.children.length === 0) fail(`${el.local} needs operands`);
      const args = el.children.map(operator);
      return el.local === 'And' ? allOf(args) : anyOf(args);
    }
    case 'Not': {
      if (el.children.length !== 1) fail('Not needs exactly one operand');
      return negation(operator(el.children[0] as XmlElement));
    }
    case 'PropertyIsLike':
      return like(el);
    case 'PropertyIsNull':
    case 'PropertyIsNil':
      return nullCondition(propertyOf(el));
    case 'PropertyIsBetween':
      return between(el);
    case 'DWithin':
      return distance(el, 's_dwithin');
    case 'Beyond':
      return distance(el, 's_beyond');
    default:
      return fail(`unknown operator ${el.local}`);
  }
}

/** An OGC Filter 1.1 (or FES 2.0) `Filter` element as a CSW condition, every name and literal checked. */
export function parseFilterXml(filter: XmlElement): CswCondition {
  if (!isFilterNs(filter) || filter.local !== 'Filter') fail(`expected an ogc:Filter, not {${filter.ns}}${filter.local}`);
  const children = filter.children;
  if (children.length === 0) fail('the Filter is empty');
  if (children.every((c) => isFilterNs(c) && ID_ELEMENTS.has(c.local))) return ids(children);
  if (children.length > 1) fail('a Filter holds one operator (combine several with And or Or)');
  return operator(children[0] as XmlElement);
}
