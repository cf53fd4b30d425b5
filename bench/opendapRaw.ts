/**
 * What this machine can do without the HTTP server, as the yardstick for the OPeNDAP figures: reading
 * the file from the page cache (`dd` and a Node read loop) and the dataset readers alone.
 */
import { execFile } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Dataset } from '../src/netcdf/reader.js';
import { SlabBuffers } from '../src/netcdf/slabBuffers.js';
import { DEFAULT_RESPONSE_SLAB_BYTES } from '../src/protocols/opendap/router.js';

const run = promisify(execFile);
const READ_BUFFER = 8 * 1024 * 1024;

export interface RawRate {
  readonly bytes: number;
  readonly seconds: number;
  readonly mbPerSecond: number;
}

const rate = (bytes: number, started: number): RawRate => {
  const seconds = (performance.now() - started) / 1000;
  return { bytes, seconds, mbPerSecond: bytes / 1e6 / seconds };
};

/** `dd bs=8M` of the whole file to /dev/null (the file is read once before, so it comes from the page cache). */
export async function ddRate(path: string): Promise<RawRate> {
  const args = [`if=${path}`, 'of=/dev/null', 'bs=8M'];
  await run('dd', args);
  const started = performance.now();
  await run('dd', args);
  return rate((await stat(path)).size, started);
}

/** The whole file through `FileHandle.read` into one reused 8 MiB buffer, as the NetCDF-3 reader reads. */
export async function nodeReadRate(path: string): Promise<RawRate> {
  const fh = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BUFFER);
    const started = performance.now();
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, bytes);
      if (bytesRead === 0) break;
      bytes += bytesRead;
    }
    return rate(bytes, started);
  } finally {
    await fh.close();
  }
}

/**
 * All values of `variable` through the reader, big-endian, as a `.dods` response reads them: slabs of
 * the server's size, each buffer given back for the next slab once used (fresh buffers for every slab
 * halved the NetCDF-3 rate, below what the server sends).
 */
export async function readerRate(dataset: Dataset, variable: string): Promise<RawRate> {
  const info = dataset.header.variables.find((v) => v.name === variable);
  if (info === undefined) throw new Error(`no variable ${variable}`);
  const shape = info.dimensions.map((name) => dataset.header.dimensions.find((d) => d.name === name)?.size ?? 0);
  const slab = shape.map((size) => ({ start: 0, count: size, stride: 1 }));
  const started = performance.now();
  let bytes = 0;
  const buffers = new SlabBuffers();
  for await (const chunk of dataset.read(variable, slab, { maxSlabBytes: DEFAULT_RESPONSE_SLAB_BYTES, buffers })) {
    bytes += chunk.length;
    buffers.give(chunk);
  }
  return rate(bytes, started);
}
