import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { render } from '../../../../src/db/sql.js';
import { compileFilter, SQL_FILTER_OPERATORS } from '../../../../src/search/backends/sql/filter.js';
import { resolveProperty } from '../../../../src/search/backends/sql/properties.js';
import { TEMPORAL_OPS, type Cql2Expr, type Operand } from '../../../../src/search/cql2/ast.js';

const compile = (expr: Cql2Expr, target: 'items' | 'collections' = 'items') => render(compileFilter(expr, target));

/** The JSON member `name` of an item, as a typed value: what a comparison with a literal of that type reads. */
const member = (n: number, type: string, cast: string): string =>
  `(CASE WHEN jsonb_typeof((r.props -> $${n}::text)) = '${type}' THEN ${cast.replace('X', `(r.props -> $${n + 1}::text)`)} END)`;
const numberMember = (n: number) => member(n, 'number', '(X)::numeric');
const stringMember = (n: number) => member(n, 'string', "X #>> '{}'");

function compileError(expr: unknown): MeridianError {
  try {
    compileFilter(expr as Cql2Expr, 'items');
  } catch (error) {
    if (error instanceof MeridianError) return error;
    throw error;
  }
  throw new Error('the filter compiled');
}

describe('compileFilter', () => {
  it('combines conditions with and, or, not and boolean literals', () => {
    expect(
      compile({ op: 'and', args: [true, { op: 'or', args: [false, { op: 'not', args: [{ op: '=', args: [{ property: 'id' }, 'a'] }] }] }] }),
    ).toEqual({ text: '(TRUE AND (FALSE OR NOT (r.id = $1::text)))', values: ['a'] });
  });

  it('answers = on an item property with a containment the properties index serves', () => {
    expect(compile({ op: '=', args: [{ property: 'cmip6:source_id' }, 'CESM2'] })).toEqual({
      text: "(r.props @> $1::jsonb)",
      values: ['{"cmip6:source_id":"CESM2"}'],
    });
  });

  it('compares a document member only when it has the type of the literal', () => {
    expect(compile({ op: '<', args: [{ property: 'eo:cloud_cover' }, 10] })).toEqual({
      text: `${numberMember(1)} < $3::numeric`,
      values: ['eo:cloud_cover', 'eo:cloud_cover', 10],
    });
  });

  it('keeps = under not a typed comparison, so that missing members stay unknown', () => {
    expect(compile({ op: 'not', args: [{ op: '=', args: [{ property: 'properties.platform' }, 'S2A'] }] })).toEqual({
      text: `NOT (${stringMember(1)} = $3::text)`,
      values: ['platform', 'platform', 'S2A'],
    });
  });

  it('orders strings by code point', () => {
    expect(compile({ op: '>=', args: [{ property: 'collection' }, 'b'] })).toEqual({
      text: 'r.collection_id COLLATE "C" >= $1::text',
      values: ['b'],
    });
  });

  it('compares datetime as the record interval, and a date as the whole UTC day', () => {
    expect(compile({ op: '=', args: [{ property: 'datetime' }, { date: '2020-01-15' }] })).toEqual({
      text: '(r.dt_start >= $1::timestamptz AND r.dt_end <= $2::timestamptz)',
      values: ['2020-01-15T00:00:00Z', '2020-01-15T23:59:59.999999Z'],
    });
    expect(compile({ op: '<', args: [{ property: 'datetime' }, { timestamp: '2020-01-15T10:00:00Z' }] })).toEqual({
      text: 'r.dt_end < $1::timestamptz',
      values: ['2020-01-15T10:00:00Z'],
    });
  });

  it('compiles like with casei on both sides and the backslash escape', () => {
    expect(compile({ op: 'like', args: [{ op: 'casei', args: [{ property: 'title' }] }, { op: 'casei', args: ['%Ice\\_%'] }] })).toEqual({
      text: `lower(${stringMember(1)}) LIKE lower($3::text) ESCAPE '\\'`,
      values: ['title', 'title', '%Ice\\_%'],
    });
  });

  it('compiles accenti through meridian_unaccent', () => {
    expect(compile({ op: '=', args: [{ op: 'accenti', args: [{ property: 'id' }] }, { op: 'accenti', args: ['é'] }] })).toEqual({
      text: 'meridian_unaccent(r.id) = meridian_unaccent($1::text)',
      values: ['é'],
    });
  });

  it('compiles between as two inclusive comparisons', () => {
    expect(compile({ op: 'between', args: [{ property: 'gsd' }, 10, 20] })).toEqual({
      text: `(${numberMember(1)} >= $3::numeric AND ${numberMember(4)} <= $6::numeric)`,
      values: ['gsd', 'gsd', 10, 'gsd', 'gsd', 20],
    });
  });

  it('compiles in as containments on an item property and as IN elsewhere', () => {
    expect(compile({ op: 'in', args: [{ property: 'platform' }, ['a', 'b']] })).toEqual({
      text: "((r.props @> $1::jsonb) OR (r.props @> $2::jsonb))",
      values: ['{"platform":"a"}', '{"platform":"b"}'],
    });
    expect(compile({ op: 'in', args: [{ property: 'id' }, ['a', 'b']] })).toEqual({
      text: 'r.id IN ($1::text, $2::text)',
      values: ['a', 'b'],
    });
  });

  it('treats a JSON null and a missing member alike in isNull', () => {
    expect(compile({ op: 'isNull', args: [{ property: 'title' }] }, 'collections')).toEqual({
      text: "coalesce(jsonb_typeof((coalesce(r.doc, r.base) -> $1::text)), 'null') = 'null'",
      values: ['title'],
    });
  });

  it('makes division by zero unknown rather than an error', () => {
    expect(compile({ op: '>', args: [{ op: '/', args: [{ property: 'a' }, 0] }, 1] })).toEqual({
      text: `(${numberMember(1)} / NULLIF($3::numeric, 0)) > $4::numeric`,
      values: ['a', 'a', 0, 1],
    });
  });

  it('names the operands of ^ once, so that nested powers grow the SQL linearly', () => {
    let power: Operand = { property: 'a' };
    for (let i = 0; i < 30; i++) power = { op: '^', args: [power, 2] };
    const { text, values } = compile({ op: '>', args: [power, 1] });
    expect(text.length).toBeLessThan(12_000);
    expect(values).toHaveLength(2 + 30 + 1);
  });

  it('splits a bbox across the antimeridian, longitudes on 0..360 included', () => {
    expect(compile({ op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [170, -10, 190, 10] }] })).toEqual({
      text:
        'ST_Intersects(r.geom, ST_Collect(ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326), ' +
        'ST_MakeEnvelope($5::float8, $6::float8, $7::float8, $8::float8, 4326)))',
      values: [170, -10, 180, 10, -180, -10, -170, 10],
    });
  });

  it('passes a geometry literal as one GeoJSON parameter, without foreign members', () => {
    const point = { type: 'Point', coordinates: [1, 2], crs: { type: 'name' } } as unknown as Cql2Expr;
    expect(compile({ op: 's_within', args: [{ property: 'geometry' }, point] } as Cql2Expr)).toEqual({
      text: 'ST_Within(r.geom, ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326))',
      values: ['{"type":"Point","coordinates":[1,2]}'],
    });
  });

  it('compiles temporal operators on the record interval, dates to whole days, open ends to infinity', () => {
    expect(compile({ op: 't_overlaps', args: [{ property: 'datetime' }, { interval: ['2020-01-01', '..'] }] })).toEqual({
      text: "(r.dt_start < $1::timestamptz AND r.dt_end > $2::timestamptz AND r.dt_end < 'infinity'::timestamptz)",
      values: ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'],
    });
    expect(compile({ op: 't_finishedBy', args: [{ property: 'datetime' }, { date: '2020-01-01' }] })).toEqual({
      text: '(r.dt_start < $1::timestamptz AND r.dt_end = $2::timestamptz)',
      values: ['2020-01-01T00:00:00Z', '2020-01-01T23:59:59.999999Z'],
    });
  });

  it('compiles array operators to containment on items and to jsonb operators elsewhere', () => {
    expect(compile({ op: 'a_contains', args: [{ property: 'instruments' }, ['msi']] })).toEqual({
      text: "(r.props @> $1::jsonb)",
      values: ['{"instruments":["msi"]}'],
    });
    const keywords = "(CASE WHEN jsonb_typeof((coalesce(r.doc, r.base) -> $1::text)) = 'array' THEN (coalesce(r.doc, r.base) -> $2::text) END)";
    expect(compile({ op: 'a_containedBy', args: [{ property: 'keywords' }, ['a', 'b']] }, 'collections')).toEqual({
      text: `${keywords} <@ $3::jsonb`,
      values: ['keywords', 'keywords', '["a","b"]'],
    });
  });

  it('keeps a hostile property name and string value out of the SQL text', () => {
    const hostile = "x' OR 1=1); DROP TABLE records; --";
    const filters: Cql2Expr[] = [
      { op: '=', args: [{ property: hostile }, hostile] },
      { op: 'not', args: [{ op: '=', args: [{ property: hostile }, hostile] }] },
      { op: 'like', args: [{ property: hostile }, hostile] },
      { op: 'in', args: [{ property: hostile }, [hostile, 1]] },
      { op: 'a_overlaps', args: [{ property: hostile }, [hostile]] },
      { op: 't_after', args: [{ property: hostile }, { timestamp: '2020-01-01T00:00:00Z' }] },
    ];
    for (const target of ['items', 'collections'] as const) {
      for (const filter of filters) {
        const { text, values } = compile(filter, target);
        expect(text).not.toContain('DROP');
        expect(text).not.toContain('1=1');
        expect(values.some((v) => typeof v === 'string' && v.includes('DROP TABLE'))).toBe(true);
      }
    }
  });

  it('refuses operands of the wrong type with InvalidParameter', () => {
    const cases: [unknown, RegExp][] = [
      [{ op: 's_intersects', args: [{ property: 'geometry' }, 5] }, /s_intersects expects a geometry or bbox, not a number/],
      [{ op: '=', args: [{ property: 'id' }, 5] }, /= expects a string, not a number/],
      [{ op: 't_after', args: [{ property: 'id' }, { date: '2020-01-01' }] }, /t_after expects a date, timestamp or interval, not a string/],
      [{ op: '=', args: [{ property: 'a' }, null] }, /use isNull/],
      [{ op: 'like', args: [{ property: 'a' }, 'abc\\'] }, /lone escape character/],
      [{ op: 'like', args: [{ property: 'a' }, { property: 'b' }] }, /like needs a string pattern/],
      [{ op: '<', args: [{ property: 'datetime' }, { timestamp: '2020-01-01' }] }, /not an RFC 3339 timestamp/],
      [{ op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [0, 10, 1, 5] }] }, /south/],
      [
        { op: 's_intersects', args: [{ property: 'geometry' }, { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }] },
        /not closed/,
      ],
      [{ op: 'casei', args: ['a'] }, /casei is not a condition/],
      [{ op: '=', args: [{ op: 'and', args: [] }, 1] }, /and is not a value/],
    ];
    for (const [filter, message] of cases) {
      const error = compileError(filter);
      expect(error.code).toBe('InvalidParameter');
      expect(error.locator).toBe('filter');
      expect(error.message).toMatch(message);
    }
  });

  it('refuses an operator it does not know with UnsupportedOperation', () => {
    const error = compileError({ op: 's_buffer', args: [{ property: 'geometry' }, { bbox: [0, 0, 1, 1] }, 10] });
    expect(error.code).toBe('UnsupportedOperation');
    expect(error.message).toBe('filter: operator s_buffer is not supported');
  });

  it('lists every operator it compiles', () => {
    for (const op of ['and', 'or', 'not', '=', 'like', 'between', 'in', 'isNull', 'casei', 'accenti', 'div', '^']) {
      expect(SQL_FILTER_OPERATORS.has(op)).toBe(true);
    }
    for (const op of TEMPORAL_OPS) expect(SQL_FILTER_OPERATORS.has(op)).toBe(true);
    expect(SQL_FILTER_OPERATORS.size).toBe(3 + 6 + 4 + 8 + 15 + 4 + 2 + 3 + 7);
  });

  it('compiles a_some into EXISTS over the elements, the condition on the element\'s members', () => {
    const { text, values } = compile({ op: 'a_some', args: [{ property: 'providers' }, { op: '<>', args: [{ property: 'name' }, 'IPSL'] }] });
    expect(text).toBe(
      "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof((r.props -> $1::text)) WHEN 'array' THEN (r.props -> $2::text) " +
        "WHEN 'object' THEN jsonb_build_array((r.props -> $3::text)) END) AS e0(v) WHERE (CASE WHEN jsonb_typeof((e0.v -> $4::text)) = 'string' " +
        "THEN (e0.v -> $5::text) #>> '{}' END) <> $6::text)",
    );
    expect(values).toEqual(['providers', 'providers', 'providers', 'name', 'name', 'IPSL']);
  });

  it('compiles = on a member of item elements as containments the properties index answers', () => {
    const { text, values } = compile({ op: 'a_some', args: [{ property: 'providers' }, { op: '=', args: [{ property: 'name' }, 'IPSL'] }] });
    expect(text).toBe('((r.props @> $1::jsonb) OR (r.props @> $2::jsonb))');
    expect(values).toEqual(['{"providers":[{"name":"IPSL"}]}', '{"providers":{"name":"IPSL"}}']);
    // Collections have no properties index: EXISTS.
    expect(compile({ op: 'a_some', args: [{ property: 'providers' }, { op: '=', args: [{ property: 'name' }, 'IPSL'] }] }, 'collections').text).toMatch(/^EXISTS /);
  });

  it('reads array.member names as a_some, nested scopes with their own alias', () => {
    expect(compile({ op: 'like', args: [{ property: 'providers.name' }, 'IP%'] })).toEqual(
      compile({ op: 'a_some', args: [{ property: 'providers' }, { op: 'like', args: [{ property: 'name' }, 'IP%'] }] }),
    );
    const nested = compile({ op: 'a_some', args: [{ property: 'themes' }, { op: '=', args: [{ property: 'concepts.id' }, 'oceans'] }] });
    expect(nested.text).toContain('AS e1(v) WHERE');
    expect(nested.values).toEqual(['themes', 'themes', 'themes', 'concepts', 'concepts', 'concepts', 'id', 'id', 'oceans']);
    expect(compileError({ op: '=', args: [{ property: 'providers.name' }, { property: 'contacts.name' }] }).message).toContain('one array only');
  });

  it('reads an array.member name, outside filters, as every value of the member (term counts, sorts)', () => {
    const property = resolveProperty('properties.contacts.roles', 'items');
    if (property.kind !== 'json') throw new Error(`a ${property.kind} property`);
    expect(render(property.sql)).toEqual({
      text: 'jsonb_path_query_array(r.props, $1::jsonpath)',
      values: ['lax $."contacts"."roles"[*]'],
    });
    const nested = resolveProperty('themes.concepts.id', 'collections');
    expect(nested.kind === 'json' ? render(nested.sql).values : []).toEqual(['lax $."themes"."concepts"."id"[*]']);
  });

  it('compiles distances on the ellipsoid, in metres, narrowed by the geometry index', () => {
    const within = compile({ op: 's_dwithin', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [2, 48] }, 1000] });
    expect(within.text).toMatch(/^\(r\.geom && ST_Expand\(ST_SetSRID\(ST_GeomFromGeoJSON\(\$1::text\), 4326\), CASE WHEN .* END, \$\d+::float8\) AND /);
    expect(within.text).toMatch(/ AND ST_DWithin\(ST_Segmentize\(r\.geom, 1\)::geography, ST_Segmentize\(ST_SetSRID\(ST_GeomFromGeoJSON\(\$\d+::text\), 4326\), 1\)::geography, \$\d+::float8\)\)$/);
    expect(within.values.at(-1)).toBe(1000);
    // Beyond a quarter of the globe, no box.
    expect(compile({ op: 's_dwithin', args: [{ property: 'geometry' }, { bbox: [0, 0, 1, 1] }, 10_100_000] }).text).toMatch(/^ST_DWithin\(/);
    expect(compile({ op: 's_beyond', args: [{ property: 'geometry' }, { bbox: [0, 0, 1, 1] }, 5] }).text).toMatch(/^NOT ST_DWithin\(/);
    expect(compileError({ op: 's_dwithin', args: [{ property: 'geometry' }, { bbox: [0, 0, 1, 1] }, -1] }).code).toBe('InvalidParameter');
  });
});
