import { describe, expect, it } from 'vitest';
import { CrosswalkError } from '../../../../crosswalks/crosswalk.js';
import { fromCdl } from '../../../../crosswalks/netcdf/fromCdl.js';
import { fromDap2 } from '../../../../crosswalks/netcdf/fromDap2.js';
import { fromNcml } from '../../../../crosswalks/netcdf/fromNcml.js';
import type { DatasetHeader, NetcdfVariable } from '../../../../src/netcdf/datasetHeader.js';
import { readShared } from '../../../support/shared.js';

function variable(header: DatasetHeader, name: string): NetcdfVariable {
  const found = header.variables.find((v) => v.name === name);
  if (!found) throw new Error(`no variable ${name}`);
  return found;
}

function attributes(v: NetcdfVariable): Record<string, unknown> {
  return Object.fromEntries(v.attributes.map((a) => [a.name, { type: a.type, value: a.value }]));
}

describe('fromCdl', () => {
  it('reads the dimensions, variables and typed attributes of a CMIP6 ncdump header', () => {
    const header = fromCdl(readShared('fixtures/netcdf/cmip6_CESM2-WACCM_ta_Amon_header.cdl'));
    expect(header.name).toBe('ta_Amon_CESM2-WACCM_historical_r1i1p1f1_gn_185001-201412');
    expect(header.dimensions).toEqual([
      { name: 'lat', size: 192, unlimited: false },
      { name: 'plev', size: 19, unlimited: false },
      { name: 'nbnd', size: 2, unlimited: false },
      { name: 'lon', size: 288, unlimited: false },
      { name: 'time', size: 1980, unlimited: true },
    ]);
    expect(header.variables.map((v) => `${v.type} ${v.name}(${v.dimensions.join(',')})`)).toEqual([
      'float ta(time,plev,lat,lon)', 'double lat(lat)', 'double lon(lon)', 'double plev(plev)', 'double time(time)',
      'double time_bnds(time,nbnd)', 'float lat_bnds(lat,nbnd)', 'float lon_bnds(lon,nbnd)',
    ]);
    const ta = attributes(variable(header, 'ta'));
    expect(ta._FillValue).toEqual({ type: 'float', value: [Math.fround(1e20)] });
    expect(ta.missing_value).toEqual({ type: 'double', value: [1e20] });
    expect(ta.units).toEqual({ type: 'char', value: 'K' });
    const globals = Object.fromEntries(header.attributes.map((a) => [a.name, { type: a.type, value: a.value }]));
    // `1LL` is a 64-bit integer: kept as a bigint.
    expect(globals.forcing_index).toEqual({ type: 'int64', value: [1n] });
    expect(globals.branch_time_in_parent).toEqual({ type: 'double', value: [20075] });
    expect(header.attributes).toHaveLength(45);
  });

  it('joins the strings of a multi-line char attribute and decodes escapes', () => {
    const header = fromCdl(readShared('fixtures/netcdf/cmip6_MPI-ESM1-2-HR_ua_Amon_header.cdl'));
    const source = header.attributes.find((a) => a.name === 'source');
    expect(source?.type).toBe('char');
    expect(source?.value).toMatch(/^MPI-ESM1\.2-HR \(2017\): \naerosol: none, prescribed MACv2-SP\natmos: ECHAM6\.3/);
    expect(String(source?.value).split('\n')).toHaveLength(9);
    expect(header.dimensions[0]).toEqual({ name: 'time', size: 60, unlimited: true });
  });

  it('reads every value suffix and escaped names', () => {
    const header = fromCdl(`netcdf \\3mf07 {
dimensions:
  t = UNLIMITED ; // (0 currently)
  x = 2, y = 3 ;
variables:
  int v(x, y) ;
    v:b = -128b ; v:s = 32767s ; v:i = 1L, 2 ; v:ll = -9223372036854775808LL ;
    v:ub = 255UB ; v:us = 65535US ; v:u = 4294967295U ; v:ul = 1UL ; v:ull = 18446744073709551615ULL ;
    v:f = 1.e+20f, NaNf ; v:d = 2.5d ; v:dbl = 1., -Infinity ; v:c = "a\\tb\\"c" ;
  string s ;
    string s:list = "one", "two" ;
    int64 s:big = 3 ;

// global attributes:
    :empty = "" ;
    string :names = "x" ;
data:
 v = 1, 2, 3, 4, 5, 6 ;
}`);
    expect(header.name).toBe('3mf07');
    expect(header.dimensions).toEqual([
      { name: 't', size: 0, unlimited: true },
      { name: 'x', size: 2, unlimited: false },
      { name: 'y', size: 3, unlimited: false },
    ]);
    expect(attributes(variable(header, 'v'))).toEqual({
      b: { type: 'byte', value: [-128] },
      s: { type: 'short', value: [32767] },
      i: { type: 'int', value: [1, 2] },
      ll: { type: 'int64', value: [-9223372036854775808n] },
      ub: { type: 'ubyte', value: [255] },
      us: { type: 'ushort', value: [65535] },
      u: { type: 'uint', value: [4294967295] },
      ul: { type: 'uint', value: [1] },
      ull: { type: 'uint64', value: [18446744073709551615n] },
      f: { type: 'float', value: [Math.fround(1e20), Number.NaN] },
      d: { type: 'double', value: [2.5] },
      dbl: { type: 'double', value: [1, -Infinity] },
      c: { type: 'char', value: 'a\tb"c' },
    });
    expect(attributes(variable(header, 's'))).toEqual({ list: { type: 'string', value: ['one', 'two'] }, big: { type: 'int64', value: [3n] } });
    expect(header.attributes).toEqual([
      { name: 'empty', type: 'char', value: '' },
      { name: 'names', type: 'string', value: ['x'] },
    ]);
  });

  it('reads NetCDF-4 groups', () => {
    const header = fromCdl('netcdf g {\ndimensions:\n x = 1 ;\ngroup: inner {\n  variables:\n    float v(x) ;\n      v:units = "m" ;\n  group: deeper {\n  }\n}\n}');
    expect(header.groups).toEqual([
      {
        name: 'inner', dimensions: [], attributes: [],
        variables: [{ name: 'v', type: 'float', dimensions: ['x'], attributes: [{ name: 'units', type: 'char', value: 'm' }] }],
        groups: [{ name: 'deeper', dimensions: [], variables: [], attributes: [], groups: [] }],
      },
    ]);
  });

  it('refuses malformed CDL with a CrosswalkError naming the line', () => {
    const bad = [
      ['', /unexpected end/],
      ['netcdf x {', /ends before/],
      ['netcdf x {\ndimensions:\n  a = -1 ;\n}', /line 3: "-1" is not a dimension length/],
      ['netcdf x {\nvariables:\n  int v ;\n  v:a = 300b ;\n}', /300 is not a byte value/],
      ['netcdf x {\nvariables:\n  w:a = 1 ;\n}', /undeclared variable "w"/],
      ['netcdf x {\nvariables:\n  int v ;\n  v:a = "s", 1 ;\n}', /mixes text and numbers/],
      ['netcdf x {\nvariables:\n  int v ;\n  v:a = "open ;\n}', /unterminated string/],
      ['netcdf x {\ntypes:\n  ubyte enum e {a = 1} ;\n}', /user-defined types/],
      ['netcdf x {\n} trailing', /after the end/],
      [`netcdf x {\n${'group: g {\n'.repeat(40)}${'}\n'.repeat(40)}}`, /nested deeper/],
    ] as const;
    for (const [text, message] of bad) {
      expect(() => fromCdl(text)).toThrow(CrosswalkError);
      expect(() => fromCdl(text)).toThrow(message);
    }
  });
});

describe('fromNcml', () => {
  it('reads a THREDDS NcML response with its ncISO groups', () => {
    const header = fromNcml(readShared('fixtures/thredds/ncml-service_pavics_prsn_CanESM5.xml'));
    // The location is withheld by the server, so the dataset has no name.
    expect(header.name).toBeUndefined();
    expect(header.dimensions).toEqual([
      { name: 'time', size: 7300, unlimited: false },
      { name: 'lat', size: 6, unlimited: false },
      { name: 'lon', size: 5, unlimited: false },
    ]);
    expect(header.variables.map((v) => `${v.type} ${v.name}(${v.dimensions.join(',')})`)).toEqual([
      'float prsn(time,lat,lon)', 'double time(time)', 'double lat(lat)', 'double lon(lon)',
    ]);
    const prsn = attributes(variable(header, 'prsn'));
    expect(prsn._FillValue).toEqual({ type: 'float', value: [Math.fround(1e20)] });
    expect(prsn._ChunkSizes).toEqual({ type: 'uint', value: [7300, 6, 5] });
    expect(attributes(variable(header, 'time'))._FillValue).toEqual({ type: 'double', value: [Number.NaN] });
    const globals = Object.fromEntries(header.attributes.map((a) => [a.name, a.value]));
    expect(globals.forcing_index).toEqual([1]);
    // `&#xA;` in the attribute value is a newline.
    expect(globals.history).toBe('2019-05-02T08:01:40Z ;rewrote data to be consistent with CMIP for variable prsn found in table day.;\nOutput from $runid');
    expect(header.groups.map((g) => [g.name, g.attributes.length])).toEqual([['CFMetadata', 13], ['NCISOMetadata', 2]]);
    expect(header.groups[0]?.attributes.find((a) => a.name === 'geospatial_lon_min')).toEqual({ name: 'geospatial_lon_min', type: 'float', value: [281.25] });
  });

  it('reads separators, unsigned and 64-bit types, structures and the dataset name from the location', () => {
    const header = fromNcml(`<netcdf xmlns="http://www.unidata.ucar.edu/namespaces/netcdf/ncml-2.2" location="file:/data/sst_2020.nc">
      <dimension name="t" length="3" isUnlimited="true"/>
      <attribute name="list" type="String" separator="|" value="a|b"/>
      <attribute name="ids" type="long" value="1 9007199254740993"/>
      <variable name="flags" shape="t" type="byte" isUnsigned="true"><attribute name="valid_max" type="byte" isUnsigned="true" value="255"/></variable>
      <variable name="obs" shape="t" type="Structure"><variable name="depth" shape="" type="float"/></variable>
    </netcdf>`);
    expect(header.name).toBe('sst_2020');
    expect(header.dimensions).toEqual([{ name: 't', size: 3, unlimited: true }]);
    expect(header.attributes).toEqual([
      { name: 'list', type: 'string', value: ['a', 'b'] },
      { name: 'ids', type: 'int64', value: [1n, 9007199254740993n] },
    ]);
    expect(header.variables).toEqual([
      { name: 'flags', type: 'ubyte', dimensions: ['t'], attributes: [{ name: 'valid_max', type: 'ubyte', value: [255] }] },
      { name: 'obs.depth', type: 'float', dimensions: ['t'], attributes: [] },
    ]);
  });

  it('refuses what is not NcML', () => {
    expect(() => fromNcml('<netcdf>')).toThrow(/NcML: malformed XML/);
    expect(() => fromNcml('<netcdf/>')).toThrow(/not an NcML netcdf element/);
    expect(() => fromNcml('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toThrow(CrosswalkError);
    const ns = 'xmlns="http://www.unidata.ucar.edu/namespaces/netcdf/ncml-2.2"';
    expect(() => fromNcml(`<netcdf ${ns}><variable name="v" type="complex"/></netcdf>`)).toThrow(/unknown type "complex"/);
    expect(() => fromNcml(`<netcdf ${ns}><attribute name="a" type="int" value="x"/></netcdf>`)).toThrow(/"x" is not a int value/);
    expect(() => fromNcml(`<netcdf ${ns}><dimension name="d" length="-2"/></netcdf>`)).toThrow(/length "-2"/);
  });
});

describe('fromDap2', () => {
  it('undoes the TDS encodings of unsigned and signed bytes in a DAS without DDS', () => {
    // Compare with the original file's header: ubyte test, _FillValue = 3UB, valid_range = 0UB, 255UB.
    const ubyte = fromDap2(readShared('fixtures/aeris/test_NC_UBYTE.nc.das'));
    const original = fromCdl(readShared('fixtures/aeris/test_NC_UBYTE.cdl'));
    expect(variable(ubyte, 'test').type).toBe('ubyte');
    expect(variable(ubyte, 'test').attributes).toEqual(variable(original, 'test').attributes);
    const byte = fromDap2(readShared('fixtures/aeris/test_NC_BYTE.nc.das'));
    expect(variable(byte, 'test').attributes).toEqual(variable(fromCdl(readShared('fixtures/aeris/test_NC_BYTE.cdl')), 'test').attributes);
    expect(attributes(variable(fromDap2(readShared('fixtures/aeris/test_NC_BYTE_neg.nc.das')), 'test')).valid_range).toEqual({ type: 'byte', value: [-128, 127] });
    expect(attributes(variable(fromDap2(readShared('fixtures/aeris/test_NC_UINT.nc.das')), 'test')).valid_range).toEqual({ type: 'uint', value: [0, 4294967295] });
    const ushort = variable(fromDap2(readShared('fixtures/aeris/test_NC_USHORT_flag.nc.das')), 'test');
    expect(ushort.type).toBe('ushort');
    expect(attributes(ushort)).toEqual({
      flag_values: { type: 'ushort', value: [0, 1, 2, 3, 65535] },
      flag_meanings: { type: 'char', value: 'a b c d e' },
      _FillValue: { type: 'ushort', value: [65535] },
    });
  });

  it('reads NaN and Infinity, and leaves the type unknown without DDS or _FillValue', () => {
    expect(attributes(variable(fromDap2(readShared('fixtures/aeris/test_NC_FLOAT.nc.das')), 'test'))).toEqual({
      _FillValue: { type: 'float', value: [Number.NaN] },
      valid_range: { type: 'float', value: [0, Infinity] },
    });
    const flags = variable(fromDap2(readShared('fixtures/aeris/test_NC_INT_flag.nc.das')), 'test');
    expect(flags.type).toBeUndefined();
    expect(attributes(flags).flag_values).toEqual({ type: 'int', value: [0, 1, 2, 3, 2147483647] });
  });

  it('reads a DAS with multi-valued strings as containers without a DDS', () => {
    const header = fromDap2(readShared('fixtures/thredds/opendap-das_Drifters.das'));
    expect(header.variables).toHaveLength(20);
    expect(attributes(variable(header, 'Facility')).PrincipleInvestigator).toEqual({ type: 'string', value: ['Mark Abbott', 'Ph.D'] });
    expect(attributes(variable(header, 'Ed_490')).Wavelength).toEqual({ type: 'float', value: [490] });
  });

  it('turns a DAP2 error document into a CrosswalkError with the server message', () => {
    expect(() => fromDap2(readShared('fixtures/aeris/test_NC_INT64.nc.das'))).toThrow(
      'the OPeNDAP server answered with an error (code 403) at line 1: NcDDS Variable data type = long',
    );
  });

  it('combines a DDS (arrays, grids, structures, sequences) with its DAS', () => {
    const header = fromDap2(`Dataset {
    Float32 lat[lat = 2];
    Grid {
     ARRAY:
        Byte sst[time = 1][lat = 2][lon = 3];
     MAPS:
        Int32 time[time = 1];
        Float32 lat[lat = 2];
        Float32 lon[lon = 3];
    } sst;
    Structure { Int32 a; String b[n = 4]; } s;
    Sequence { Float64 depth; } profile;
    Float64 anonymous[7];
} data%2Fsst.nc;
Attributes {
    NC_GLOBAL { String title "Q \\"R\\" \\\\ S"; Float64 geospatial_lat_min -10.5; }
    DODS_EXTRA { String Unlimited_Dimension "time"; }
    sst { String units "K"; Int16 _FillValue -1; String _Unsigned "true"; Int16 valid_max -2; }
    s { a { String units "m"; } }
    DODS { Int32 strlen 36; }
}`);
    expect(header.name).toBe('data/sst.nc');
    expect(header.dimensions).toEqual([
      { name: 'lat', size: 2, unlimited: false },
      { name: 'time', size: 1, unlimited: true },
      { name: 'lon', size: 3, unlimited: false },
      { name: 'n', size: 4, unlimited: false },
      { name: 'anonymous_0', size: 7, unlimited: false },
    ]);
    expect(header.variables.map((v) => `${v.type} ${v.name}(${v.dimensions.join(',')})`)).toEqual([
      'float lat(lat)', 'ubyte sst(time,lat,lon)', 'int time(time)', 'float lon(lon)', 'int s.a()', 'string s.b(n)',
      'double profile.depth()', 'double anonymous(anonymous_0)',
    ]);
    expect(attributes(variable(header, 'sst'))).toEqual({
      units: { type: 'char', value: 'K' },
      _FillValue: { type: 'ubyte', value: [255] },
      valid_max: { type: 'ubyte', value: [254] },
    });
    expect(attributes(variable(header, 's.a'))).toEqual({ units: { type: 'char', value: 'm' } });
    expect(header.attributes).toEqual([
      { name: 'title', type: 'char', value: 'Q "R" \\ S' },
      { name: 'geospatial_lat_min', type: 'double', value: [-10.5] },
      { name: 'DODS.strlen', type: 'int', value: [36] },
    ]);
  });

  it('refuses malformed DAP2 text with a CrosswalkError', () => {
    const bad = [
      ['', /empty/],
      ['Attributes {', /unexpected end/],
      ['Attributes { v { Int32 x 1.5; } }', /1.5 is not a int value/],
      ['Attributes { v { Byte x 300; } }', /300 is not a byte value/],
      ['Attributes { v { Complex x 1; } }', /unknown attribute type "Complex"/],
      ['Dataset { Foo x; } y;', /unknown DDS type "Foo"/],
      ['Dataset { Int32 x[d = 2]; Int32 y[d = 3]; } z;', /dimension "d" has the sizes 2 and 3/],
      ['Attributes { v { String s "open; } }', /unterminated string/],
      ['Hello { }', /expected "Dataset", "Attributes" or "Error"/],
      [`Attributes {${' a {'.repeat(40)}${' }'.repeat(40)} }`, /nested deeper/],
    ] as const;
    for (const [text, message] of bad) {
      expect(() => fromDap2(text)).toThrow(CrosswalkError);
      expect(() => fromDap2(text)).toThrow(message);
    }
  });
});

describe('untrusted input', () => {
  // A small deterministic generator: the same mutations on every run.
  function* mutations(text: string, count: number): Generator<string> {
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const noise = ['{', '}', '"', '\\', ';', ':', '=', ',', '(', ')', '[', ']', '\0', '\v', '//', 'UNLIMITED', '1e999', '-', '<', '&#x0;'];
    for (let k = 0; k < count; k += 1) {
      const at = next(text.length);
      yield k % 3 === 0 ? text.slice(0, at) : k % 3 === 1 ? `${text.slice(0, at)}${noise[next(noise.length)]}${text.slice(at)}` : `${text.slice(0, at)}${text.slice(at + 1 + next(20))}`;
    }
  }

  it.each([
    ['netcdf/ghrsst_abom_l3s_truncated.cdl', fromCdl],
    ['thredds/opendap-das_Drifters.das', fromDap2],
    ['thredds/ncml-service_pavics_snw_CanESM5.xml', fromNcml],
  ] as const)('damaged copies of %s parse or fail with a CrosswalkError', (fixture, build) => {
    for (const text of mutations(readShared('fixtures', fixture), 300)) {
      try {
        build(text);
      } catch (error) {
        expect(error).toBeInstanceOf(CrosswalkError);
      }
    }
  });
});
