import { invalidParameter } from '../../core/errors.js';
import {
  COMPARISON_OPS,
  isPropertyRef,
  SPATIAL_OPS,
  TEMPORAL_OPS,
  type ComparisonOp,
  type Cql2Expr,
  type Operand,
  type SpatialOp,
  type TemporalOp,
} from '../../search/cql2/ast.js';
import { parseCql2Text } from '../../search/cql2/parseText.js';
import { tokenizeCql2Text, type Token } from '../../search/cql2/tokenizeText.js';
import { allOf, anyOf, exprCondition, negation, type CswCondition } from './condition.js';
import {
  betweenCondition,
  comparisonCondition,
  distanceCondition,
  likeCondition,
  nullCondition,
  resolveQueryable,
  spatialCondition,
  temporalCondition,
  type Queryable,
} from './queryables.js';

const LOCATOR = 'Constraint';

function fail(problem: string): never {
  throw invalidParameter(LOCATOR, `CQL: ${problem}`);
}

function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.text === symbol;
}

/**
 * CSW CQL (OGC CQL 1, as in CSW 2.0.2) writes `BBOX(property, minx, miny, maxx, maxy[, crs])`; CQL2 has
 * `S_INTERSECTS(property, BBOX(minx, miny, maxx, maxy))`. The first form is rewritten into the second
 * (coordinates longitude first, as in CQL2) before the CQL2 text parser reads the constraint.
 */
export function rewriteCqlBbox(text: string): string {
  const tokens = tokenizeCql2Text(text);
  const edits: { start: number; end: number; replacement: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const open = tokens[i + 1];
    const property = tokens[i + 2];
    const comma = tokens[i + 3] as Token;
    if (t.kind !== 'word' || t.upper !== 'BBOX' || !isSymbol(open, '(') || (property?.kind !== 'word' && property?.kind !== 'quoted') || !isSymbol(comma, ',')) continue;
    let depth = 0;
    let close = -1;
    for (let j = i + 1; j < tokens.length; j++) {
      const tok = tokens[j] as Token;
      if (tok.kind !== 'symbol') continue;
      if (tok.text === '(') depth++;
      if (tok.text === ')' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) continue;
    const closing = tokens[close] as Token;
    const last = tokens[close - 1] as Token;
    const beforeLast = tokens[close - 2] as Token;
    // A trailing CRS argument ('EPSG:4326') has no place in CQL2.
    const argsEnd = last.kind === 'string' && isSymbol(beforeLast, ',') ? beforeLast.pos : closing.pos;
    const name = property.kind === 'quoted' ? `"${property.text.replace(/"/g, '""')}"` : property.text;
    edits.push({
      start: t.pos - 1,
      end: closing.pos,
      replacement: `S_INTERSECTS(${name}, BBOX(${text.slice(comma.pos, argsEnd - 1).trim()}))`,
    });
    i = close;
  }
  return edits.reduceRight((acc, e) => acc.slice(0, e.start) + e.replacement + acc.slice(e.end), text);
}

/** The property an operand names, seen through casei(); `folded` tells whether casei() was used. */
function propertyOperand(operand: Operand): { name: string; folded: boolean } | undefined {
  if (isPropertyRef(operand)) return { name: operand.property, folded: false };
  if (operand !== null && typeof operand === 'object' && 'op' in operand && operand.op === 'casei' && isPropertyRef(operand.args[0])) {
    return { name: operand.args[0].property, folded: true };
  }
  return undefined;
}

/** A literal seen through casei(). */
function literalOf(operand: Operand): Operand {
  if (operand !== null && typeof operand === 'object' && 'op' in operand && operand.op === 'casei') return operand.args[0];
  return operand;
}

const MIRRORED: Readonly<Record<ComparisonOp, ComparisonOp>> = { '=': '=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** Every property of an expression renamed to the core's name (for shapes the CSW mapping does not special-case). */
function renamed(operand: Operand): Operand {
  if (isPropertyRef(operand)) {
    const q = resolveQueryable(operand.property, LOCATOR);
    const first = q.properties[0];
    if (q.type === 'anytext' || first === undefined) fail(`${q.name} can only be matched with = or LIKE`);
    return { property: first };
  }
  if (Array.isArray(operand)) return operand.map(renamed);
  if (operand !== null && typeof operand === 'object' && 'op' in operand) {
    return { ...operand, args: operand.args.map(renamed) } as unknown as Operand;
  }
  return operand;
}

function renamedExpr(expr: Cql2Expr): CswCondition {
  if (typeof expr === 'boolean') return exprCondition(expr);
  return exprCondition({ ...expr, args: (expr.args as readonly Operand[]).map(renamed) } as Cql2Expr);
}

function queryableOf(name: string): Queryable {
  return resolveQueryable(name, LOCATOR);
}

function mapExpr(expr: Cql2Expr): CswCondition {
  if (typeof expr === 'boolean') return exprCondition(expr);
  switch (expr.op) {
    case 'and':
    case 'or': {
      const args = expr.args.map(mapExpr);
      return expr.op === 'and' ? allOf(args) : anyOf(args);
    }
    case 'not':
      return negation(mapExpr(expr.args[0]));
    case 'like': {
      const subject = propertyOperand(expr.args[0]);
      const pattern = literalOf(expr.args[1]);
      if (subject === undefined || typeof pattern !== 'string') return renamedExpr(expr);
      return likeCondition(queryableOf(subject.name), pattern, false);
    }
    case 'between': {
      const subject = propertyOperand(expr.args[0]);
      if (subject === undefined) return renamedExpr(expr);
      return betweenCondition(queryableOf(subject.name), expr.args[1], expr.args[2]);
    }
    case 'in': {
      const subject = propertyOperand(expr.args[0]);
      if (subject === undefined) return renamedExpr(expr);
      const q = queryableOf(subject.name);
      return anyOf(expr.args[1].map((v) => comparisonCondition(q, '=', literalOf(v), !subject.folded)));
    }
    case 'isNull': {
      const subject = propertyOperand(expr.args[0]);
      return subject === undefined ? renamedExpr(expr) : nullCondition(queryableOf(subject.name));
    }
    case 's_dwithin':
    case 's_beyond': {
      const subject = propertyOperand(expr.args[0]);
      if (subject === undefined) fail(`${expr.op === 's_dwithin' ? 'DWITHIN' : 'BEYOND'} needs a property first`);
      return distanceCondition(queryableOf(subject.name), expr.op, expr.args[1], expr.args[2]);
    }
    default:
      break;
  }
  const [a, b] = expr.args as readonly [Operand, Operand];
  if ((COMPARISON_OPS as readonly string[]).includes(expr.op)) {
    const op = expr.op as ComparisonOp;
    const left = propertyOperand(a);
    const right = propertyOperand(b);
    if (left !== undefined && right === undefined) return comparisonCondition(queryableOf(left.name), op, literalOf(b), !left.folded);
    if (right !== undefined && left === undefined) return comparisonCondition(queryableOf(right.name), MIRRORED[op], literalOf(a), !right.folded);
    return renamedExpr(expr);
  }
  const subject = propertyOperand(a);
  if (subject !== undefined && (SPATIAL_OPS as readonly string[]).includes(expr.op)) {
    return spatialCondition(queryableOf(subject.name), expr.op as SpatialOp, b);
  }
  if (subject !== undefined && (TEMPORAL_OPS as readonly string[]).includes(expr.op)) {
    return temporalCondition(queryableOf(subject.name), expr.op as TemporalOp, b);
  }
  // Array operators and anything else: the same expression over the core's property names.
  return renamedExpr(expr);
}

/**
 * A CSW CQL constraint (`dc:title LIKE '%sea%' AND BBOX(ows:BoundingBox, -10, 40, 10, 60)`): parsed by the
 * core's CQL2 text parser, with CQL 1's DWITHIN and BEYOND, after the CQL 1 BBOX form is rewritten, then every queryable mapped to the core's
 * properties. LIKE is case-insensitive, as in OGC Filter constraints.
 */
export function parseCswCql(text: string): CswCondition {
  if (text.trim() === '') fail('the constraint is empty');
  return mapExpr(parseCql2Text(rewriteCqlBbox(text), { distanceOperators: true }));
}
