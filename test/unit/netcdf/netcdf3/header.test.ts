import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { HeaderTruncated, netcdf3Version, parseNetcdf3Header } from '../../../../src/netcdf/netcdf3/header.js';

/** Writes NetCDF-3 header fields: NON_NEG is 4 bytes (8 in CDF-5), OFFSET 4 bytes in CDF-1 (8 after). */
class HeaderBytes {
  readonly parts: Buffer[] = [];
  constructor(readonly version: 1 | 2 | 5) {
    this.parts.push(Buffer.from([0x43, 0x44, 0x46, version]));
  }
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v);
    this.parts.push(b);
    return this;
  }
  u64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(v);
    this.parts.push(b);
    return this;
  }
  count(v: number): this {
    return this.version === 5 ? this.u64(BigInt(v)) : this.u32(v);
  }
  offset(v: number): this {
    return this.version === 1 ? this.u32(v) : this.u64(BigInt(v));
  }
  name(s: string): this {
    const b = Buffer.from(s);
    this.count(b.length);
    this.parts.push(b, Buffer.alloc((4 - (b.length % 4)) % 4));
    return this;
  }
  raw(b: Buffer): this {
    this.parts.push(b, Buffer.alloc((4 - (b.length % 4)) % 4));
    return this;
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** time(UNLIMITED), x(3); global "title"; x(x) int; v(time, x) short; t(time) double. */
function sampleHeader(version: 1 | 2 | 5, numrecs: number | 'streaming', begins = [200, 212, 218]): Buffer {
  const h = new HeaderBytes(version);
  if (numrecs === 'streaming') {
    if (version === 5) h.u64(0xffffffffffffffffn);
    else h.u32(0xffffffff);
  } else h.count(numrecs);
  h.u32(10).count(2).name('time').count(0).name('x').count(3);
  h.u32(12).count(1).name('title').u32(2).count(5).raw(Buffer.from('hello'));
  h.u32(11).count(3);
  h.name('x').count(1).count(1).u32(0).count(0).u32(4).count(12).offset(begins[0]!);
  h.name('v').count(2).count(0).count(1);
  h.u32(12).count(1).name('scale').u32(6).count(2).raw(Buffer.from(new Float64Array([0.5, -2]).buffer).swap64());
  h.u32(3).count(8).offset(begins[1]!);
  h.name('t').count(1).count(0).u32(0).count(0).u32(6).count(8).offset(begins[2]!);
  return h.bytes();
}

describe('NetCDF-3 header', () => {
  it.each([1, 2, 5] as const)('parses dimensions, attributes and variables of CDF-%i', (version) => {
    const header = parseNetcdf3Header(sampleHeader(version, 3), 10_000);
    expect(header.version).toBe(version);
    expect(header.numrecs).toBe(3);
    expect(header.dimensions).toEqual([
      { name: 'time', size: 3, unlimited: true },
      { name: 'x', size: 3, unlimited: false },
    ]);
    expect(header.attributes).toEqual([{ name: 'title', type: 'char', value: 'hello' }]);
    expect(header.variables.map((v) => [v.name, v.type, v.shape, v.record, v.begin])).toEqual([
      ['x', 'int', [3], false, 200],
      ['v', 'short', [3, 3], true, 212],
      ['t', 'double', [3], true, 218],
    ]);
    expect(header.variables[1]!.attributes).toEqual([{ name: 'scale', type: 'double', value: [0.5, -2] }]);
  });

  it('pads each record variable to 4 bytes in the record size', () => {
    // v: 3 shorts = 6 bytes, padded to 8; t: 8 bytes.
    expect(parseNetcdf3Header(sampleHeader(1, 3), 10_000).recordSize).toBe(16);
  });

  it('derives numrecs from the file size when it was written in streaming mode', () => {
    for (const version of [1, 2, 5] as const) {
      // Records start at 212 and are 16 bytes long: 212 + 4 * 16 + 5 bytes of a partial record.
      expect(parseNetcdf3Header(sampleHeader(version, 'streaming'), 212 + 4 * 16 + 5).numrecs).toBe(4);
    }
  });

  it('asks for more bytes when the header runs past the ones given', () => {
    const bytes = sampleHeader(2, 1);
    expect(() => parseNetcdf3Header(bytes.subarray(0, 40), 10_000)).toThrow(HeaderTruncated);
    expect(() => parseNetcdf3Header(bytes.subarray(0, bytes.length - 1), 10_000)).toThrow(HeaderTruncated);
  });

  it('recognises the three magic numbers and nothing else', () => {
    expect(netcdf3Version(Buffer.from('CDF\x01'))).toBe(1);
    expect(netcdf3Version(Buffer.from('CDF\x02'))).toBe(2);
    expect(netcdf3Version(Buffer.from('CDF\x05'))).toBe(5);
    expect(netcdf3Version(Buffer.from('CDF\x03'))).toBeUndefined();
    expect(netcdf3Version(Buffer.from('\x89HDF\r\n\x1a\n'))).toBeUndefined();
    expect(netcdf3Version(Buffer.from('CD'))).toBeUndefined();
  });

  it('refuses damaged headers with a message saying what is wrong', () => {
    const bad = (bytes: Buffer, message: RegExp): void => {
      let error: unknown;
      try {
        parseNetcdf3Header(bytes, 10_000);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MeridianError);
      expect((error as MeridianError).code).toBe('InvalidParameter');
      expect((error as MeridianError).message).toMatch(message);
    };
    bad(Buffer.from('HDF\x01\0\0\0\0'), /no CDF magic/);
    bad(new HeaderBytes(1).u32(0).u32(99).u32(1).bytes(), /expected a dimension list, found tag 99/);
    bad(new HeaderBytes(1).u32(0).u32(0).u32(0).u32(0).u32(0).u32(11).u32(1).name('v').u32(1).u32(7).u32(0).u32(0).u32(4).u32(4).u32(100).bytes(), /uses dimension 7/);
    // Type 7 (ubyte) exists only in CDF-5.
    bad(new HeaderBytes(1).u32(0).u32(0).u32(0).u32(0).u32(0).u32(11).u32(1).name('v').u32(0).u32(0).u32(0).u32(7).u32(4).u32(100).bytes(), /unknown type 7/);
    bad(new HeaderBytes(1).u32(0).u32(10).u32(2).name('a').u32(0).name('b').u32(0).bytes(), /more than one unlimited/);
  });
});
