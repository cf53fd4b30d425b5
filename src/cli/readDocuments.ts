import { createReadStream, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { decodeXml } from '../core/xml.js';

/**
 * One document read from an input, with where it came from (for error reports): a JSON value, or the
 * text of a non-JSON metadata document (ISO or DataCite XML, a THREDDS catalog, CDL...).
 */
export type SourceDocument = ({ readonly value: unknown } | { readonly text: string }) & {
  readonly origin: string;
  /** Bytes of input consumed so far in this source (for progress). */
  readonly bytes: number;
};

export type ReadProblem = { readonly origin: string; readonly reason: string };

const JSON_EXTENSIONS = /\.(json|geojson|ndjson|jsonl)$/i;
/** Metadata documents that are read whole and crosswalked (their format is detected from content). */
const TEXT_EXTENSIONS = /\.(xml|cdl|ncml|das|dds)$/i;

/** Files to import: the file itself, or every JSON, NDJSON or metadata file under a directory, in name order. */
export function listInputFiles(path: string): string[] {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return listInputFiles(full);
      return JSON_EXTENSIONS.test(entry.name) || TEXT_EXTENSIONS.test(entry.name) ? [full] : [];
    });
}

/** Expands STAC containers: an ItemCollection (FeatureCollection) or a JSON array gives its members. */
function* members(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    for (const v of value) yield* members(v);
  } else if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'FeatureCollection') {
    yield* ((value as { features?: unknown[] }).features ?? []);
  } else {
    yield value;
  }
}

/**
 * Reads JSON documents from a stream: NDJSON (one document per line) is streamed line by line, so
 * memory stays flat on large exports; a single multi-line JSON document is read whole.
 */
async function* readStream(stream: Readable, name: string, problems: ReadProblem[]): AsyncGenerator<SourceDocument> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let bytes = 0;
  let lineNo = 0;
  let pending: string[] | undefined;
  for await (const line of lines) {
    lineNo++;
    bytes += Buffer.byteLength(line) + 1;
    if (pending) {
      pending.push(line);
      continue;
    }
    const text = line.trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (lineNo === 1 || (text.startsWith('{') === false && text.startsWith('[') === false)) {
        // Not one document per line: a pretty-printed JSON document, read whole.
        pending = [line];
        continue;
      }
      problems.push({ origin: `${name}:${lineNo}`, reason: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    for (const member of members(value)) yield { value: member, origin: `${name}:${lineNo}`, bytes };
  }
  if (pending) {
    try {
      for (const member of members(JSON.parse(pending.join('\n')))) yield { value: member, origin: name, bytes };
    } catch (error) {
      problems.push({ origin: name, reason: `not valid JSON (${(error as Error).message})` });
    }
  }
}

export async function* readFileDocuments(path: string, problems: ReadProblem[]): AsyncGenerator<SourceDocument> {
  if (TEXT_EXTENSIONS.test(path)) {
    const bytes = await readFile(path);
    yield { text: decodeXml(bytes), origin: path, bytes: bytes.length };
    return;
  }
  if (!/\.(ndjson|jsonl)$/i.test(path) && statSync(path).size < 64 * 1024 * 1024) {
    // Small non-NDJSON files are parsed whole: a pretty-printed collection spans many lines.
    const text = await readFile(path, 'utf8');
    try {
      const bytes = Buffer.byteLength(text);
      for (const member of members(JSON.parse(text))) yield { value: member, origin: path, bytes };
      return;
    } catch {
      // Not a single JSON document: read it as NDJSON below.
    }
  }
  yield* readStream(createReadStream(path), path, problems);
}

export function readStdinDocuments(problems: ReadProblem[]): AsyncGenerator<SourceDocument> {
  return readStream(process.stdin, 'stdin', problems);
}
