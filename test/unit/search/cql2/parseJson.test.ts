import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { parseCql2Json } from '../../../../src/search/cql2/parseJson.js';

function errorOf(run: () => unknown): MeridianError {
  try {
    run();
  } catch (error) {
    if (error instanceof MeridianError) return error;
    throw error;
  }
  throw new Error('expected a MeridianError');
}

const p = (property: string): { property: string } => ({ property });
const eq = (left: unknown, right: unknown): unknown => ({ op: '=', args: [left, right] });

describe('parseCql2Json: logical operators and literals', () => {
  it('reads and, or, not and boolean filters', () => {
    const filter = {
      op: 'or',
      args: [{ op: 'and', args: [{ op: 'not', args: [eq(p('a'), 1)] }, eq(p('b'), 'x'), true] }, false],
    };
    expect(parseCql2Json(filter)).toEqual(filter);
    expect(parseCql2Json(true)).toBe(true);
    expect(parseCql2Json(false)).toBe(false);
  });

  it('parses a string as JSON first', () => {
    expect(parseCql2Json('{"op": "=", "args": [{"property": "eo:cloud_cover"}, 10]}')).toEqual(eq(p('eo:cloud_cover'), 10));
    expect(parseCql2Json(' true ')).toBe(true);
  });

  it.each(['=', '<>', '<', '<=', '>', '>='])('reads the %s comparison, property to property and literal to literal', (op) => {
    expect(parseCql2Json({ op, args: [p('a'), p('b')] })).toEqual({ op, args: [p('a'), p('b')] });
    expect(parseCql2Json({ op, args: ['x', 1.5] })).toEqual({ op, args: ['x', 1.5] });
  });

  it('reads like, between, in and isNull', () => {
    for (const filter of [
      { op: 'like', args: [p('title'), 'Sea%'] },
      { op: 'like', args: [{ op: 'casei', args: [p('title')] }, { op: 'casei', args: ['sea%'] }] },
      { op: 'between', args: [p('eo:cloud_cover'), 0, { op: '+', args: [p('x'), 1] }] },
      { op: 'in', args: [p('cmip6:source_id'), ['CESM2', 'UKESM1-0-LL']] },
      { op: 'in', args: [{ op: 'accenti', args: [p('place')] }, [{ op: 'accenti', args: ['Zürich'] }]] },
      { op: 'isNull', args: [p('datetime')] },
      { op: 'not', args: [{ op: 'isNull', args: [p('datetime')] }] },
    ]) {
      expect(parseCql2Json(filter)).toEqual(filter);
    }
  });

  it('reads timestamps and dates as comparison operands, normalising timestamps to UTC', () => {
    expect(parseCql2Json({ op: '>', args: [p('updated'), { timestamp: '2020-06-01T12:00:00.50+02:00' }] })).toEqual({
      op: '>',
      args: [p('updated'), { timestamp: '2020-06-01T10:00:00.500Z' }],
    });
    expect(parseCql2Json({ op: '<', args: [p('updated'), { timestamp: '2020-06-01t00:00:00.000000z' }] })).toEqual({
      op: '<',
      args: [p('updated'), { timestamp: '2020-06-01T00:00:00Z' }],
    });
    expect(parseCql2Json({ op: '=', args: [p('day'), { date: '2024-02-29' }] })).toEqual(eq(p('day'), { date: '2024-02-29' }));
  });

  it('reads arithmetic functions as operands', () => {
    const filter = eq(p('value'), {
      op: '-',
      args: [
        { op: '+', args: [{ op: '*', args: [-1, p('foo')] }, { op: '/', args: [p('bar'), 6.1234] }] },
        { op: 'div', args: [{ op: '%', args: [p('x'), 2] }, { op: '^', args: [p('y'), 2] }] },
      ],
    });
    expect(parseCql2Json(filter)).toEqual(filter);
  });
});

describe('parseCql2Json: operator names', () => {
  it.each([
    ['S_INTERSECTS', 's_intersects'],
    ['t_finishedby', 't_finishedBy'],
    ['T_METBY', 't_metBy'],
    ['t_overlappedby', 't_overlappedBy'],
    ['T_StartedBy', 't_startedBy'],
    ['a_containedby', 'a_containedBy'],
    ['intersects', 's_intersects'],
    ['ANYINTERACTS', 't_intersects'],
  ])('normalises %s to %s', (name, op) => {
    const args = op.startsWith('s_')
      ? [p('geometry'), { bbox: [0, 0, 1, 1] }]
      : op.startsWith('t_')
        ? [p('datetime'), { date: '2020-01-01' }]
        : [p('tags'), ['a']];
    expect(parseCql2Json({ op: name, args })).toEqual({ op, args });
  });

  it('normalises logical, comparison and function names', () => {
    expect(
      parseCql2Json({
        op: 'AND',
        args: [
          { op: 'Not', args: [{ op: 'ISNULL', args: [p('a')] }] },
          { op: 'LIKE', args: [{ op: 'CASEI', args: [p('b')] }, { op: 'Accenti', args: ['x'] }] },
          { op: 'IN', args: [{ op: 'DIV', args: [p('c'), 2] }, [1]] },
          { op: 'Between', args: [p('d'), 1, 2] },
        ],
      }),
    ).toEqual({
      op: 'and',
      args: [
        { op: 'not', args: [{ op: 'isNull', args: [p('a')] }] },
        { op: 'like', args: [{ op: 'casei', args: [p('b')] }, { op: 'accenti', args: ['x'] }] },
        { op: 'in', args: [{ op: 'div', args: [p('c'), 2] }, [1]] },
        { op: 'between', args: [p('d'), 1, 2] },
      ],
    });
  });
});

const ring = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 0],
];
const GEOMETRIES = [
  { type: 'Point', coordinates: [1, 2] },
  { type: 'Point', coordinates: [1, 2, 3] },
  { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] },
  { type: 'LineString', coordinates: [[1, 2], [3, 4]] },
  { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] },
  { type: 'Polygon', coordinates: [ring] },
  { type: 'MultiPolygon', coordinates: [[ring], [ring]] },
  { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'Polygon', coordinates: [ring] }] },
];

describe('parseCql2Json: spatial operators', () => {
  it.each(['s_intersects', 's_equals', 's_disjoint', 's_touches', 's_within', 's_overlaps', 's_crosses', 's_contains'])(
    'reads %s with every geometry type',
    (op) => {
      for (const geometry of GEOMETRIES) {
        expect(parseCql2Json({ op, args: [p('geometry'), geometry] })).toEqual({ op, args: [p('geometry'), geometry] });
      }
    },
  );

  it('reads 4- and 6-number bbox literals', () => {
    for (const bbox of [
      [-180, -90, 180, 90],
      [170, -10, -170, 10],
      [0, 0, -100, 1, 1, 100],
    ]) {
      expect(parseCql2Json({ op: 's_intersects', args: [p('geometry'), { bbox }] })).toEqual({
        op: 's_intersects',
        args: [p('geometry'), { bbox }],
      });
    }
  });

  it('copies geometries, dropping GeoJSON foreign members, and leaves the input untouched', () => {
    const geometry = { type: 'Point', coordinates: [1, 2], bbox: [1, 2, 1, 2], crs: 'x' };
    const filter = { op: 's_intersects', args: [p('geometry'), geometry] };
    const before = structuredClone(filter);
    const expr = parseCql2Json(filter);
    expect(expr).toEqual({ op: 's_intersects', args: [p('geometry'), { type: 'Point', coordinates: [1, 2] }] });
    expect(filter).toEqual(before);
    expect(typeof expr === 'object' && expr.op === 's_intersects' ? expr.args[1] : undefined).not.toBe(geometry);
  });
});

describe('parseCql2Json: temporal operators', () => {
  it.each([
    't_after', 't_before', 't_contains', 't_disjoint', 't_during', 't_equals', 't_finishedBy', 't_finishes',
    't_intersects', 't_meets', 't_metBy', 't_overlappedBy', 't_overlaps', 't_startedBy', 't_starts',
  ])('reads %s with instants and intervals', (op) => {
    const instant = { op, args: [p('datetime'), { timestamp: '2020-01-01T00:00:00Z' }] };
    const interval = { op, args: [{ interval: [p('start_datetime'), p('end_datetime')] }, { interval: ['2020-01-01', '..'] }] };
    expect(parseCql2Json(instant)).toEqual(instant);
    expect(parseCql2Json(interval)).toEqual(interval);
  });

  it('accepts every kind of interval end and normalises timestamps in them', () => {
    expect(
      parseCql2Json({
        op: 't_during',
        args: [
          { interval: ['..', '2020-01-01T10:00:00-02:00'] },
          { interval: [{ timestamp: '2019-01-01T00:00:00+01:00' }, { date: '2021-01-01' }] },
        ],
      }),
    ).toEqual({
      op: 't_during',
      args: [
        { interval: ['..', '2020-01-01T12:00:00Z'] },
        { interval: [{ timestamp: '2018-12-31T23:00:00Z' }, { date: '2021-01-01' }] },
      ],
    });
  });
});

describe('parseCql2Json: array operators', () => {
  it.each(['a_equals', 'a_contains', 'a_containedBy', 'a_overlaps'])('reads %s with arrays and properties', (op) => {
    const filter = { op, args: [p('keywords'), ['ocean', 1, true, [2, 3], p('other'), { timestamp: '2020-01-01T00:00:00Z' }]] };
    expect(parseCql2Json(filter)).toEqual(filter);
    expect(parseCql2Json({ op, args: [[], p('b')] })).toEqual({ op, args: [[], p('b')] });
  });
});

describe('parseCql2Json: errors', () => {
  it.each([
    ['an empty string', '', 'filter: the filter is empty'],
    ['bad JSON', '{"op": "=", "args": [', /^filter: not valid JSON \(.+\)$/],
    ['a number', 5, 'filter: expected a predicate (an object with "op" and "args"), found the number 5'],
    ['null', null, 'filter: expected a predicate (an object with "op" and "args"), found null'],
    ['an object without op', { property: 'a' }, 'filter: expected a predicate (an object with "op" and "args"), found an object without "op"'],
    ['an unknown operator', { op: 's_intersect', args: [] }, 'filter: unknown operator "s_intersect"'],
    [
      'an unknown nested operator',
      { op: 'and', args: [eq(p('a'), 1), { op: 's_intersect', args: [p('geometry'), { bbox: [0, 0, 1, 1] }] }] },
      'filter: unknown operator "s_intersect" at args[1]',
    ],
    ['an unknown function', eq({ op: 'sqrt', args: [p('a')] }, 1), 'filter: unknown operator "sqrt" at args[0]'],
    ['a non-string op', { op: 1, args: [] }, 'filter: "op" must be a string'],
    ['missing args', { op: '=' }, 'filter: "args" of "=" must be an array'],
    ['an extra member', { op: '=', args: [p('a'), 1], arg: [] }, 'filter: unexpected member "arg" next to "op"'],
    ['too few arguments', { op: 'between', args: [p('a'), 1] }, 'filter: "between" takes 3 arguments, got 2'],
    ['too many arguments', { op: 'not', args: [true, false] }, 'filter: "not" takes 1 argument, got 2'],
    ['a one-argument and', { op: 'and', args: [true] }, 'filter: "and" takes at least 2 arguments, got 1'],
    ['casei with two arguments', eq({ op: 'casei', args: ['a', 'b'] }, 'a'), 'filter: "casei" takes 1 argument, got 2 at args[0]'],
    [
      'a predicate as a value',
      eq(p('a'), eq(p('b'), 1)),
      'filter: "=" is a predicate and cannot be used as a value at args[1]',
    ],
    ['a function as a predicate', { op: 'casei', args: ['a'] }, 'filter: "casei" is a function, not a predicate; use it inside a comparison'],
    ['a value where a predicate belongs', { op: 'and', args: [true, 'x'] }, 'filter: expected a predicate (an object with "op" and "args"), found the string "x" at args[1]'],
    ['null as a value', eq(p('a'), null), 'filter: null is not a CQL2 value (use "isNull" to test for a missing value) at args[1]'],
    ['a non-finite number', eq(p('a'), Number.POSITIVE_INFINITY), 'filter: numbers must be finite at args[1]'],
    ['an empty property name', eq({ property: '' }, 1), 'filter: "property" must be a non-empty string at args[0]'],
    ['a property with extra members', eq({ property: 'a', x: 1 }, 1), 'filter: unrecognised value with members ["property","x"] at args[0]'],
    ['an unknown literal', eq({ foo: 1 }, 1), 'filter: unrecognised value with members ["foo"] at args[0]'],
    [
      'a geometry in a comparison',
      eq(p('a'), { type: 'Point', coordinates: [1, 2] }),
      'filter: "=" expects a string, number, boolean, timestamp, date, property or function, found a Point geometry at args[1]',
    ],
    [
      'a number in a spatial operator',
      { op: 's_intersects', args: [p('geometry'), 5] },
      'filter: "s_intersects" expects a geometry, bbox or property, found the number 5 at args[1]',
    ],
    [
      'a string in a temporal operator',
      { op: 't_after', args: [p('datetime'), '2020-01-01'] },
      "filter: \"t_after\" expects a timestamp, date, interval or property, found the string '2020-01-01' at args[1]",
    ],
    [
      'a scalar in an array operator',
      { op: 'a_contains', args: [p('tags'), 'a'] },
      "filter: \"a_contains\" expects an array or property, found the string 'a' at args[1]",
    ],
    [
      'a number as a like pattern',
      { op: 'like', args: [p('a'), 5] },
      'filter: "like" expects a string pattern, casei() or accenti(), found the number 5 at args[1]',
    ],
    [
      'a string in arithmetic',
      eq({ op: '+', args: [p('a'), 'x'] }, 1),
      "filter: \"+\" expects a number, property or arithmetic expression, found the string 'x' at args[0].args[1]",
    ],
    ['an in list that is not an array', { op: 'in', args: [p('a'), 'x'] }, 'filter: "in" expects an array of values as its second argument at args[1]'],
    ['an empty in list', { op: 'in', args: [p('a'), []] }, 'filter: "in" needs at least one value in its list at args[1]'],
    [
      'an array inside an in list',
      { op: 'in', args: [p('a'), ['x', ['y']]] },
      'filter: "in" expects a string, number, boolean, timestamp, date, property or function, found an array at args[1][1]',
    ],
    [
      'an invalid timestamp',
      { op: 't_after', args: [p('datetime'), { timestamp: '2020-13-01T00:00:00Z' }] },
      'filter: invalid timestamp "2020-13-01T00:00:00Z" (expected RFC 3339, e.g. 2020-01-01T00:00:00Z) at args[1]',
    ],
    [
      'a timestamp without offset',
      { op: 't_after', args: [p('datetime'), { timestamp: '2020-01-01T00:00:00' }] },
      'filter: invalid timestamp "2020-01-01T00:00:00" (expected RFC 3339, e.g. 2020-01-01T00:00:00Z) at args[1]',
    ],
    [
      'a date given as a timestamp',
      { op: 't_after', args: [p('datetime'), { timestamp: '2020-01-01' }] },
      'filter: invalid timestamp "2020-01-01" (expected RFC 3339, e.g. 2020-01-01T00:00:00Z); use {"date": ...} for a date at args[1]',
    ],
    [
      'an invalid date',
      { op: 't_after', args: [p('datetime'), { date: '2021-02-29' }] },
      'filter: invalid date "2021-02-29" (expected YYYY-MM-DD) at args[1]',
    ],
    [
      'an interval with one end',
      { op: 't_during', args: [p('datetime'), { interval: ['2020-01-01'] }] },
      'filter: an interval must be an array of two ends at args[1]',
    ],
    [
      'an invalid interval end',
      { op: 't_during', args: [p('datetime'), { interval: ['2020-01-01', 'tomorrow'] }] },
      "filter: invalid interval end \"tomorrow\" (expected '..', a date YYYY-MM-DD or an RFC 3339 timestamp) at args[1].interval[1]",
    ],
    [
      'a numeric interval end',
      { op: 't_during', args: [p('datetime'), { interval: [1, '..'] }] },
      "filter: an interval end must be '..', a date or timestamp string, a timestamp, a date or a property at args[1].interval[0]",
    ],
    [
      'a bbox as an interval end',
      { op: 't_during', args: [p('datetime'), { interval: [{ bbox: [0, 0, 1, 1] }, '..'] }] },
      'filter: an interval end cannot be a bbox at args[1].interval[0]',
    ],
    [
      'a reversed interval',
      { op: 't_during', args: [p('datetime'), { interval: ['2021-01-01T00:00:00Z', '2020-12-31'] }] },
      'filter: the interval starts after it ends at args[1]',
    ],
    [
      'an unclosed polygon',
      { op: 's_within', args: [p('geometry'), { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }] },
      'filter: invalid geometry: Polygon ring 0 is not closed (its last position must equal its first) at args[1]',
    ],
    [
      'a short line',
      { op: 's_crosses', args: [p('geometry'), { type: 'LineString', coordinates: [[0, 0]] }] },
      'filter: invalid geometry: LineString coordinates needs at least 2 positions at args[1]',
    ],
    [
      'a bad position',
      { op: 's_intersects', args: [p('geometry'), { type: 'Point', coordinates: [0, 'a'] }] },
      'filter: invalid geometry: a position must be an array of 2 or 3 numbers at args[1]',
    ],
    [
      'an unknown geometry type',
      { op: 's_intersects', args: [p('geometry'), { type: 'Circle', coordinates: [0, 0] }] },
      'filter: invalid geometry: unknown geometry type "Circle" at args[1]',
    ],
    [
      'an empty geometry',
      { op: 's_intersects', args: [p('geometry'), { type: 'MultiPoint', coordinates: [] }] },
      'filter: invalid geometry: MultiPoint coordinates is empty; empty geometries are not supported at args[1]',
    ],
    [
      'a bad geometry in a collection',
      {
        op: 's_intersects',
        args: [p('geometry'), { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0] }] }],
      },
      'filter: invalid geometry: a position must be an array of 2 or 3 numbers at args[1]',
    ],
    [
      'a 5-number bbox',
      { op: 's_intersects', args: [p('geometry'), { bbox: [0, 0, 1, 1, 2] }] },
      'filter: invalid bbox: a bbox has 4 or 6 numbers, not 5 at args[1]',
    ],
    [
      'a bbox with south above north',
      { op: 's_intersects', args: [p('geometry'), { bbox: [0, 10, 1, 5] }] },
      'filter: invalid bbox: the bbox south (10) is greater than its north (5) at args[1]',
    ],
    [
      'a bbox with strings',
      { op: 's_intersects', args: [p('geometry'), { bbox: ['0', 0, 1, 1] }] },
      'filter: invalid bbox: a bbox must be an array of numbers at args[1]',
    ],
  ])('rejects %s', (_name, input, message) => {
    const error = errorOf(() => parseCql2Json(input));
    expect(error.code).toBe('InvalidParameter');
    expect(error.locator).toBe('filter');
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('rejects ilike as an unsupported operation with a hint', () => {
    const error = errorOf(() => parseCql2Json({ op: 'ilike', args: [p('title'), 'sea%'] }));
    expect(error.code).toBe('UnsupportedOperation');
    expect(error.locator).toBe('filter');
    expect(error.message).toBe(
      'filter: operator "ilike" is not supported; wrap both sides of LIKE in CASEI() instead, ' +
        "e.g. CASEI(title) LIKE CASEI('%ice%')",
    );
  });

  it('keeps the JSON parse error as the cause', () => {
    expect(errorOf(() => parseCql2Json('{')).cause).toBeInstanceOf(SyntaxError);
  });
});

describe('parseCql2Json: depth', () => {
  it('refuses deeply nested input with a clear error instead of overflowing the stack', () => {
    let not: unknown = eq(p('a'), 1);
    for (let i = 0; i < 100_000; i += 1) not = { op: 'not', args: [not] };
    let array: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) array = [array];
    let sum: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) sum = { op: '+', args: [sum, 1] };
    let collection: unknown = { type: 'Point', coordinates: [1, 2] };
    for (let i = 0; i < 100_000; i += 1) collection = { type: 'GeometryCollection', geometries: [collection] };
    for (const input of [
      not,
      { op: 'a_equals', args: [p('a'), array] },
      eq(p('a'), sum),
      { op: 's_intersects', args: [p('g'), collection] },
      `${'{"op":"not","args":['.repeat(50_000)}true${']}'.repeat(50_000)}`,
    ]) {
      const error = errorOf(() => parseCql2Json(input));
      expect(error.code).toBe('InvalidParameter');
      expect(error.message).toMatch(/nested deeper than 256 levels/);
    }
  });

  it('accepts nesting up to the limit', () => {
    let filter: unknown = eq(p('a'), 1);
    for (let i = 0; i < 254; i += 1) filter = { op: 'not', args: [filter] };
    expect(parseCql2Json(filter)).toEqual(filter);
  });

  it('parses a 10k-value in list', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => `item-${i}`);
    expect(parseCql2Json({ op: 'in', args: [p('id'), values] })).toEqual({ op: 'in', args: [p('id'), values] });
  });
});
