import { invalidParameter } from '../../core/errors.js';
import type { Cql2Expr, Operand } from '../../search/cql2/ast.js';

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The legacy STAC query extension (`{"eo:cloud_cover": {"lt": 10}}`), still sent by many clients,
 * translated to the CQL2 AST so that one filter path serves both.
 */
export function queryToCql2(query: unknown): Cql2Expr {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw invalidParameter('query', 'query: expected an object of property names to operators');
  }
  const terms: Cql2Expr[] = [];
  for (const [name, ops] of Object.entries(query)) {
    if (typeof ops !== 'object' || ops === null || Array.isArray(ops)) {
      throw invalidParameter('query', `query: "${name}" needs an object of operators such as {"eq": 1}`);
    }
    const property: Operand = { property: name };
    for (const [op, value] of Object.entries(ops as Record<string, unknown>)) {
      const scalar = () => {
        if (!isScalar(value)) throw invalidParameter('query', `query: "${name}.${op}" needs a string, number or boolean`);
        return value;
      };
      const text = () => {
        if (typeof value !== 'string') throw invalidParameter('query', `query: "${name}.${op}" needs a string`);
        return escapeLike(value);
      };
      switch (op) {
        case 'eq': terms.push({ op: '=', args: [property, scalar()] }); break;
        case 'neq': terms.push({ op: '<>', args: [property, scalar()] }); break;
        case 'lt': terms.push({ op: '<', args: [property, scalar()] }); break;
        case 'lte': terms.push({ op: '<=', args: [property, scalar()] }); break;
        case 'gt': terms.push({ op: '>', args: [property, scalar()] }); break;
        case 'gte': terms.push({ op: '>=', args: [property, scalar()] }); break;
        case 'startsWith': terms.push({ op: 'like', args: [property, `${text()}%`] }); break;
        case 'endsWith': terms.push({ op: 'like', args: [property, `%${text()}`] }); break;
        case 'contains': terms.push({ op: 'like', args: [property, `%${text()}%`] }); break;
        case 'in':
          if (!Array.isArray(value) || !value.every(isScalar)) {
            throw invalidParameter('query', `query: "${name}.in" needs an array of values`);
          }
          terms.push({ op: 'in', args: [property, value] });
          break;
        default:
          throw invalidParameter('query', `query: unknown operator "${op}" for "${name}"`);
      }
    }
  }
  if (terms.length === 0) return true;
  return terms.length === 1 ? (terms[0] as Cql2Expr) : { op: 'and', args: terms };
}
