import { describe, expect, it } from 'vitest';
import type { DatasetHeader, NetcdfVariable } from '../../../../src/netcdf/datasetHeader.js';
import { bindConstraint } from '../../../../src/protocols/opendap/dap2/bindConstraint.js';
import { buildDapModel } from '../../../../src/protocols/opendap/dap2/dapModel.js';
import { formatFloat32, formatFloat64 } from '../../../../src/protocols/opendap/dap2/dapText.js';
import { parseConstraint } from '../../../../src/protocols/opendap/dap2/parseConstraint.js';
import { renderDas } from '../../../../src/protocols/opendap/dap2/renderDas.js';
import { renderDds } from '../../../../src/protocols/opendap/dap2/renderDds.js';
import { DapError } from '../../../../src/protocols/opendap/errors.js';

const v = (name: string, type: NetcdfVariable['type'], dimensions: string[], attributes: NetcdfVariable['attributes'] = []): NetcdfVariable => ({
  name,
  ...(type === undefined ? {} : { type }),
  dimensions,
  attributes,
});

const header: DatasetHeader = {
  dimensions: [
    { name: 'time', size: 4, unlimited: true },
    { name: 'lat', size: 3, unlimited: false },
    { name: 'bnds', size: 2, unlimited: false },
    { name: 'strlen', size: 8, unlimited: false },
  ],
  variables: [
    v('tas', 'float', ['time', 'lat'], [{ name: '_FillValue', type: 'float', value: [Math.fround(1e20)] }]),
    v('time', 'double', ['time'], [{ name: 'calendar', type: 'char', value: 'noleap' }]),
    v('lat', 'float', ['lat']),
    v('time_bnds', 'double', ['time', 'bnds']),
    v('mask', 'byte', ['lat'], [{ name: '_FillValue', type: 'byte', value: [-127] }]),
    v('ids', 'int64', ['lat']),
    v('label', 'char', ['lat', 'strlen'], [{ name: 'units', type: 'char', value: '\0' }]),
    v('code', 'char', []),
    v('level', 'short', []),
  ],
  attributes: [
    { name: 'title', type: 'char', value: 'say "hi" \\ bye' },
    { name: 'count', type: 'int64', value: [7n] },
    { name: 'big', type: 'int64', value: [5000000000n] },
  ],
  groups: [
    {
      name: 'sub',
      dimensions: [{ name: 'n', size: 2, unlimited: false }],
      variables: [v('n', 'int', ['n']), v('u', 'ubyte', ['n'], [{ name: 'valid_max', type: 'ubyte', value: [200] }]), v('w', 'float', ['lat'])],
      attributes: [{ name: 'source', type: 'string', value: ['a', 'b'] }],
      groups: [],
    },
  ],
};

const model = buildDapModel(header);
const dds = (ce: string): string => renderDds('x.nc', bindConstraint(model, parseConstraint(ce)));

function bindError(ce: string): DapError {
  try {
    bindConstraint(model, parseConstraint(ce));
  } catch (error) {
    if (error instanceof DapError) return error;
    throw error;
  }
  throw new Error(`"${ce}" was accepted`);
}

describe('NetCDF to DAP2 mapping', () => {
  it('makes Grids of variables whose dimensions all have coordinate variables, Arrays of the others', () => {
    expect(model.variables.map((x) => [x.name, x.kind])).toEqual([
      ['tas', 'grid'],
      ['time', 'array'],
      ['lat', 'array'],
      ['time_bnds', 'array'],
      ['mask', 'grid'],
      ['label', 'array'],
      ['code', 'array'],
      ['level', 'array'],
      ['sub/n', 'array'],
      ['sub/u', 'grid'],
      ['sub/w', 'grid'],
    ]);
  });

  it('leaves 64-bit integer variables out and serves char arrays as Strings', () => {
    expect(model.omitted).toEqual(['ids']);
    expect(dds('')).toBe(`Dataset {
    Grid {
      ARRAY:
        Float32 tas[time = 4][lat = 3];
      MAPS:
        Float64 time[time = 4];
        Float32 lat[lat = 3];
    } tas;
    Float64 time[time = 4];
    Float32 lat[lat = 3];
    Float64 time_bnds[time = 4][bnds = 2];
    Grid {
      ARRAY:
        Byte mask[lat = 3];
      MAPS:
        Float32 lat[lat = 3];
    } mask;
    String label[lat = 3];
    String code;
    Int16 level;
    Int32 sub/n[sub/n = 2];
    Grid {
      ARRAY:
        Byte sub/u[sub/n = 2];
      MAPS:
        Int32 sub/n[sub/n = 2];
    } sub/u;
    Grid {
      ARRAY:
        Float32 sub/w[lat = 3];
      MAPS:
        Float32 lat[lat = 3];
    } sub/w;
} x.nc;
`);
  });

  it('writes the DAS as THREDDS does: _Unsigned on bytes, narrowed 64-bit attributes, NC_GLOBAL, DODS_EXTRA', () => {
    const das = renderDas(model);
    expect(das).toContain('    tas {\n        Float32 _FillValue 1e+20;\n    }\n');
    expect(das).toContain('    mask {\n        Int16 _FillValue -127;\n        String _Unsigned "false";\n    }\n');
    expect(das).toContain('    sub/u {\n        Byte valid_max 200;\n        String _Unsigned "true";\n    }\n');
    expect(das).toContain('    label {\n        String units "";\n    }\n');
    expect(das).toContain(
      '    NC_GLOBAL {\n        String title "say \\"hi\\" \\\\ bye";\n        Int32 count 7;\n        Float64 big 5000000000;\n        String DAP2_omitted_variables "ids";\n    }\n',
    );
    expect(das).toContain('    sub {\n        String source "a", "b";\n    }\n');
    expect(das.endsWith('    DODS_EXTRA {\n        String Unlimited_Dimension "time";\n    }\n}\n')).toBe(true);
  });

  it('answers a constraint in declaration order, whatever the order asked', () => {
    expect(dds('label[1:2],tas.lat,time[0:2:3]')).toBe(`Dataset {
    Structure {
        Float32 lat[lat = 3];
    } tas;
    Float64 time[time = 2];
    String label[lat = 2];
} x.nc;
`);
  });

  it('subsets the maps of a whole Grid with its array', () => {
    const [grid] = bindConstraint(model, parseConstraint('tas[1:2:3][2]'));
    expect(grid).toMatchObject({
      kind: 'grid',
      array: { slab: [{ start: 1, count: 2, stride: 2 }, { start: 2, count: 1, stride: 1 }] },
      maps: [{ slab: [{ start: 1, count: 2, stride: 2 }] }, { slab: [{ start: 2, count: 1, stride: 1 }] }],
    });
  });

  it('fills missing brackets with whole dimensions and clamps a stop past the end', () => {
    const [s] = bindConstraint(model, parseConstraint('tas[1:1:1000]'));
    expect(s).toMatchObject({ kind: 'grid', array: { slab: [{ start: 1, count: 3, stride: 1 }, { start: 0, count: 3, stride: 1 }] } });
  });

  it('accepts a component asked for besides its whole Grid when they agree', () => {
    expect(bindConstraint(model, parseConstraint('tas[0][1],tas.time[0],tas.tas[0][1]'))).toHaveLength(1);
    expect(bindError('tas[0][1],tas.time[1]').message).toMatch(/projected twice with different hyperslabs/);
  });

  it.each([
    ['tas[5]', 400, /start 5 is past the end/],
    ['tas[2:1]', 400, /stop 1 is before start 2/],
    ['tas[0:0:3]', 400, /stride 0/],
    ['tas[0][0][0]', 400, /has 2 dimensions, not 3/],
    ['level[0]', 400, /has 0 dimensions, not 1/],
    ['lat[0],lat[1]', 400, /projected twice/],
    ['nosuch', 404, /No such variable: nosuch/],
    ['ids', 404, /No such variable: ids/],
    ['lat.lat', 404, /not a Grid/],
    ['tas.nosuch', 404, /No such variable/],
    ['tas[0].time', 400, /index the components/],
    ['a.b.c', 404, /No such variable/],
  ])('refuses %s with %i', (ce, status, message) => {
    const error = bindError(ce);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
  });
});

describe('DAP2 number text', () => {
  it('writes float32 values with the shortest decimal that reads back the same', () => {
    expect(formatFloat32(Math.fround(1e20))).toBe('1e+20');
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(-9999.9))).toBe('-9999.9');
    expect(formatFloat32(90)).toBe('90');
    expect(formatFloat32(NaN)).toBe('NaN');
    expect(formatFloat32(-Infinity)).toBe('-Infinity');
    expect(formatFloat32(-0)).toBe('-0.0');
  });

  it('writes float64 values in full', () => {
    expect(formatFloat64(0.1)).toBe('0.1');
    expect(formatFloat64(1e300)).toBe('1e+300');
    expect(formatFloat64(-0)).toBe('-0.0');
  });
});
