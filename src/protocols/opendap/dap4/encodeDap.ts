/**
 * The DAP4 `.dap` response: chunks, each behind a 4-byte header (flags in the first byte — 0x01 last,
 * 0x02 error, 0x04 little-endian data, 0x08 no checksums —, the length in the other three). The first
 * chunk is the DMR and `\r\n`; then each selected variable in DMR order, little-endian, without counts
 * or padding (a String as an 8-byte length and its bytes), followed by the CRC32 of its bytes.
 */
import { crc32 } from 'node:zlib';
import type { Dataset } from '../../../netcdf/reader.js';
import { valueWidth } from '../../../netcdf/reader.js';
import type { Dap4Selection } from './bindDap4Constraint.js';
import { escapeXml } from './renderDmr.js';

const LAST = 0x01;
const ERROR = 0x02;
const LITTLE_ENDIAN = 0x04;
const NO_CHECKSUMS = 0x08;
const MAX_CHUNK = 0xffffff;
/** Small pieces are gathered into chunks of about this size. */
const GATHER = 64 * 1024;

export interface DapEncodeOptions {
  readonly slabBytes: number;
  readonly checksums: boolean;
  readonly signal?: AbortSignal;
}

const countOf = (s: Dap4Selection): number => s.slab.reduce((n, r) => n * r.count, 1);

function readOptions(opts: DapEncodeOptions) {
  return { byteOrder: 'little' as const, maxSlabBytes: opts.slabBytes, ...(opts.signal ? { signal: opts.signal } : {}) };
}

/** Bytes of the selected values (strings are read for their lengths), to refuse large requests up front. */
export async function dapDataSize(dataset: Dataset, selections: readonly Dap4Selection[], opts: DapEncodeOptions & { readonly limit: number }): Promise<number> {
  let total = 0;
  const strings: Dap4Selection[] = [];
  for (const s of selections) {
    const width = valueWidth(s.variable.ncType);
    if (width === undefined) strings.push(s);
    else total += countOf(s) * width;
  }
  for (const s of strings) {
    if (total > opts.limit) return total;
    for await (const slab of dataset.read(s.variable.source, s.slab, readOptions(opts))) {
      for (let at = 0; at < slab.length; ) {
        const n = slab.readUInt32LE(at);
        total += 8 + n;
        at += 4 + n;
      }
    }
  }
  return total;
}

function header(flags: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(((flags << 24) | length) >>> 0);
  return b;
}

/** The values of one variable as DAP4 serializes them. */
async function* variableBytes(dataset: Dataset, s: Dap4Selection, opts: DapEncodeOptions): AsyncGenerator<Buffer> {
  const slabs = dataset.read(s.variable.source, s.slab, readOptions(opts));
  if (valueWidth(s.variable.ncType) !== undefined) {
    yield* slabs;
    return;
  }
  for await (const slab of slabs) {
    const parts: Buffer[] = [];
    for (let at = 0; at < slab.length; ) {
      const n = slab.readUInt32LE(at);
      const count = Buffer.alloc(8);
      count.writeBigUInt64LE(BigInt(n));
      parts.push(count, slab.subarray(at + 4, at + 4 + n));
      at += 4 + n;
    }
    yield Buffer.concat(parts);
  }
}

/**
 * The whole `.dap` body. An error after the first chunk is sent as an error chunk, then thrown, so
 * that the caller logs it and closes the connection.
 */
export async function* encodeDap(dataset: Dataset, dmr: string, selections: readonly Dap4Selection[], opts: DapEncodeOptions): AsyncGenerator<Buffer> {
  const flags = LITTLE_ENDIAN | (opts.checksums ? 0 : NO_CHECKSUMS);
  const first = Buffer.from(`${dmr}\r\n`, 'utf8');
  yield Buffer.concat([header(flags, first.length), first]);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = (last: boolean): Buffer => {
    const body = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return Buffer.concat([header(flags | (last ? LAST : 0), body.length), body]);
  };
  try {
    for (const s of selections) {
      let crc = 0;
      for await (const piece of variableBytes(dataset, s, opts)) {
        if (opts.checksums) crc = crc32(piece, crc);
        if (pendingBytes + piece.length <= GATHER) {
          pending.push(piece);
          pendingBytes += piece.length;
          continue;
        }
        if (pendingBytes > 0) yield flush(false);
        for (let at = 0; at < piece.length; at += MAX_CHUNK) {
          const part = piece.subarray(at, at + MAX_CHUNK);
          yield Buffer.concat([header(flags, part.length), part]);
        }
      }
      if (opts.checksums) {
        const sum = Buffer.allocUnsafe(4);
        sum.writeUInt32LE(crc >>> 0);
        pending.push(sum);
        pendingBytes += 4;
      }
    }
    yield flush(true);
  } catch (error) {
    if (opts.signal?.aborted !== true) {
      const xml = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error httpcode="500"><Message>${escapeXml('The server could not finish this response')}</Message></Error>\n`);
      yield Buffer.concat([header(ERROR | LAST | LITTLE_ENDIAN, xml.length), xml]);
    }
    throw error;
  }
}
