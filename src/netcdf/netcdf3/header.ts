/**
 * The header of a NetCDF-3 file (classic CDF-1, 64-bit offset CDF-2, CDF-5), parsed from its bytes
 * as the format specification describes it: magic, numrecs, dimensions, global attributes, then
 * variables with their attributes, type, size and data offset.
 */
import { MeridianError } from '../../core/errors.js';
import type { NetcdfAttribute, NetcdfType } from '../datasetHeader.js';

export type Netcdf3Version = 1 | 2 | 5;

export interface Netcdf3Dimension {
  readonly name: string;
  /** 0 in the file for the unlimited dimension; here its current length (numrecs). */
  readonly size: number;
  readonly unlimited: boolean;
}

export interface Netcdf3Variable {
  readonly name: string;
  readonly type: NetcdfType;
  readonly dimensionIds: readonly number[];
  /** Dimension lengths; the record dimension's length is numrecs. */
  readonly shape: readonly number[];
  readonly attributes: readonly NetcdfAttribute[];
  /** Offset of the first value (of the first record, for a record variable). */
  readonly begin: number;
  /** Whether the first dimension is the unlimited one: the data is interleaved per record. */
  readonly record: boolean;
  /** Bytes of one value. */
  readonly width: number;
}

export interface Netcdf3Header {
  readonly version: Netcdf3Version;
  readonly numrecs: number;
  readonly dimensions: readonly Netcdf3Dimension[];
  readonly attributes: readonly NetcdfAttribute[];
  readonly variables: readonly Netcdf3Variable[];
  /** Bytes of one record: every record variable's slab for one index of the unlimited dimension. */
  readonly recordSize: number;
}

/** Thrown when the header runs past the bytes given: the caller reads more and parses again. */
export class HeaderTruncated extends Error {
  constructor() {
    super('the NetCDF-3 header runs past the bytes read');
    this.name = 'HeaderTruncated';
  }
}

const TYPES: ReadonlyMap<number, { readonly type: NetcdfType; readonly width: number }> = new Map([
  [1, { type: 'byte', width: 1 }],
  [2, { type: 'char', width: 1 }],
  [3, { type: 'short', width: 2 }],
  [4, { type: 'int', width: 4 }],
  [5, { type: 'float', width: 4 }],
  [6, { type: 'double', width: 8 }],
  [7, { type: 'ubyte', width: 1 }],
  [8, { type: 'ushort', width: 2 }],
  [9, { type: 'uint', width: 4 }],
  [10, { type: 'int64', width: 8 }],
  [11, { type: 'uint64', width: 8 }],
]);

const NC_DIMENSION = 10;
const NC_VARIABLE = 11;
const NC_ATTRIBUTE = 12;

/** The version byte of a NetCDF-3 magic number, or undefined when `bytes` does not start with one. */
export function netcdf3Version(bytes: Uint8Array): Netcdf3Version | undefined {
  if (bytes.length < 4 || bytes[0] !== 0x43 || bytes[1] !== 0x44 || bytes[2] !== 0x46) return undefined;
  const v = bytes[3];
  return v === 1 || v === 2 || v === 5 ? v : undefined;
}

function malformed(detail: string): MeridianError {
  return new MeridianError('InvalidParameter', `not a readable NetCDF-3 file: ${detail}`);
}

class Cursor {
  #pos = 0;
  constructor(
    readonly bytes: Buffer,
    readonly version: Netcdf3Version,
  ) {}

  #need(n: number): void {
    if (this.#pos + n > this.bytes.length) throw new HeaderTruncated();
  }

  u32(): number {
    this.#need(4);
    const v = this.bytes.readUInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  big64(): bigint {
    this.#need(8);
    const v = this.bytes.readBigUInt64BE(this.#pos);
    this.#pos += 8;
    return v;
  }

  u64(): number {
    const v = this.big64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`a length or offset of ${v} is too large`);
    return Number(v);
  }

  /** NON_NEG: 4 bytes, 8 in CDF-5. */
  count(): number {
    return this.version === 5 ? this.u64() : this.u32();
  }

  /** OFFSET: 4 bytes in CDF-1, 8 after. */
  offset(): number {
    return this.version === 1 ? this.u32() : this.u64();
  }

  /** `n` bytes, then the padding to a multiple of 4. */
  padded(n: number): Buffer {
    const total = n + ((4 - (n % 4)) % 4);
    this.#need(total);
    const slice = this.bytes.subarray(this.#pos, this.#pos + n);
    this.#pos += total;
    return slice;
  }

  name(): string {
    const n = this.count();
    if (n === 0) throw malformed('an empty name');
    return this.padded(n).toString('utf8');
  }
}

function attributeList(c: Cursor): NetcdfAttribute[] {
  const tag = c.u32();
  const n = c.count();
  if (tag === 0 && n === 0) return [];
  if (tag !== NC_ATTRIBUTE) throw malformed(`expected an attribute list, found tag ${tag}`);
  const list: NetcdfAttribute[] = [];
  for (let i = 0; i < n; i++) {
    const name = c.name();
    const code = c.u32();
    const t = TYPES.get(code);
    if (t === undefined || (code > 6 && c.version !== 5)) throw malformed(`attribute ${name} has unknown type ${code}`);
    const count = c.count();
    const bytes = c.padded(count * t.width);
    list.push(attributeValue(name, t.type, bytes, count));
  }
  return list;
}

function attributeValue(name: string, type: NetcdfType, b: Buffer, n: number): NetcdfAttribute {
  const nums = (read: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => read(i));
  switch (type) {
    case 'char':
      return { name, type, value: b.toString('utf8') };
    case 'byte':
      return { name, type, value: nums((i) => b.readInt8(i)) };
    case 'ubyte':
      return { name, type, value: nums((i) => b.readUInt8(i)) };
    case 'short':
      return { name, type, value: nums((i) => b.readInt16BE(2 * i)) };
    case 'ushort':
      return { name, type, value: nums((i) => b.readUInt16BE(2 * i)) };
    case 'int':
      return { name, type, value: nums((i) => b.readInt32BE(4 * i)) };
    case 'uint':
      return { name, type, value: nums((i) => b.readUInt32BE(4 * i)) };
    case 'float':
      return { name, type, value: nums((i) => b.readFloatBE(4 * i)) };
    case 'double':
      return { name, type, value: nums((i) => b.readDoubleBE(8 * i)) };
    case 'int64':
      return { name, type, value: Array.from({ length: n }, (_, i) => b.readBigInt64BE(8 * i)) };
    case 'uint64':
      return { name, type, value: Array.from({ length: n }, (_, i) => b.readBigUInt64BE(8 * i)) };
    case 'string':
      throw malformed(`attribute ${name} has a type NetCDF-3 does not have`);
  }
}

const STREAMING_32 = 0xffffffff;

/**
 * Parses the header at the start of `bytes`. Throws `HeaderTruncated` when `bytes` ends inside the
 * header, and `MeridianError` `InvalidParameter` when it is not a NetCDF-3 header. `fileSize` gives
 * numrecs for a file written in streaming mode (numrecs all ones), as netCDF-C does.
 */
export function parseNetcdf3Header(bytes: Buffer, fileSize: number): Netcdf3Header {
  const version = netcdf3Version(bytes);
  if (version === undefined) throw malformed('no CDF magic number');
  const c = new Cursor(bytes, version);
  c.u32();
  let numrecs: number | undefined;
  if (version === 5) {
    const raw = c.big64();
    if (raw > BigInt(Number.MAX_SAFE_INTEGER) && raw !== 0xffffffffffffffffn) throw malformed(`numrecs ${raw} is too large`);
    numrecs = raw === 0xffffffffffffffffn ? undefined : Number(raw);
  } else {
    const raw = c.u32();
    numrecs = raw === STREAMING_32 ? undefined : raw;
  }

  const dimTag = c.u32();
  const ndims = c.count();
  if (!(dimTag === NC_DIMENSION || (dimTag === 0 && ndims === 0))) throw malformed(`expected a dimension list, found tag ${dimTag}`);
  const rawDims: { name: string; length: number }[] = [];
  for (let i = 0; i < ndims; i++) rawDims.push({ name: c.name(), length: c.count() });
  if (rawDims.filter((d) => d.length === 0).length > 1) throw malformed('more than one unlimited dimension');

  const attributes = attributeList(c);

  const varTag = c.u32();
  const nvars = c.count();
  if (!(varTag === NC_VARIABLE || (varTag === 0 && nvars === 0))) throw malformed(`expected a variable list, found tag ${varTag}`);
  const raw: { name: string; code: number; dimIds: number[]; attributes: NetcdfAttribute[]; begin: number }[] = [];
  for (let i = 0; i < nvars; i++) {
    const name = c.name();
    const rank = c.count();
    const dimIds: number[] = [];
    for (let k = 0; k < rank; k++) {
      const id = c.count();
      if (id >= rawDims.length) throw malformed(`variable ${name} uses dimension ${id}, which does not exist`);
      dimIds.push(id);
    }
    const vatts = attributeList(c);
    const code = c.u32();
    c.count(); // vsize: recomputed below, since it saturates at 2^32-1 for large variables
    const begin = c.offset();
    raw.push({ name, code, dimIds, attributes: vatts, begin });
  }

  const isUnlimited = (id: number): boolean => rawDims[id]?.length === 0;
  const partial = raw.map((v) => {
    const t = TYPES.get(v.code);
    if (t === undefined || (v.code > 6 && version !== 5)) throw malformed(`variable ${v.name} has unknown type ${v.code}`);
    const record = v.dimIds.length > 0 && isUnlimited(v.dimIds[0]!);
    if (v.dimIds.slice(1).some(isUnlimited)) throw malformed(`variable ${v.name} uses the unlimited dimension after its first`);
    const inner = v.dimIds.slice(record ? 1 : 0).reduce((p, id) => p * rawDims[id]!.length, 1);
    return { ...v, ...t, record, slabBytes: inner * t.width };
  });

  // One record holds each record variable's slab padded to 4 bytes, except that a lone record
  // variable is not padded (netCDF-C's NC_computeshapes does the same).
  const records = partial.filter((v) => v.record);
  const recordSize =
    records.length === 1 ? records[0]!.slabBytes : records.reduce((s, v) => s + v.slabBytes + ((4 - (v.slabBytes % 4)) % 4), 0);

  if (numrecs === undefined) {
    const first = records.reduce((m, v) => Math.min(m, v.begin), Infinity);
    numrecs = recordSize > 0 && Number.isFinite(first) ? Math.max(0, Math.floor((fileSize - first) / recordSize)) : 0;
  }
  const recs = numrecs;

  const dimensions: Netcdf3Dimension[] = rawDims.map((d) => ({
    name: d.name,
    size: d.length === 0 ? recs : d.length,
    unlimited: d.length === 0,
  }));
  const variables: Netcdf3Variable[] = partial.map((v) => ({
    name: v.name,
    type: v.type,
    dimensionIds: v.dimIds,
    shape: v.dimIds.map((id) => dimensions[id]!.size),
    attributes: v.attributes,
    begin: v.begin,
    record: v.record,
    width: v.width,
  }));
  return { version, numrecs: recs, dimensions, attributes, variables, recordSize };
}
