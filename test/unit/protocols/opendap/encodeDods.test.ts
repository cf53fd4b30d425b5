import { describe, expect, it } from 'vitest';
import { bindConstraint } from '../../../../src/protocols/opendap/dap2/bindConstraint.js';
import { buildDapModel } from '../../../../src/protocols/opendap/dap2/dapModel.js';
import { DATA_SEPARATOR, dodsDataSize, encodeDods } from '../../../../src/protocols/opendap/dap2/encodeDods.js';
import { parseConstraint } from '../../../../src/protocols/opendap/dap2/parseConstraint.js';
import { renderAscii } from '../../../../src/protocols/opendap/dap2/renderAscii.js';
import { renderDds } from '../../../../src/protocols/opendap/dap2/renderDds.js';
import { memoryDataset } from './memoryDataset.js';

const be = (kind: 'i16' | 'u16' | 'i32' | 'f32' | 'f64', values: number[]): Buffer => {
  const width = { i16: 2, u16: 2, i32: 4, f32: 4, f64: 8 }[kind];
  const b = Buffer.alloc(values.length * width);
  values.forEach((x, i) => {
    if (kind === 'i16') b.writeInt16BE(x, 2 * i);
    else if (kind === 'u16') b.writeUInt16BE(x, 2 * i);
    else if (kind === 'i32') b.writeInt32BE(x, 4 * i);
    else if (kind === 'f32') b.writeFloatBE(x, 4 * i);
    else b.writeDoubleBE(x, 8 * i);
  });
  return b;
};

const dataset = memoryDataset(
  [
    { name: 'x', size: 5, unlimited: false },
    { name: 'n', size: 2, unlimited: false },
    { name: 'len', size: 5, unlimited: false },
  ],
  {
    x: { type: 'float', dimensions: ['x'], values: be('f32', [0, 1, 2, 3, 4]) },
    mask: { type: 'byte', dimensions: ['x'], values: Buffer.from([0, 0xff, 2, 0x80, 0x7f]) },
    flag: { type: 'short', dimensions: ['x'], values: be('i16', [0, -2, -4, 300, -32768]) },
    uflag: { type: 'ushort', dimensions: ['x'], values: be('u16', [0, 65535, 1, 2, 3]) },
    label: { type: 'char', dimensions: ['n', 'len'], values: Buffer.from('hello' + 'da\0p\0') },
    names: { type: 'string', dimensions: ['n'], values: ['st000', 'a longer name'] },
    small: { type: 'byte', dimensions: [], values: Buffer.from([0xfd]) },
    level: { type: 'short', dimensions: [], values: be('i16', [-7]) },
    pi: { type: 'double', dimensions: [], values: be('f64', [Math.PI]) },
    code: { type: 'char', dimensions: [], values: Buffer.from('Q') },
    word: { type: 'char', dimensions: ['len'], values: Buffer.from('dap\0\0') },
  },
);
const model = buildDapModel(dataset.header);

/** The data part of a `.dods` answer, checked against the size computed beforehand. */
async function dods(ce: string): Promise<Buffer> {
  const selections = bindConstraint(model, parseConstraint(ce));
  const dds = renderDds('m.nc', selections);
  const size = await dodsDataSize(dataset, selections, { slabBytes: 7, limit: Infinity });
  const total = Buffer.byteLength(dds) + DATA_SEPARATOR.length + size;
  const chunks: Buffer[] = [];
  for await (const c of encodeDods(dataset, dds, selections, total, { slabBytes: 7 })) chunks.push(c);
  const body = Buffer.concat(chunks);
  expect(body.length).toBe(total);
  const at = body.indexOf('\nData:\n');
  expect(body.subarray(0, at + 1).toString()).toBe(dds);
  return body.subarray(at + 7);
}

const hex = (b: Buffer): string => b.toString('hex').replace(/(.{8})/g, '$1 ').trim();

describe('DAP2 .dods encoding', () => {
  it('sends a Byte array with its count twice, raw bytes and zero padding to 4', async () => {
    expect(hex(await dods('mask.mask'))).toBe('00000005 00000005 00ff0280 7f000000');
    expect(hex(await dods('mask.mask[0:2:4]'))).toBe('00000003 00000003 00027f00');
  });

  it('widens Int16 and UInt16 values to 4 bytes, sign- and zero-extended', async () => {
    expect(hex(await dods('flag.flag[0:1:4]'))).toBe('00000005 00000005 00000000 fffffffe fffffffc 0000012c ffff8000');
    expect(hex(await dods('uflag.uflag[0:1]'))).toBe('00000002 00000002 00000000 0000ffff');
  });

  it('sends scalars without count words: Byte and Int16 in 4 bytes, Float64 in 8', async () => {
    expect(hex(await dods('small'))).toBe('000000fd');
    expect(hex(await dods('level'))).toBe('fffffff9');
    expect(await dods('pi')).toEqual(be('f64', [Math.PI]));
  });

  it('sends Strings with their count once, each value with its length and padding, char arrays cut at the first NUL', async () => {
    expect(hex(await dods('label'))).toBe(`00000002 00000005 ${Buffer.from('hell').toString('hex')} 6f000000 00000002 64610000`);
    expect(hex(await dods('names[1]'))).toBe(`00000001 0000000d ${hex(Buffer.from('a longer name\0\0\0'))}`);
    expect(hex(await dods('code'))).toBe(`00000001 51000000`);
    expect(hex(await dods('word'))).toBe(`00000003 64617000`);
  });

  it('sends a Grid as its array then each map', async () => {
    expect(hex(await dods('flag[1:2]'))).toBe(`00000002 00000002 fffffffe fffffffc 00000002 00000002 ${hex(be('f32', [1, 2]))}`);
  });

  it('sends variables in declaration order, whatever the order asked', async () => {
    expect(hex(await dods('level,mask.mask[0],x[4]'))).toBe(`00000001 00000001 ${hex(be('f32', [4]))} 00000001 00000001 00000000 fffffff9`);
  });

  it('writes values as text for .ascii', async () => {
    const selections = bindConstraint(model, parseConstraint('flag[1:3],label,level'));
    let text = '';
    for await (const t of renderAscii(dataset, renderDds('m.nc', selections), selections, { slabBytes: 5 })) text += t;
    expect(text.split(`${'-'.repeat(45)}\n`)[1]).toBe('flag.flag[3]\n-2, -4, 300\n\nflag.x[3]\n1, 2, 3\n\nlabel[2]\n"hello", "da"\n\nlevel, -7\n\n');
  });
});
