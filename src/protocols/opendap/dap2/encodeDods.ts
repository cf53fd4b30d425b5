/**
 * The `.dods` response: the constrained DDS, `Data:\n`, then each selected array in XDR (RFC 4506,
 * big-endian, 4-byte units). Arrays carry their count twice (Strings once), scalars none; bytes are
 * padded to 4, 16-bit integers widened to 4 bytes. The exact length is computed before the first byte
 * so that it goes out as Content-Length, then the values stream slab by slab from the reader.
 */
import { MeridianError } from '../../../core/errors.js';
import type { Dataset } from '../../../netcdf/reader.js';
import type { Dap2Type } from './dapModel.js';
import type { SelectedArray, Selection } from './bindConstraint.js';
import { countOf, numericSlabs, stringValues, wireParts, type PartReadOptions } from './readParts.js';

/** XDR counts are unsigned 32-bit: DAP2 cannot send a longer array. */
const MAX_XDR_COUNT = 2 ** 32 - 1;
/** Strings are gathered into writes of about this size. */
const STRING_BATCH = 64 * 1024;

export const DATA_SEPARATOR = 'Data:\n';

const pad4 = (n: number): number => (4 - (n % 4)) % 4;

/** Bytes of one value on the wire (scalars and array elements alike, Byte arrays aside). */
const XDR_WIDTH: Readonly<Record<Exclude<Dap2Type, 'String'>, number>> = {
  Byte: 4,
  Int16: 4,
  UInt16: 4,
  Int32: 4,
  UInt32: 4,
  Float32: 4,
  Float64: 8,
};

async function partSize(dataset: Dataset, part: SelectedArray, opts: PartReadOptions): Promise<number> {
  const n = countOf(part.slab);
  const scalar = part.array.dimensions.length === 0;
  if (n > MAX_XDR_COUNT) {
    throw new MeridianError('PayloadTooLarge', `${part.array.name}: ${n} values are more than a DAP2 array can hold (2^32-1)`);
  }
  const { type } = part.array;
  if (type === 'String') {
    let size = scalar ? 0 : 4;
    for await (const value of stringValues(dataset, part, opts)) size += 4 + value.length + pad4(value.length);
    return size;
  }
  if (scalar) return XDR_WIDTH[type];
  if (type === 'Byte') return 8 + n + pad4(n);
  return 8 + n * XDR_WIDTH[type];
}

/**
 * Bytes of the values of the selections on the wire, without reading numeric data (String values are
 * read: their lengths are the strings'). Stops counting at `limit`: the caller refuses anything larger.
 */
export async function dodsDataSize(dataset: Dataset, selections: readonly Selection[], opts: PartReadOptions & { readonly limit: number }): Promise<number> {
  const parts = wireParts(selections);
  let total = 0;
  // Numeric sizes first: a request too large is refused without reading any string.
  const strings: SelectedArray[] = [];
  for (const { part } of parts) {
    if (part.array.type === 'String') strings.push(part);
    else total += await partSize(dataset, part, opts);
  }
  for (const part of strings) {
    if (total > opts.limit) return total;
    total += await partSize(dataset, part, opts);
  }
  return total;
}

function u32(...values: number[]): Buffer {
  const b = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v, 4 * i));
  return b;
}

/** 16-bit big-endian integers as 4-byte XDR integers, sign- or zero-extended. */
function widen16(slab: Buffer, signed: boolean): Buffer {
  const out = Buffer.allocUnsafe(slab.length * 2);
  for (let i = 0, o = 0; i < slab.length; i += 2, o += 4) {
    const hi = slab[i]!;
    const ext = signed && hi & 0x80 ? 0xff : 0;
    out[o] = ext;
    out[o + 1] = ext;
    out[o + 2] = hi;
    out[o + 3] = slab[i + 1]!;
  }
  return out;
}

async function* encodeStrings(dataset: Dataset, part: SelectedArray, opts: PartReadOptions): AsyncGenerator<Buffer> {
  const scalar = part.array.dimensions.length === 0;
  if (!scalar) yield u32(countOf(part.slab));
  let batch: Buffer[] = [];
  let batched = 0;
  for await (const value of stringValues(dataset, part, opts)) {
    const padding = pad4(value.length);
    batch.push(u32(value.length), value);
    if (padding > 0) batch.push(Buffer.alloc(padding));
    batched += 4 + value.length + padding;
    if (batched >= STRING_BATCH) {
      yield Buffer.concat(batch, batched);
      batch = [];
      batched = 0;
    }
  }
  if (batched > 0) yield Buffer.concat(batch, batched);
}

async function* encodePart(dataset: Dataset, part: SelectedArray, opts: PartReadOptions): AsyncGenerator<Buffer> {
  const { type } = part.array;
  if (type === 'String') {
    yield* encodeStrings(dataset, part, opts);
    return;
  }
  const n = countOf(part.slab);
  const scalar = part.array.dimensions.length === 0;
  if (!scalar) yield u32(n, n);
  const signed = part.array.ncType === 'short';
  for await (const slab of numericSlabs(dataset, part, opts)) {
    if (type === 'Int16' || type === 'UInt16') {
      const wide = widen16(slab, signed);
      opts.buffers?.give(slab);
      yield wide;
    } else if (type === 'Byte' && scalar) yield Buffer.from([0, 0, 0, slab[0]!]);
    else yield slab;
  }
  if (type === 'Byte' && !scalar && pad4(n) > 0) yield Buffer.alloc(pad4(n));
}

/**
 * The whole `.dods` body: `dds` (ending with a newline), the separator, then the values. Throws
 * when the bytes produced differ from `expectedBytes` (the Content-Length already sent), so that
 * the caller breaks the connection instead of ending a corrupt response cleanly.
 */
export async function* encodeDods(
  dataset: Dataset,
  dds: string,
  selections: readonly Selection[],
  expectedBytes: number,
  opts: PartReadOptions,
): AsyncGenerator<Buffer> {
  let sent = 0;
  const head = Buffer.from(dds + DATA_SEPARATOR, 'utf8');
  sent += head.length;
  yield head;
  for (const { part } of wireParts(selections)) {
    for await (const chunk of encodePart(dataset, part, opts)) {
      sent += chunk.length;
      if (sent > expectedBytes) break;
      yield chunk;
    }
    if (sent > expectedBytes) break;
  }
  if (sent !== expectedBytes) {
    throw new MeridianError('Internal', `the .dods response came to ${sent} bytes, not the ${expectedBytes} announced`);
  }
}
