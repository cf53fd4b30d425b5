/**
 * The metadata responses (`.dds`, `.das`, `.ddx`, `.dmr`) kept fully built: body bytes, compressed
 * variants and headers, by dataset URL and constraint, valid while the file keeps its path, size and
 * modification time. Clients ask for the same few documents again and again (netCDF-C: `.dds`, `.das`,
 * `.dds` per open); a response found here is written with Node's own calls, without rendering,
 * hashing or express's header helpers.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { chooseEncoding, type MetadataEncoding } from './metadataEncoding.js';
import { dapHeaders } from './headers.js';
import type { DatasetFile } from './resolveDatasetPath.js';

/** A metadata document as the router renders it. */
export interface MetadataDocument {
  /** `Content-Description` (`dods_dds`, `dods_das`...). */
  readonly description: string;
  /** Names the kind of document in its ETag (`dds`, `das`...). */
  readonly variant: string;
  /** Full `Content-Type`, charset included. */
  readonly contentType: string;
  readonly text: string;
}

/** The bytes and headers of one coding of a document. */
interface Encoded {
  /** ETag, Last-Modified, Vary and the DAP headers: also those of a 304. */
  readonly validators: OutgoingHttpHeaders;
  /** Content-Type, Content-Encoding, Content-Length. */
  readonly entity: OutgoingHttpHeaders;
  /** All the headers of a 200, after those a caller sends first (by that caller's object). */
  readonly complete: WeakMap<OutgoingHttpHeaders, OutgoingHttpHeaders>;
  readonly body: Buffer;
}

const NO_HEADERS: OutgoingHttpHeaders = {};

/** Whether the request asks for a 304 when its copy is current. */
export function isConditional(req: IncomingMessage): boolean {
  return req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
}

/** One document of one file version, and its codings built so far. */
export class MetadataResponse {
  /** The dataset URL's segments (see DatasetLocations), the root's name first. */
  readonly segments: readonly string[];
  /** What it holds at most, for the cache's budget: the text, and its gzip and deflate variants (each shorter). */
  readonly weight: number;
  readonly #file: DatasetFile;
  readonly #document: MetadataDocument;
  readonly #tag: string;
  readonly #codings = new Map<MetadataEncoding | 'identity', Encoded>();

  constructor(segments: readonly string[], file: DatasetFile, document: MetadataDocument, query: string) {
    this.segments = segments;
    this.#file = file;
    this.#document = document;
    this.#tag = createHash('sha1').update(`${document.variant}?${query}`).digest('hex').slice(0, 12);
    this.weight = 3 * Buffer.byteLength(document.text, 'utf8');
  }

  /** Whether `file` is still the file version this response was built from. */
  describes(file: DatasetFile): boolean {
    return file.path === this.#file.path && file.size === this.#file.size && file.mtime.getTime() === this.#file.mtime.getTime();
  }

  /**
   * Answers in the coding the request's Accept-Encoding prefers: the document (its headers only for
   * HEAD), or a 304 when the request is conditional and `isFresh` says its copy is current. `headers`
   * go out first (those the application sends with every response).
   */
  send(req: IncomingMessage, res: ServerResponse, opts: { readonly isFresh?: () => boolean; readonly headers?: OutgoingHttpHeaders } = {}): void {
    const encoded = this.#encoded(chooseEncoding(req.headers['accept-encoding'], this.#document.text) ?? 'identity');
    if (opts.isFresh !== undefined && isConditional(req)) {
      for (const name in encoded.validators) res.setHeader(name, encoded.validators[name]!);
      if (opts.isFresh()) {
        res.statusCode = 304;
        res.end();
        return;
      }
    }
    const first = opts.headers ?? NO_HEADERS;
    let headers = encoded.complete.get(first);
    if (headers === undefined) {
      headers = { ...first, ...encoded.validators, ...encoded.entity };
      encoded.complete.set(first, headers);
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else res.end(encoded.body);
  }

  #encoded(coding: MetadataEncoding | 'identity'): Encoded {
    const known = this.#codings.get(coding);
    if (known !== undefined) return known;
    const { text, description, contentType } = this.#document;
    const file = this.#file;
    const body = coding === 'gzip' ? gzipSync(text) : coding === 'deflate' ? deflateSync(text) : Buffer.from(text, 'utf8');
    const etag = `"${file.size.toString(16)}-${file.mtime.getTime().toString(16)}-${this.#tag}${coding === 'identity' ? '' : `-${coding}`}"`;
    const encoded: Encoded = {
      validators: { ...dapHeaders(description), Vary: 'Accept-Encoding', ETag: etag, 'Last-Modified': file.mtime.toUTCString() },
      entity: { 'Content-Type': contentType, ...(coding === 'identity' ? {} : { 'Content-Encoding': coding }), 'Content-Length': String(body.length) },
      complete: new WeakMap(),
      body,
    };
    this.#codings.set(coding, encoded);
    return encoded;
  }
}

/** Built responses by dataset URL and constraint, the least recently used dropped beyond a byte budget. */
export class MetadataResponses {
  readonly #maxBytes: number;
  readonly #responses = new Map<string, MetadataResponse>();
  #weight = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The response kept for `key` (a dataset URL and its query), whatever file version it was built from. */
  get(key: string): MetadataResponse | undefined {
    const response = this.#responses.get(key);
    if (response === undefined) return undefined;
    // Most recently used last, so that the first entry is the one to drop.
    this.#responses.delete(key);
    this.#responses.set(key, response);
    return response;
  }

  /** Keeps `response` for `key`, then drops the least recently used beyond the budget. */
  add(key: string, response: MetadataResponse): void {
    const known = this.#responses.get(key);
    if (known !== undefined) this.#drop(key, known);
    this.#responses.set(key, response);
    this.#weight += response.weight;
    for (const [k, r] of this.#responses) {
      if (this.#weight <= this.#maxBytes || this.#responses.size === 1) return;
      this.#drop(k, r);
    }
  }

  #drop(key: string, response: MetadataResponse): void {
    this.#responses.delete(key);
    this.#weight -= response.weight;
  }
}
