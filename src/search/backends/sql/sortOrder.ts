import { MeridianError } from '../../../core/errors.js';
import { fragment, raw, type SqlFragment } from '../../../db/sql.js';
import type { SortKey } from '../../request.js';
import { resolveProperty, type SearchTarget } from './properties.js';

/** One key of a total order: its SQL expression, the type its cursor values are cast to, and direction. */
export interface OrderKey {
  readonly field: string;
  readonly sql: SqlFragment;
  /** The selected column alias carrying this key's value into the cursor. */
  readonly alias: string;
  readonly cast: 'timestamptz' | 'jsonb' | 'text' | 'bigint';
  readonly direction: 'asc' | 'desc';
}

const DEFAULT_ITEM_ORDER: readonly SortKey[] = [{ field: 'datetime', direction: 'desc' }];

function orderKey(key: SortKey, target: SearchTarget, index: number): OrderKey {
  const prop = resolveProperty(key.field, target);
  const alias = `k${index}`;
  switch (prop.kind) {
    case 'text':
      return { field: key.field, sql: prop.sql, alias, cast: 'text', direction: key.direction };
    case 'integer':
      return { field: key.field, sql: prop.sql, alias, cast: 'bigint', direction: key.direction };
    case 'timestamp':
      // Collections may lack a temporal extent; items always have a time (the store requires it).
      return {
        field: key.field,
        sql: target === 'items' ? prop.sql : fragment`coalesce(${prop.sql}, '-infinity')`,
        alias,
        cast: 'timestamptz',
        direction: key.direction,
      };
    case 'json':
      // jsonb has a total order across types; an absent member sorts as JSON null.
      return { field: key.field, sql: fragment`coalesce(${prop.sql}, 'null'::jsonb)`, alias, cast: 'jsonb', direction: key.direction };
    case 'geometry':
    case 'interval':
      throw new MeridianError('InvalidParameter', `sortby: cannot sort by "${key.field}"`, { locator: 'sortby' });
  }
}

/**
 * The requested sort keys followed by a unique tiebreak (collection, id), so that every order is total
 * and keyset paging never skips or repeats a record.
 */
export function totalOrder(sortby: readonly SortKey[] | undefined, target: SearchTarget): OrderKey[] {
  const requested = sortby && sortby.length > 0 ? sortby : target === 'items' ? DEFAULT_ITEM_ORDER : [];
  const keys = requested.map((k, i) => orderKey(k, target, i));
  const named = new Set(requested.map((k) => k.field));
  const tiebreak: SortKey[] =
    target === 'items'
      ? [
          { field: 'collection', direction: 'asc' },
          { field: 'id', direction: 'asc' },
        ]
      : [{ field: 'id', direction: 'asc' }];
  for (const key of tiebreak) if (!named.has(key.field)) keys.push(orderKey(key, target, keys.length));
  return keys;
}

export function orderSignature(keys: readonly OrderKey[]): string {
  return keys.map((k) => `${k.field}:${k.direction}`).join(',');
}

export function orderByClause(keys: readonly OrderKey[], reverse: boolean): SqlFragment {
  const parts = keys.map((k) => {
    const asc = (k.direction === 'asc') !== reverse;
    return fragment`${k.sql} ${raw(asc ? 'ASC' : 'DESC')}`;
  });
  return parts.reduce((acc, part, i) => (i === 0 ? part : fragment`${acc}, ${part}`), raw(''));
}

/** timestamptz as PostgreSQL writes it (`2020-01-01 00:00:00.123+00`), or an open end. */
const TIMESTAMP_TEXT = /^(-?infinity|\d{4,}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:?\d{2})?|Z)?)$/;

/** A cursor value bound with its key's type; a value of another type means the token was altered. */
function castValue(value: unknown, cast: OrderKey['cast']): SqlFragment {
  if (cast === 'jsonb') return fragment`${JSON.stringify(value ?? null)}::jsonb`;
  // bigint values reach the cursor as the strings pg returns them
  const pattern = cast === 'bigint' ? /^-?\d{1,19}$/ : cast === 'timestamptz' ? TIMESTAMP_TEXT : undefined;
  const valid = typeof value === 'string' && (pattern === undefined || pattern.test(value));
  if (!valid) throw new MeridianError('InvalidParameter', 'the paging token is not valid', { locator: 'token' });
  return fragment`${value}::${raw(cast)}`;
}

/**
 * The keyset condition "after this record in this order" (or before it, for previous pages), as
 * (k1 > v1) OR (k1 = v1 AND k2 > v2) ..., with a leading bound on k1 so an index on k1 is usable.
 */
export function keysetCondition(keys: readonly OrderKey[], values: readonly unknown[], backwards: boolean): SqlFragment {
  if (values.length !== keys.length) {
    throw new MeridianError('InvalidParameter', 'the paging token does not fit this query', { locator: 'token' });
  }
  const comparisons = keys.map((k, i) => {
    const ascending = (k.direction === 'asc') !== backwards;
    return { key: k, value: castValue(values[i], k.cast), op: raw(ascending ? '>' : '<'), opEq: raw(ascending ? '>=' : '<=') };
  });
  const branches = comparisons.map((c, i) => {
    const equalities = comparisons.slice(0, i).map((p) => fragment`${p.key.sql} = ${p.value}`);
    const strict = fragment`${c.key.sql} ${c.op} ${c.value}`;
    return equalities.reduce((acc, eq) => fragment`${eq} AND ${acc}`, strict);
  });
  const first = comparisons[0];
  const any = branches.reduce((acc, b, i) => (i === 0 ? fragment`(${b})` : fragment`${acc} OR (${b})`), raw(''));
  return first ? fragment`${first.key.sql} ${first.opEq} ${first.value} AND (${any})` : raw('true');
}
