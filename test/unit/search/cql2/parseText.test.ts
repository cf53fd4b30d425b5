import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { parseCql2Json } from '../../../../src/search/cql2/parseJson.js';
import { parseCql2Text } from '../../../../src/search/cql2/parseText.js';

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

describe('parseCql2Text: logical operators and precedence', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseCql2Text('NOT a = 1 AND b = 2 OR c = 3')).toEqual({
      op: 'or',
      args: [{ op: 'and', args: [{ op: 'not', args: [eq(p('a'), 1)] }, eq(p('b'), 2)] }, eq(p('c'), 3)],
    });
    expect(parseCql2Text('a = 1 OR b = 2 AND c = 3')).toEqual({
      op: 'or',
      args: [eq(p('a'), 1), { op: 'and', args: [eq(p('b'), 2), eq(p('c'), 3)] }],
    });
  });

  it('lets parentheses override precedence and keeps a parenthesised group as its own node', () => {
    expect(parseCql2Text('(a = 1 OR b = 2) AND c = 3')).toEqual({
      op: 'and',
      args: [{ op: 'or', args: [eq(p('a'), 1), eq(p('b'), 2)] }, eq(p('c'), 3)],
    });
    expect(parseCql2Text('(a = 1 AND b = 2) AND c = 3')).toEqual({
      op: 'and',
      args: [{ op: 'and', args: [eq(p('a'), 1), eq(p('b'), 2)] }, eq(p('c'), 3)],
    });
    expect(parseCql2Text('((a = 1))')).toEqual(eq(p('a'), 1));
  });

  it('flattens a chain of the same operator into one node', () => {
    expect(parseCql2Text('a = 1 AND b = 2 AND c = 3 AND d = 4')).toEqual({
      op: 'and',
      args: [eq(p('a'), 1), eq(p('b'), 2), eq(p('c'), 3), eq(p('d'), 4)],
    });
  });

  it('reads NOT in front of a parenthesised predicate and repeated NOT', () => {
    expect(parseCql2Text('NOT (a = 1)')).toEqual({ op: 'not', args: [eq(p('a'), 1)] });
    expect(parseCql2Text('NOT NOT a = 1')).toEqual({ op: 'not', args: [{ op: 'not', args: [eq(p('a'), 1)] }] });
  });

  it('accepts boolean literals as whole filters and inside logic', () => {
    expect(parseCql2Text('TRUE')).toBe(true);
    expect(parseCql2Text('false')).toBe(false);
    expect(parseCql2Text('NOT FALSE AND a = 1')).toEqual({ op: 'and', args: [{ op: 'not', args: [false] }, eq(p('a'), 1)] });
  });

  it('treats keywords case-insensitively', () => {
    expect(parseCql2Text("a = 1 and not b like 'x%' Or c iS nOt NuLl")).toEqual({
      op: 'or',
      args: [
        { op: 'and', args: [eq(p('a'), 1), { op: 'not', args: [{ op: 'like', args: [p('b'), 'x%'] }] }] },
        { op: 'not', args: [{ op: 'isNull', args: [p('c')] }] },
      ],
    });
  });
});

describe('parseCql2Text: comparison predicates', () => {
  it.each(['=', '<>', '<', '<=', '>', '>='])('reads the %s operator', (op) => {
    expect(parseCql2Text(`eo:cloud_cover ${op} 10`)).toEqual({ op, args: [p('eo:cloud_cover'), 10] });
  });

  it('compares property to property and literal to property', () => {
    expect(parseCql2Text('start_datetime < end_datetime')).toEqual({
      op: '<',
      args: [p('start_datetime'), p('end_datetime')],
    });
    expect(parseCql2Text("'CMIP6' = collection")).toEqual(eq('CMIP6', p('collection')));
  });

  it('reads LIKE and NOT LIKE, with CASEI and ACCENTI', () => {
    expect(parseCql2Text("title LIKE 'Sea%'")).toEqual({ op: 'like', args: [p('title'), 'Sea%'] });
    expect(parseCql2Text("title NOT LIKE 'Sea%'")).toEqual({
      op: 'not',
      args: [{ op: 'like', args: [p('title'), 'Sea%'] }],
    });
    expect(parseCql2Text("CASEI(title) LIKE casei('sea%')")).toEqual({
      op: 'like',
      args: [
        { op: 'casei', args: [p('title')] },
        { op: 'casei', args: ['sea%'] },
      ],
    });
    expect(parseCql2Text("ACCENTI(CASEI(place)) = ACCENTI(CASEI('Zürich'))")).toEqual(
      eq({ op: 'accenti', args: [{ op: 'casei', args: [p('place')] }] }, { op: 'accenti', args: [{ op: 'casei', args: ['Zürich'] }] }),
    );
  });

  it('reads BETWEEN and NOT BETWEEN without confusing their AND with the logical one', () => {
    expect(parseCql2Text('eo:cloud_cover BETWEEN 0 AND 20 AND platform = 1')).toEqual({
      op: 'and',
      args: [{ op: 'between', args: [p('eo:cloud_cover'), 0, 20] }, eq(p('platform'), 1)],
    });
    expect(parseCql2Text('x NOT BETWEEN -1.5 AND y + 1')).toEqual({
      op: 'not',
      args: [{ op: 'between', args: [p('x'), -1.5, { op: '+', args: [p('y'), 1] }] }],
    });
  });

  it('reads IN and NOT IN lists of strings, numbers and functions', () => {
    expect(parseCql2Text("cmip6:source_id IN ('CESM2', 'UKESM1-0-LL')")).toEqual({
      op: 'in',
      args: [p('cmip6:source_id'), ['CESM2', 'UKESM1-0-LL']],
    });
    expect(parseCql2Text('level NOT IN (1, 2.5, -3)')).toEqual({
      op: 'not',
      args: [{ op: 'in', args: [p('level'), [1, 2.5, -3]] }],
    });
    expect(parseCql2Text("CASEI(a) IN (CASEI('x'))")).toEqual({
      op: 'in',
      args: [{ op: 'casei', args: [p('a')] }, [{ op: 'casei', args: ['x'] }]],
    });
  });

  it('reads IS NULL and IS NOT NULL', () => {
    expect(parseCql2Text('datetime IS NULL')).toEqual({ op: 'isNull', args: [p('datetime')] });
    expect(parseCql2Text('datetime IS NOT NULL')).toEqual({
      op: 'not',
      args: [{ op: 'isNull', args: [p('datetime')] }],
    });
  });
});

describe('parseCql2Text: literals and property names', () => {
  it("reads strings with '' escapes, including empty strings", () => {
    expect(parseCql2Text("title = 'Earth''s climate'")).toEqual(eq(p('title'), "Earth's climate"));
    expect(parseCql2Text("title = ''")).toEqual(eq(p('title'), ''));
    expect(parseCql2Text("title = 'a AND b = (c)'")).toEqual(eq(p('title'), 'a AND b = (c)'));
  });

  it('reads integers, decimals, exponents and negative numbers', () => {
    const values = ['42', '3.25', '.5', '7.', '1e3', '2.5E-2', '-4', '- 4.5', '-1e-3', '+6'].map((text) => {
      const expr = parseCql2Text(`x = ${text}`);
      return typeof expr === 'object' && expr.op === '=' ? expr.args[1] : undefined;
    });
    expect(values).toEqual([42, 3.25, 0.5, 7, 1000, 0.025, -4, -4.5, -0.001, 6]);
  });

  it('reads identifiers with colons, dots, underscores, digits and non-ASCII letters', () => {
    expect(parseCql2Text('properties.datetime IS NULL')).toEqual({ op: 'isNull', args: [p('properties.datetime')] });
    expect(parseCql2Text('_a1:b_2.c3 = 1')).toEqual(eq(p('_a1:b_2.c3'), 1));
    expect(parseCql2Text('höhe = 1')).toEqual(eq(p('höhe'), 1));
  });

  it('reads double-quoted property names, including reserved words and names followed by a parenthesis', () => {
    expect(parseCql2Text('"and" = 1')).toEqual(eq(p('and'), 1));
    expect(parseCql2Text('"a ""b""" = 1')).toEqual(eq(p('a "b"'), 1));
  });

  it('reads function names as property names when no parenthesis follows', () => {
    expect(parseCql2Text("date = '2020-01-01' AND timestamp > 3 AND bbox < point")).toEqual({
      op: 'and',
      args: [eq(p('date'), '2020-01-01'), { op: '>', args: [p('timestamp'), 3] }, { op: '<', args: [p('bbox'), p('point')] }],
    });
  });

  it('normalises TIMESTAMP to UTC and validates DATE', () => {
    expect(parseCql2Text("updated > TIMESTAMP('2020-06-01T12:00:00.50+02:00')")).toEqual({
      op: '>',
      args: [p('updated'), { timestamp: '2020-06-01T10:00:00.500Z' }],
    });
    expect(parseCql2Text("updated > date('2020-02-29')")).toEqual({
      op: '>',
      args: [p('updated'), { date: '2020-02-29' }],
    });
  });
});

describe('parseCql2Text: arithmetic', () => {
  it('gives * / % div precedence over + and -, and ^ over both', () => {
    expect(parseCql2Text('a + b * c ^ 2 = 1')).toEqual(
      eq({ op: '+', args: [p('a'), { op: '*', args: [p('b'), { op: '^', args: [p('c'), 2] }] }] }, 1),
    );
    expect(parseCql2Text('(a + b) * c = 1')).toEqual(eq({ op: '*', args: [{ op: '+', args: [p('a'), p('b')] }, p('c')] }, 1));
  });

  it('associates + - * / to the left and ^ to the right', () => {
    expect(parseCql2Text('a - b - c = 0')).toEqual(eq({ op: '-', args: [{ op: '-', args: [p('a'), p('b')] }, p('c')] }, 0));
    expect(parseCql2Text('a / b % c div d = 0')).toEqual(
      eq({ op: 'div', args: [{ op: '%', args: [{ op: '/', args: [p('a'), p('b')] }, p('c')] }, p('d')] }, 0),
    );
    expect(parseCql2Text('2 ^ 3 ^ 2 = x')).toEqual(eq({ op: '^', args: [2, { op: '^', args: [3, 2] }] }, p('x')));
  });

  it('writes a negated property as -1 times the property', () => {
    expect(parseCql2Text('-depth < 100')).toEqual({ op: '<', args: [{ op: '*', args: [-1, p('depth')] }, 100] });
    expect(parseCql2Text('a - -b = 0')).toEqual(eq({ op: '-', args: [p('a'), { op: '*', args: [-1, p('b')] }] }, 0));
  });

  it('accepts arithmetic on either side of a comparison and in BETWEEN bounds', () => {
    expect(parseCql2Text('"value" > ("foo" + 10)')).toEqual({
      op: '>',
      args: [p('value'), { op: '+', args: [p('foo'), 10] }],
    });
  });
});

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ],
};

describe('parseCql2Text: spatial predicates', () => {
  it.each([
    ['S_INTERSECTS', 's_intersects'],
    ['S_EQUALS', 's_equals'],
    ['S_DISJOINT', 's_disjoint'],
    ['S_TOUCHES', 's_touches'],
    ['S_WITHIN', 's_within'],
    ['S_OVERLAPS', 's_overlaps'],
    ['S_CROSSES', 's_crosses'],
    ['S_CONTAINS', 's_contains'],
  ])('reads %s', (name, op) => {
    expect(parseCql2Text(`${name}(geometry, POLYGON((0 0, 10 0, 10 10, 0 10, 0 0)))`)).toEqual({
      op,
      args: [p('geometry'), square],
    });
  });

  it('reads every WKT geometry type into GeoJSON', () => {
    const geometryOf = (wkt: string): unknown => {
      const expr = parseCql2Text(`S_INTERSECTS(geometry, ${wkt})`);
      return typeof expr === 'object' && expr.op === 's_intersects' ? expr.args[1] : undefined;
    };
    expect(geometryOf('POINT(1 2)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(geometryOf('point z (1 2 3)')).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(geometryOf('LINESTRING(1 2, 3 4, -5.5 6e1)')).toEqual({
      type: 'LineString',
      coordinates: [
        [1, 2],
        [3, 4],
        [-5.5, 60],
      ],
    });
    expect(geometryOf('POLYGON((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))')).toEqual({
      type: 'Polygon',
      coordinates: [
        [[0, 0], [4, 0], [4, 4], [0, 0]],
        [[1, 1], [2, 1], [2, 2], [1, 1]],
      ],
    });
    const multiPoint = { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] };
    expect(geometryOf('MULTIPOINT(1 2, 3 4)')).toEqual(multiPoint);
    expect(geometryOf('MULTIPOINT((1 2), (3 4))')).toEqual(multiPoint);
    expect(geometryOf('MULTILINESTRING((1 2, 3 4), (5 6, 7 8))')).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [[1, 2], [3, 4]],
        [[5, 6], [7, 8]],
      ],
    });
    expect(geometryOf('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))')).toEqual({
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]],
    });
    expect(geometryOf('GEOMETRYCOLLECTION(POINT(1 2), LINESTRING Z (0 0 0, 1 1 1))')).toEqual({
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        { type: 'LineString', coordinates: [[0, 0, 0], [1, 1, 1]] },
      ],
    });
  });

  it('reads BBOX with 4 or 6 numbers', () => {
    expect(parseCql2Text('S_INTERSECTS(geometry, BBOX(-180, -90, 180, 90))')).toEqual({
      op: 's_intersects',
      args: [p('geometry'), { bbox: [-180, -90, 180, 90] }],
    });
    expect(parseCql2Text('s_within(geometry, bbox(0, 0, -10, 1, 1, 10))')).toEqual({
      op: 's_within',
      args: [p('geometry'), { bbox: [0, 0, -10, 1, 1, 10] }],
    });
  });

  it('maps the legacy INTERSECTS to s_intersects', () => {
    expect(parseCql2Text('INTERSECTS(geometry, POINT(1 2))')).toEqual({
      op: 's_intersects',
      args: [p('geometry'), { type: 'Point', coordinates: [1, 2] }],
    });
  });
});

describe('parseCql2Text: temporal predicates', () => {
  it.each([
    ['T_AFTER', 't_after'],
    ['T_BEFORE', 't_before'],
    ['T_CONTAINS', 't_contains'],
    ['T_DISJOINT', 't_disjoint'],
    ['T_DURING', 't_during'],
    ['T_EQUALS', 't_equals'],
    ['T_FINISHEDBY', 't_finishedBy'],
    ['T_FINISHES', 't_finishes'],
    ['T_INTERSECTS', 't_intersects'],
    ['T_MEETS', 't_meets'],
    ['T_METBY', 't_metBy'],
    ['T_OVERLAPPEDBY', 't_overlappedBy'],
    ['T_OVERLAPS', 't_overlaps'],
    ['T_STARTEDBY', 't_startedBy'],
    ['T_STARTS', 't_starts'],
  ])('reads %s', (name, op) => {
    expect(parseCql2Text(`${name}(datetime, TIMESTAMP('2020-01-01T00:00:00Z'))`)).toEqual({
      op,
      args: [p('datetime'), { timestamp: '2020-01-01T00:00:00Z' }],
    });
  });

  it('reads intervals with open, date, timestamp and property ends', () => {
    expect(parseCql2Text("T_INTERSECTS(INTERVAL(start_datetime, end_datetime), INTERVAL('2020-01-01', '..'))")).toEqual({
      op: 't_intersects',
      args: [
        { interval: [p('start_datetime'), p('end_datetime')] },
        { interval: ['2020-01-01', '..'] },
      ],
    });
    expect(parseCql2Text("t_during(datetime, interval('..', '2020-01-01T10:00:00-02:00'))")).toEqual({
      op: 't_during',
      args: [p('datetime'), { interval: ['..', '2020-01-01T12:00:00Z'] }],
    });
    expect(parseCql2Text("T_DURING(datetime, INTERVAL(TIMESTAMP('2020-01-01T00:00:00Z'), DATE('2021-01-01')))")).toEqual({
      op: 't_during',
      args: [p('datetime'), { interval: [{ timestamp: '2020-01-01T00:00:00Z' }, { date: '2021-01-01' }] }],
    });
  });

  it('maps the legacy ANYINTERACTS to t_intersects', () => {
    expect(parseCql2Text("ANYINTERACTS(datetime, INTERVAL('2020-01-01', '2020-12-31'))")).toEqual({
      op: 't_intersects',
      args: [p('datetime'), { interval: ['2020-01-01', '2020-12-31'] }],
    });
  });
});

describe('parseCql2Text: array predicates', () => {
  it.each([
    ['A_EQUALS', 'a_equals'],
    ['A_CONTAINS', 'a_contains'],
    ['A_CONTAINEDBY', 'a_containedBy'],
    ['A_OVERLAPS', 'a_overlaps'],
  ])('reads %s with an array literal', (name, op) => {
    expect(parseCql2Text(`${name}(instruments, ('oli', 'tirs'))`)).toEqual({ op, args: [p('instruments'), ['oli', 'tirs']] });
  });

  it('reads numeric, nested, empty and one-element arrays', () => {
    expect(parseCql2Text('A_OVERLAPS((1, 2), ((3, 4), 5, ()))')).toEqual({
      op: 'a_overlaps',
      args: [[1, 2], [[3, 4], 5, []]],
    });
    expect(parseCql2Text("a_contains(keywords, ('ocean'))")).toEqual({ op: 'a_contains', args: [p('keywords'), ['ocean']] });
    expect(parseCql2Text('A_EQUALS(a, b)')).toEqual({ op: 'a_equals', args: [p('a'), p('b')] });
  });
});

describe('parseCql2Text: errors', () => {
  it.each([
    ['', 'filter: the filter is empty'],
    ['   \n', 'filter: the filter is empty'],
    ['a = 1 AND AND b', 'filter: unexpected token "AND" at character 11 (expected a value)'],
    ['(a = 1', 'filter: unexpected end of input at character 7 (expected ")")'],
    ['a = 1)', 'filter: unexpected token ")" at character 6 (expected AND, OR or the end of the filter)'],
    ['((a = 1) OR (b = 2)', 'filter: unexpected end of input at character 20 (expected ")")'],
    ['a = 1 b', 'filter: unexpected token "b" at character 7 (expected AND, OR or the end of the filter)'],
    ["a = 'open", 'filter: unterminated string at character 5'],
    ['"a = 1', 'filter: unterminated quoted property name at character 1'],
    ['a != 1', 'filter: unexpected character "!" (use <> for "not equal") at character 3'],
    ['a IN [1, 2]', 'filter: unexpected character "[" (array literals are written in parentheses: (1, 2)) at character 6'],
    ['a = 12abc', 'filter: invalid number "12a" at character 5'],
    ['a', 'filter: unexpected end of input at character 2 (expected a comparison operator, LIKE, BETWEEN, IN or IS NULL)'],
    ['a AND b = 1', 'filter: unexpected token "AND" at character 3 (expected a comparison operator, LIKE, BETWEEN, IN or IS NULL)'],
    ['a = 1 AND 5', 'filter: unexpected end of input at character 12 (expected a comparison operator, LIKE, BETWEEN, IN or IS NULL)'],
    ['a = (b = 1)', 'filter: "=" expects a string, number, boolean, timestamp, date, property or function, found a predicate at character 5'],
    ['a NOT NULL', 'filter: unexpected token "NULL" at character 7 (expected LIKE, BETWEEN or IN after NOT)'],
    ['a IS 1', 'filter: unexpected token "1" at character 6 (expected NULL or NOT NULL)'],
    ['a BETWEEN 1 OR 2', 'filter: unexpected token "OR" at character 13 (expected AND between the bounds of BETWEEN)'],
    ['a IN ()', 'filter: IN needs at least one value in its list at character 6'],
    ['a IN 1', 'filter: unexpected token "1" at character 6 (expected "(" to start the IN list)'],
    ["a LIKE 5", 'filter: LIKE expects a string pattern, casei() or accenti(), found the number 5 at character 8'],
    ["a BETWEEN 'x' AND 2", "filter: BETWEEN expects a number, property or arithmetic expression, found the string 'x' at character 11"],
    ["a + 'x' = 1", "filter: \"+\" expects a number, property or arithmetic expression, found the string 'x' at character 5"],
    ['foo(a) = 1', 'filter: unknown function "foo" at character 1'],
    ['S_INTERSECTS(geometry)', 'filter: S_INTERSECTS takes 2 arguments, got 1 at character 1'],
    ['T_AFTER(a, b, c)', 'filter: T_AFTER takes 2 arguments, got 3 at character 1'],
    ["CASEI() = 'a'", 'filter: CASEI takes 1 argument, got 0 at character 1'],
    ['S_INTERSECTS(geometry, 5)', 'filter: S_INTERSECTS expects a geometry, bbox or property, found the number 5 at character 24'],
    ["T_AFTER(datetime, '2020-01-01')", "filter: T_AFTER expects a timestamp, date, interval or property, found the string '2020-01-01' at character 19"],
    ["A_CONTAINS(tags, 'a')", "filter: A_CONTAINS expects an array or property, found the string 'a' at character 18"],
    [
      'S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1)))',
      'filter: invalid POLYGON: Polygon ring 0 is not closed (its last position must equal its first) at character 24',
    ],
    ['S_INTERSECTS(geometry, POLYGON((0 0, 1 1)))', 'filter: invalid POLYGON: Polygon ring 0 needs at least 4 positions at character 24'],
    ['S_INTERSECTS(geometry, LINESTRING(0 0))', 'filter: invalid LINESTRING: LineString coordinates needs at least 2 positions at character 24'],
    ['S_INTERSECTS(geometry, POINT(1))', 'filter: unexpected token ")" at character 31 (expected a number)'],
    ['S_INTERSECTS(geometry, POINT Z (1 2))', 'filter: unexpected token ")" at character 36 (expected a number)'],
    ['S_INTERSECTS(geometry, POINT(1, 2))', 'filter: unexpected token "," at character 31 (expected a number)'],
    ['S_INTERSECTS(geometry, POINT EMPTY)', 'filter: POINT EMPTY is not supported at character 24'],
    ['S_INTERSECTS(geometry, GEOMETRYCOLLECTION(1 2))', 'filter: unexpected token "1" at character 43 (expected a geometry such as POINT or POLYGON)'],
    ['S_INTERSECTS(geometry, BBOX(1, 2, 3))', 'filter: invalid BBOX: a bbox has 4 or 6 numbers, not 3 at character 24'],
    ['S_INTERSECTS(geometry, BBOX(0, 10, 1, 5))', 'filter: invalid BBOX: the bbox south (10) is greater than its north (5) at character 24'],
    [
      "T_AFTER(datetime, TIMESTAMP('2020-02-30T00:00:00Z'))",
      "filter: invalid timestamp '2020-02-30T00:00:00Z' (expected RFC 3339, e.g. 2020-01-01T00:00:00Z) at character 29",
    ],
    [
      "T_AFTER(datetime, TIMESTAMP('2020-01-01'))",
      "filter: invalid timestamp '2020-01-01' (expected RFC 3339, e.g. 2020-01-01T00:00:00Z); use DATE() for a date at character 29",
    ],
    [
      "T_AFTER(datetime, TIMESTAMP('2020-01-01T00:00:00'))",
      "filter: invalid timestamp '2020-01-01T00:00:00' (expected RFC 3339, e.g. 2020-01-01T00:00:00Z) at character 29",
    ],
    ["T_AFTER(datetime, DATE('2021-02-29'))", "filter: invalid date '2021-02-29' (expected YYYY-MM-DD) at character 24"],
    ['T_AFTER(datetime, DATE(x))', "filter: DATE() takes a quoted date, e.g. DATE('2020-01-01') at character 24"],
    [
      "T_AFTER(datetime, INTERVAL('2020', '..'))",
      "filter: invalid interval end '2020' (expected '..', a date YYYY-MM-DD or an RFC 3339 timestamp) at character 28",
    ],
    [
      "T_AFTER(datetime, INTERVAL('2021-01-01', '2020-01-01'))",
      'filter: the interval starts after it ends at character 19',
    ],
    ['T_AFTER(datetime, INTERVAL(1, 2))', "filter: the first argument of INTERVAL must be '..', a date or timestamp string, or a property at character 28"],
  ])('rejects %j', (text, message) => {
    const error = errorOf(() => parseCql2Text(text));
    expect(error.message).toBe(message);
    expect(error.code).toBe('InvalidParameter');
    expect(error.locator).toBe('filter');
  });

  it('rejects ILIKE and UPPER() as unsupported operations with a hint', () => {
    const ilike = errorOf(() => parseCql2Text("title ILIKE 'sea%'"));
    expect(ilike.code).toBe('UnsupportedOperation');
    expect(ilike.locator).toBe('filter');
    expect(ilike.message).toBe(
      "filter: ILIKE at character 7 is not supported; wrap both sides of LIKE in CASEI() instead, e.g. CASEI(title) LIKE CASEI('%ice%')",
    );
    const upper = errorOf(() => parseCql2Text("UPPER(title) = 'SEA'"));
    expect(upper.code).toBe('UnsupportedOperation');
    expect(upper.message).toBe('filter: UPPER() at character 1 is not supported; use CASEI() for case-insensitive comparison');
  });
});

describe('parseCql2Text: size and depth', () => {
  it('parses deeply nested but reasonable filters', () => {
    const depth = 200;
    let expected: unknown = eq(p('a'), 1);
    for (let i = 0; i < 100; i += 1) expected = { op: 'not', args: [expected] };
    expect(parseCql2Text(`${'('.repeat(depth)}a = 1${')'.repeat(depth)}`)).toEqual(eq(p('a'), 1));
    expect(parseCql2Text(`${'NOT ('.repeat(100)}a = 1${')'.repeat(100)}`)).toEqual(expected);
  });

  it.each([
    ['100k nested parentheses', `${'('.repeat(100_000)}a = 1${')'.repeat(100_000)}`],
    ['100k NOTs', `${'NOT '.repeat(100_000)}a = 1`],
    ['100k unary minus signs', `a = ${'-'.repeat(100_000)}1`],
    ['a 10k-term sum', `a = ${Array.from({ length: 10_000 }, () => '1').join(' + ')}`],
    ['100k nested arrays', `A_EQUALS(a, ${'('.repeat(100_000)}1${')'.repeat(100_000)})`],
    ['100k nested geometry collections', `S_INTERSECTS(g, ${'GEOMETRYCOLLECTION('.repeat(100_000)}POINT(1 2)${')'.repeat(100_000)})`],
  ])('refuses %s with a clear error instead of overflowing the stack', (_name, text) => {
    const error = errorOf(() => parseCql2Text(text));
    expect(error.code).toBe('InvalidParameter');
    expect(error.message).toMatch(/^filter: the filter is nested deeper than 256 levels at character \d+$/);
  });

  it('refuses a filter exactly when its JSON form is too deep', () => {
    let json: unknown = eq(p('a'), 1);
    for (let i = 0; i < 254; i += 1) json = { op: 'not', args: [json] };
    expect(parseCql2Text(`${'NOT '.repeat(254)}a = 1`)).toEqual(parseCql2Json(json));
    expect(errorOf(() => parseCql2Text(`${'NOT '.repeat(255)}a = 1`)).code).toBe('InvalidParameter');
    expect(errorOf(() => parseCql2Json({ op: 'not', args: [json] })).code).toBe('InvalidParameter');
  });

  it('parses a 10k-term IN list', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => `item-${i}`);
    const expr = parseCql2Text(`id IN (${values.map((v) => `'${v}'`).join(', ')})`);
    expect(expr).toEqual({ op: 'in', args: [p('id'), values] });
  });

  it('parses a 10k-term AND chain into one flat node', () => {
    const expr = parseCql2Text(Array.from({ length: 10_000 }, (_, i) => `a = ${i}`).join(' AND '));
    expect(typeof expr === 'object' && expr.op === 'and' ? expr.args.length : 0).toBe(10_000);
  });
});

/*
 * Pairs of the same filter in CQL2 text and CQL2 JSON, most of them from the examples of the CQL2 standard
 * (OGC 21-065). The JSON is written in the parsers' canonical form, so it is also the expected AST.
 */
const polygonA = [
  [
    [-10, -10],
    [10, -10],
    [10, 10],
    [-10, -10],
  ],
];
const PARITY: readonly (readonly [string, unknown])[] = [
  ["landsat:scene_id = 'LC82030282019133LGN00'", eq(p('landsat:scene_id'), 'LC82030282019133LGN00')],
  [
    '    eo:cloud_cover >= 0.1\nAND eo:cloud_cover <= 0.2\nAND landsat:wrs_row=28\nAND landsat:wrs_path=203\n',
    {
      op: 'and',
      args: [
        { op: '>=', args: [p('eo:cloud_cover'), 0.1] },
        { op: '<=', args: [p('eo:cloud_cover'), 0.2] },
        eq(p('landsat:wrs_row'), 28),
        eq(p('landsat:wrs_path'), 203),
      ],
    },
  ],
  ['ro:cloud_cover=0.1 OR ro:cloud_cover=0.2', { op: 'or', args: [eq(p('ro:cloud_cover'), 0.1), eq(p('ro:cloud_cover'), 0.2)] }],
  ['floors>5', { op: '>', args: [p('floors'), 5] }],
  ["owner LIKE 'Mike%'", { op: 'like', args: [p('owner'), 'Mike%'] }],
  ['floors>5 AND swimming_pool=true', { op: 'and', args: [{ op: '>', args: [p('floors'), 5] }, eq(p('swimming_pool'), true)] }],
  [
    "(floors>5 AND material='brick') OR swimming_pool=true",
    {
      op: 'or',
      args: [{ op: 'and', args: [{ op: '>', args: [p('floors'), 5] }, eq(p('material'), 'brick')] }, eq(p('swimming_pool'), true)],
    },
  ],
  [
    'NOT (floors<5) OR swimming_pool=true',
    { op: 'or', args: [{ op: 'not', args: [{ op: '<', args: [p('floors'), 5] }] }, eq(p('swimming_pool'), true)] },
  ],
  [
    "(owner LIKE 'mike%' OR owner LIKE 'Mike%') AND floors<4",
    {
      op: 'and',
      args: [
        { op: 'or', args: [{ op: 'like', args: [p('owner'), 'mike%'] }, { op: 'like', args: [p('owner'), 'Mike%'] }] },
        { op: '<', args: [p('floors'), 4] },
      ],
    },
  ],
  ["T_BEFORE(built, DATE('2015-01-01'))", { op: 't_before', args: [p('built'), { date: '2015-01-01' }] }],
  [
    "T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z'))",
    {
      op: 't_during',
      args: [{ interval: [p('starts_at'), p('ends_at')] }, { interval: ['2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z'] }],
    },
  ],
  [
    'S_INTERSECTS(geometry,POLYGON((-10.0 -10.0,10.0 -10.0,10.0 10.0,-10.0 -10.0)))',
    { op: 's_intersects', args: [p('geometry'), { type: 'Polygon', coordinates: polygonA }] },
  ],
  [
    "CASEI(road_class) IN (CASEI('Οδος'),CASEI('Straße'))",
    {
      op: 'in',
      args: [
        { op: 'casei', args: [p('road_class')] },
        [
          { op: 'casei', args: ['Οδος'] },
          { op: 'casei', args: ['Straße'] },
        ],
      ],
    },
  ],
  ['"id" <> \'fa7e1920-9107-422d-a3db-c468cbc5d6df\'', { op: '<>', args: [p('id'), 'fa7e1920-9107-422d-a3db-c468cbc5d6df'] }],
  ['NOT "name" LIKE \'foo%\'', { op: 'not', args: [{ op: 'like', args: [p('name'), 'foo%'] }] }],
  ['NOT "value" BETWEEN 10 AND 20', { op: 'not', args: [{ op: 'between', args: [p('value'), 10, 20] }] }],
  ["NOT \"value\" IN ('a', 'b', 'c')", { op: 'not', args: [{ op: 'in', args: [p('value'), ['a', 'b', 'c']] }] }],
  ['"value" IS NULL', { op: 'isNull', args: [p('value')] }],
  ['"value" IS NOT NULL', { op: 'not', args: [{ op: 'isNull', args: [p('value')] }] }],
  [
    '(NOT "name" LIKE \'foo%\' AND "value" > 10)',
    { op: 'and', args: [{ op: 'not', args: [{ op: 'like', args: [p('name'), 'foo%'] }] }, { op: '>', args: [p('value'), 10] }] },
  ],
  [
    'S_INTERSECTS("geometry", BBOX(-128.098193, -1.1, -99999.0, 180.0, 90.0, 100000.0))',
    { op: 's_intersects', args: [p('geometry'), { bbox: [-128.098193, -1.1, -99999, 180, 90, 100000] }] },
  ],
  [
    'S_DISJOINT("geometry", MULTIPOLYGON (((144.022387 45.176126, -1.1 0.0, 180.0 47.808086, 144.022387 45.176126))))',
    {
      op: 's_disjoint',
      args: [
        p('geometry'),
        {
          type: 'MultiPolygon',
          coordinates: [[[[144.022387, 45.176126], [-1.1, 0], [180, 47.808086], [144.022387, 45.176126]]]],
        },
      ],
    },
  ],
  [
    'S_TOUCHES("geometry", MULTILINESTRING ((-1.9 -0.99999, 75.292574 1.5, -0.5 -4.016458), (-1.9 -1.1, 1.5 8.547371)))',
    {
      op: 's_touches',
      args: [
        p('geometry'),
        {
          type: 'MultiLineString',
          coordinates: [
            [[-1.9, -0.99999], [75.292574, 1.5], [-0.5, -4.016458]],
            [[-1.9, -1.1], [1.5, 8.547371]],
          ],
        },
      ],
    },
  ],
  [
    'S_WITHIN(POLYGON Z ((-49.88024 0.5 -75993.341684, -1.5 -0.99999 -100000.0, 0.0 0.5 -0.333333, -49.88024 0.5 -75993.341684)), "geometry")',
    {
      op: 's_within',
      args: [
        {
          type: 'Polygon',
          coordinates: [[[-49.88024, 0.5, -75993.341684], [-1.5, -0.99999, -100000], [0, 0.5, -0.333333], [-49.88024, 0.5, -75993.341684]]],
        },
        p('geometry'),
      ],
    },
  ],
  [
    'S_OVERLAPS("geometry", BBOX(-179.912109, 1.9, 180.0, 16.897016))',
    { op: 's_overlaps', args: [p('geometry'), { bbox: [-179.912109, 1.9, 180, 16.897016] }] },
  ],
  [
    'S_CROSSES("geometry", LINESTRING (172.03086 1.5, 1.1 -90.0, -159.757695 0.99999))',
    { op: 's_crosses', args: [p('geometry'), { type: 'LineString', coordinates: [[172.03086, 1.5], [1.1, -90], [-159.757695, 0.99999]] }] },
  ],
  [
    'S_CONTAINS("geometry", POINT (-3.508362 -1.754181))',
    { op: 's_contains', args: [p('geometry'), { type: 'Point', coordinates: [-3.508362, -1.754181] }] },
  ],
  [
    'S_EQUALS(MULTIPOINT ((180.0 -0.5), (179.0 -47.121701), (180.0 -0.25)), "geometry")',
    { op: 's_equals', args: [{ type: 'MultiPoint', coordinates: [[180, -0.5], [179, -47.121701], [180, -0.25]] }, p('geometry')] },
  ],
  [
    'S_EQUALS(GEOMETRYCOLLECTION (POINT (1.9 2.00001), MULTILINESTRING ((-2.00001 -0.75, -77.292642 -0.5)), LINESTRING (179.0 1.179148, 0.5 0.333333)), "geometry")',
    {
      op: 's_equals',
      args: [
        {
          type: 'GeometryCollection',
          geometries: [
            { type: 'Point', coordinates: [1.9, 2.00001] },
            { type: 'MultiLineString', coordinates: [[[-2.00001, -0.75], [-77.292642, -0.5]]] },
            { type: 'LineString', coordinates: [[179, 1.179148], [0.5, 0.333333]] },
          ],
        },
        p('geometry'),
      ],
    },
  ],
  ['T_AFTER("updated_at", DATE(\'2010-02-10\'))', { op: 't_after', args: [p('updated_at'), { date: '2010-02-10' }] }],
  [
    "T_CONTAINS(INTERVAL('2000-01-01T00:00:00.000000Z', '2005-01-10T01:01:01.393216Z'), INTERVAL(starts_at, ends_at))",
    {
      op: 't_contains',
      args: [{ interval: ['2000-01-01T00:00:00Z', '2005-01-10T01:01:01.393216Z'] }, { interval: [p('starts_at'), p('ends_at')] }],
    },
  ],
  [
    "T_FINISHEDBY(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'))",
    {
      op: 't_finishedBy',
      args: [{ interval: [p('starts_at'), p('ends_at')] }, { interval: ['1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'] }],
    },
  ],
  [
    "T_STARTS(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '..'))",
    { op: 't_starts', args: [{ interval: [p('starts_at'), p('ends_at')] }, { interval: ['1991-10-07T08:21:06.393262Z', '..'] }] },
  ],
  [
    "T_METBY(INTERVAL(starts_at, ends_at), INTERVAL('2010-02-10T05:29:20.073225Z', '2010-10-07T00:00:00Z'))",
    {
      op: 't_metBy',
      args: [{ interval: [p('starts_at'), p('ends_at')] }, { interval: ['2010-02-10T05:29:20.073225Z', '2010-10-07T00:00:00Z'] }],
    },
  ],
  [
    'ACCENTI("owner") = ACCENTI(\'Beyoncé\')',
    eq({ op: 'accenti', args: [p('owner')] }, { op: 'accenti', args: ['Beyoncé'] }),
  ],
  ['"name" LIKE CASEI(\'FOO%\')', { op: 'like', args: [p('name'), { op: 'casei', args: ['FOO%'] }] }],
  ['"value" > ("foo" + 10)', { op: '>', args: [p('value'), { op: '+', args: [p('foo'), 10] }] }],
  ['"value" = (2 / "foo")', eq(p('value'), { op: '/', args: [2, p('foo')] })],
  ['0 = ("foo" % 2)', eq(0, { op: '%', args: [p('foo'), 2] })],
  ['"value" div 2 = 5', eq({ op: 'div', args: [p('value'), 2] }, 5)],
  [
    '"value" = ((((-1 * "foo") * 2.0) + ("bar" / 6.1234)) - ("x" ^ 2.0))',
    eq(p('value'), {
      op: '-',
      args: [
        { op: '+', args: [{ op: '*', args: [{ op: '*', args: [-1, p('foo')] }, 2] }, { op: '/', args: [p('bar'), 6.1234] }] },
        { op: '^', args: [p('x'), 2] },
      ],
    }),
  ],
  ["A_CONTAINS(\"values\", ('a', 'b', 'c'))", { op: 'a_contains', args: [p('values'), ['a', 'b', 'c']] }],
  ["A_EQUALS(('a', TRUE, 1.0, 8), \"values\")", { op: 'a_equals', args: [['a', true, 1, 8], p('values')] }],
  [
    "A_CONTAINEDBY(cmip6:variable_id, ('tas', 'pr', \"other\"))",
    { op: 'a_containedBy', args: [p('cmip6:variable_id'), ['tas', 'pr', p('other')]] },
  ],
  [
    "collection = 'CMIP6' AND cmip6:experiment_id IN ('historical', 'ssp585') AND T_INTERSECTS(datetime, INTERVAL('2000-01-01T00:00:00Z', '2010-12-31T23:59:59Z'))",
    {
      op: 'and',
      args: [
        eq(p('collection'), 'CMIP6'),
        { op: 'in', args: [p('cmip6:experiment_id'), ['historical', 'ssp585']] },
        { op: 't_intersects', args: [p('datetime'), { interval: ['2000-01-01T00:00:00Z', '2010-12-31T23:59:59Z'] }] },
      ],
    },
  ],
  [
    'S_INTERSECTS(geometry, BBOX(-10, 40, 5, 55)) AND eo:cloud_cover BETWEEN 0 AND 20',
    {
      op: 'and',
      args: [
        { op: 's_intersects', args: [p('geometry'), { bbox: [-10, 40, 5, 55] }] },
        { op: 'between', args: [p('eo:cloud_cover'), 0, 20] },
      ],
    },
  ],
  ['TRUE', true],
];

describe('parseCql2Text: text and JSON parity', () => {
  it.each(PARITY)('%s', (text, json) => {
    expect(parseCql2Json(json)).toEqual(json);
    expect(parseCql2Text(text)).toEqual(parseCql2Json(json));
  });

  it('gives the same AST for the JSON form sent as a string', () => {
    for (const [text, json] of PARITY) expect(parseCql2Json(JSON.stringify(json))).toEqual(parseCql2Text(text));
  });
});

describe('CQL 1 distance predicates', () => {
  it('reads DWITHIN and BEYOND only when asked (CSW), the distance in metres', () => {
    expect(() => parseCql2Text('DWITHIN(geometry, POINT(0 0), 1, meters)')).toThrow('unknown function');
    expect(parseCql2Text("BEYOND(geometry, POINT(0 0), 2, 'km')", { distanceOperators: true })).toEqual({
      op: 's_beyond',
      args: [{ property: 'geometry' }, { type: 'Point', coordinates: [0, 0] }, 2000],
    });
    expect(() => parseCql2Text('DWITHIN(geometry, POINT(0 0), 1)', { distanceOperators: true })).toThrow();
  });
});
