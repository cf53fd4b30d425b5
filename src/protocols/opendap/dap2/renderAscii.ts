/**
 * The `.ascii` response, laid out as THREDDS does: the constrained DDS, a line of 45 dashes, then per
 * array a `name[n1][n2]` line and one line of comma-separated values per row of its last dimension,
 * each row led by its leading indices (`[0][1], 3.5, 4.5`); a scalar is `name, value`.
 */
import { MeridianError } from '../../../core/errors.js';
import type { Dataset } from '../../../netcdf/reader.js';
import type { SelectedArray, Selection } from './bindConstraint.js';
import { formatFloat32, formatFloat64, quoteDapString } from './dapText.js';
import { countOf, numericSlabs, stringValues, wireParts, type PartReadOptions } from './readParts.js';
import { isUnsignedByte } from './renderDas.js';

const SEPARATOR = '-'.repeat(45);
/** Text is handed on in pieces of about this many characters. */
const TEXT_BATCH = 64 * 1024;

type Decoder = { readonly width: number; read(b: Buffer, at: number): string };

function decoderOf(part: SelectedArray): Decoder {
  switch (part.array.ncType) {
    case 'byte':
    case 'ubyte':
      return isUnsignedByte(part.array) ? { width: 1, read: (b, at) => String(b.readUInt8(at)) } : { width: 1, read: (b, at) => String(b.readInt8(at)) };
    case 'short':
      return { width: 2, read: (b, at) => String(b.readInt16BE(at)) };
    case 'ushort':
      return { width: 2, read: (b, at) => String(b.readUInt16BE(at)) };
    case 'int':
      return { width: 4, read: (b, at) => String(b.readInt32BE(at)) };
    case 'uint':
      return { width: 4, read: (b, at) => String(b.readUInt32BE(at)) };
    case 'float':
      return { width: 4, read: (b, at) => formatFloat32(b.readFloatBE(at)) };
    case 'double':
      return { width: 8, read: (b, at) => formatFloat64(b.readDoubleBE(at)) };
    default:
      throw new MeridianError('Internal', `no text form for ${part.array.ncType} values`);
  }
}

async function* values(dataset: Dataset, part: SelectedArray, opts: PartReadOptions): AsyncGenerator<string> {
  if (part.array.type === 'String') {
    for await (const v of stringValues(dataset, part, opts)) yield quoteDapString(v.toString('utf8'));
    return;
  }
  const decoder = decoderOf(part);
  for await (const slab of numericSlabs(dataset, part, opts)) {
    for (let at = 0; at < slab.length; at += decoder.width) yield decoder.read(slab, at);
  }
}

async function* partText(dataset: Dataset, label: string, part: SelectedArray, opts: PartReadOptions): AsyncGenerator<string> {
  const counts = part.slab.map((r) => r.count);
  if (counts.length === 0) {
    for await (const v of values(dataset, part, opts)) yield `${label}, ${v}\n`;
    return;
  }
  yield `${label}${counts.map((c) => `[${c}]`).join('')}\n`;
  if (countOf(part.slab) === 0) return;
  const rowLength = counts.at(-1)!;
  const leading = counts.slice(0, -1);
  const index = new Array<number>(leading.length).fill(0);
  let row: string[] = [];
  for await (const v of values(dataset, part, opts)) {
    row.push(v);
    if (row.length < rowLength) continue;
    const prefix = leading.length > 0 ? `${index.map((i) => `[${i}]`).join('')}, ` : '';
    yield `${prefix}${row.join(', ')}\n`;
    row = [];
    for (let k = leading.length - 1; k >= 0; k--) {
      const next = index[k]! + 1;
      if (next < leading[k]!) {
        index[k] = next;
        break;
      }
      index[k] = 0;
    }
  }
}

export async function* renderAscii(dataset: Dataset, dds: string, selections: readonly Selection[], opts: PartReadOptions): AsyncGenerator<string> {
  yield `${dds}${SEPARATOR}\n`;
  let text = '';
  for (const { label, part } of wireParts(selections)) {
    for await (const line of partText(dataset, label, part, opts)) {
      text += line;
      if (text.length >= TEXT_BATCH) {
        yield text;
        text = '';
      }
    }
    text += '\n';
  }
  if (text.length > 0) yield text;
}
