import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bindDap4Constraint } from '../../../../src/protocols/opendap/dap4/bindDap4Constraint.js';
import { buildDap4Model } from '../../../../src/protocols/opendap/dap4/dap4Model.js';
import { dapDataSize, encodeDap } from '../../../../src/protocols/opendap/dap4/encodeDap.js';
import { renderDmr } from '../../../../src/protocols/opendap/dap4/renderDmr.js';
import { DapError } from '../../../../src/protocols/opendap/errors.js';
import { seededRandom } from '../../netcdf/netcdf3/sampleFiles.js';
import { memoryDataset } from './memoryDataset.js';

const f32 = (values: number[]): Buffer => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeFloatBE(v, 4 * i));
  return b;
};

/** Float32 values as DAP4 sends them. */
const f32le = (values: number[]): Buffer => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeFloatLE(v, 4 * i));
  return b;
};

/** The CRC32 that follows a variable's values. */
const crcOf = (b: Buffer): Buffer => {
  const c = Buffer.alloc(4);
  c.writeUInt32LE(crc32(b));
  return c;
};

const dataset = memoryDataset(
  [
    { name: 'time', size: 3, unlimited: true },
    { name: 'x', size: 4, unlimited: false },
  ],
  {
    time: { type: 'float', dimensions: ['time'], values: f32([0, 1, 2]) },
    x: { type: 'float', dimensions: ['x'], values: f32([10, 20, 30, 40]) },
    v: { type: 'float', dimensions: ['time', 'x'], values: f32(Array.from({ length: 12 }, (_, i) => i)) },
    mask: { type: 'byte', dimensions: ['x'], values: Buffer.from([1, 0xff, 3, 4]) },
    names: { type: 'string', dimensions: ['time'], values: ['a', 'bcd', ''] },
  },
);
const model = buildDap4Model({
  ...dataset.header,
  variables: dataset.header.variables.map((v) => (v.name === 'v' ? { ...v, attributes: [{ name: 'note', type: 'char', value: 'a<b & "c" \\ d' }] } : v)),
});

/** The chunks of a `.dap` body: flags, payload. */
function chunks(body: Buffer): { flags: number; payload: Buffer }[] {
  const out: { flags: number; payload: Buffer }[] = [];
  for (let at = 0; at < body.length; ) {
    const word = body.readUInt32BE(at);
    const length = word & 0xffffff;
    out.push({ flags: word >>> 24, payload: body.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return out;
}

async function dap(ce: string | undefined, checksums = true): Promise<{ dmr: string; flags: number[]; data: Buffer }> {
  const selections = bindDap4Constraint(model, ce);
  const parts: Buffer[] = [];
  for await (const p of encodeDap(dataset, renderDmr('d.nc', model, selections), selections, { slabBytes: 8, checksums })) parts.push(p);
  const list = chunks(Buffer.concat(parts));
  return { dmr: list[0]!.payload.toString(), flags: list.map((c) => c.flags), data: Buffer.concat(list.slice(1).map((c) => c.payload)) };
}

describe('DAP4', () => {
  it('describes the dataset in a DMR with the unlimited dimension marked and Maps to coordinate variables', () => {
    const dmr = renderDmr('d.nc', model, bindDap4Constraint(model, undefined));
    expect(dmr).toContain('<Dimension name="time" size="3" _edu.ucar.isunlimited="1"/>');
    expect(dmr).toContain('<Float32 name="v">\n    <Dim name="/time"/>\n    <Dim name="/x"/>');
    expect(dmr).toContain('<Map name="/time"/>\n    <Map name="/x"/>\n  </Float32>');
    expect(dmr).toContain('<Int8 name="mask">');
    expect(dmr).toContain('<Value>a&lt;b &amp; "c" \\\\ d</Value>');
  });

  it('gives a constraint\'s narrowed dimensions anonymously, and Maps only to what is sent whole', () => {
    const dmr = renderDmr('d.nc', model, bindDap4Constraint(model, '/v[0:1:1][];time'));
    expect(dmr).toContain('<Float32 name="v">\n    <Dim size="2"/>\n    <Dim name="/x"/>');
    expect(dmr).not.toContain('<Map');
    expect(dmr).not.toContain('name="mask"');
  });

  it('narrows a shared dimension for every variable that does not index it, and declares it narrowed', async () => {
    const { dmr, data } = await dap('/time=[1:2];/v;/time');
    expect(dmr).toContain('<Dimension name="time" size="2" _edu.ucar.isunlimited="1"/>');
    expect(dmr).toContain('<Dimension name="x" size="4"/>');
    expect(dmr).toContain('<Float32 name="v">\n    <Dim name="/time"/>\n    <Dim name="/x"/>');
    // x is not sent: only time can be a Map.
    expect(dmr).toMatch(/<Map name="\/time"\/>\n {2}<\/Float32>/);
    const time = f32le([1, 2]);
    const v = f32le([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(data).toEqual(Buffer.concat([time, crcOf(time), v, crcOf(v)]));
  });

  it('gives a variable\'s own indices precedence over a dimension slice, as an anonymous dimension', () => {
    const selections = bindDap4Constraint(model, '/time=[0:2:2];/v[1][];/names');
    expect(selections.map((s) => [s.variable.name, s.slab.map((r) => [r.start, r.count, r.stride]), s.shared])).toEqual([
      ['v', [[1, 1, 1], [0, 4, 1]], [false, true]],
      ['names', [[0, 2, 2]], [true]],
    ]);
    const dmr = renderDmr('d.nc', model, selections);
    expect(dmr).toContain('<Dimension name="time" size="2" _edu.ucar.isunlimited="1"/>');
    expect(dmr).toContain('<Float32 name="v">\n    <Dim size="1"/>\n    <Dim name="/x"/>');
  });

  it('selects every variable when the constraint only slices dimensions', () => {
    const selections = bindDap4Constraint(model, '/x=[1:2]');
    expect(selections.map((s) => [s.variable.name, s.slab.map((r) => r.count)])).toEqual([
      ['time', [3]],
      ['x', [2]],
      ['v', [3, 2]],
      ['mask', [2]],
      ['names', [3]],
    ]);
  });

  it('names variables and dimensions of groups by their paths', () => {
    const variable = (name: string, type: 'int' | 'ubyte' | 'float', dimensions: string[]) => ({ name, type, dimensions, attributes: [] });
    const grouped = buildDap4Model({
      dimensions: [{ name: 'x', size: 3, unlimited: false }],
      variables: [variable('x', 'float', ['x'])],
      attributes: [],
      groups: [
        {
          name: 'sub',
          dimensions: [{ name: 'y', size: 2, unlimited: false }],
          variables: [variable('y', 'int', ['y']), variable('u', 'ubyte', ['y']), variable('w', 'float', ['x'])],
          attributes: [],
          groups: [],
        },
      ],
    });
    const selections = bindDap4Constraint(grouped, '/sub/y=[1];/sub/u;/sub/w[0:1]');
    expect(selections.map((s) => [s.variable.fqn, s.slab.map((r) => [r.start, r.count]), s.shared])).toEqual([
      ['/sub/u', [[1, 1]], [true]],
      ['/sub/w', [[0, 2]], [false]],
    ]);
    const dmr = renderDmr('g.nc', grouped, selections);
    expect(dmr).toContain('<Group name="sub">\n    <Dimension name="y" size="1"/>\n    <UInt8 name="u">\n      <Dim name="/sub/y"/>');
    expect(dmr).toContain('<Float32 name="w">\n      <Dim size="2"/>');
  });

  it('reads a constraint that netCDF-C 4.9 sent encoded three times', () => {
    const selections = bindDap4Constraint(model, '/v%25255b0:1:1%25255d;/x%25255b2:%25255d');
    expect(selections.map((s) => [s.variable.name, s.slab.map((r) => r.count)])).toEqual([
      ['x', [2]],
      ['v', [2, 4]],
    ]);
  });

  it('sends the DMR chunk, little-endian values in declaration order with a CRC32 each, and a last chunk', async () => {
    const { dmr, flags, data } = await dap('mask;/time[1:]');
    expect(dmr.endsWith('</Dataset>\n\r\n')).toBe(true);
    expect(flags[0]).toBe(0x04);
    expect(flags.at(-1)).toBe(0x05);
    const time = f32le([1, 2]);
    const mask = Buffer.from([1, 0xff, 3, 4]);
    expect(data).toEqual(Buffer.concat([time, crcOf(time), mask, crcOf(mask)]));
  });

  it('sends strings as an 8-byte length and their bytes, and no checksums when asked', async () => {
    const { flags, data } = await dap('/names', false);
    expect(flags.every((f) => (f & 0x08) === 0x08)).toBe(true);
    expect(data.toString('hex')).toBe('0100000000000000' + '61' + '0300000000000000' + '626364' + '0000000000000000');
    expect(await dapDataSize(dataset, bindDap4Constraint(model, '/names;/v'), { slabBytes: 8, checksums: true, limit: Infinity })).toBe(8 + 1 + 8 + 3 + 8 + 48);
  });

  it.each([
    ['/nosuch', 404, /No such variable: \/nosuch/],
    ['/v[0:1:1][0][0]', 400, /has 2 dimensions, not 3/],
    ['/v[5]', 400, /past the end/],
    ['/v[a]', 400, /not a non-negative integer/],
    ['/v[1:2:3:4]', 400, /too many/],
    ['/v[1', 400, /malformed brackets/],
    ['/nosuch=[0:1];/v', 404, /No such dimension: \/nosuch/],
    ['/x=[0][1]', 400, /one index/],
    ['/x=[9]', 400, /past the end/],
    ['/x=[0:1];/x=[1:2]', 400, /sliced twice/],
    ['/v|v>3', 501, /filters act on Sequences/],
    ['/v{a}', 501, /structure field/],
    ['/v%5b0%5d%', 400, /malformed %-escape/],
    ['/v[0];/v[1]', 400, /selected twice/],
  ])('refuses the constraint %s with %i', (ce, status, message) => {
    let error: unknown;
    try {
      bindDap4Constraint(model, ce);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DapError);
    expect((error as DapError).status).toBe(status);
    expect((error as DapError).message).toMatch(message);
  });

  it('answers random constraints with selections or a DAP error, never anything else', () => {
    const random = seededRandom(4);
    const alphabet = ['/', 'v', 'x', 'time', '[', ']', ':', ';', '=', '1', '0', '9', '|', '{', '}', '%', '5b', '25', '\\', ' '];
    for (let i = 0; i < 5000; i++) {
      const ce = Array.from({ length: random(16) }, () => alphabet[random(alphabet.length)]).join('');
      try {
        for (const s of bindDap4Constraint(model, ce)) expect(s.slab.every((r) => r.count >= 1 && r.stride >= 1), ce).toBe(true);
      } catch (error) {
        expect(error, ce).toBeInstanceOf(DapError);
      }
    }
  });
});
