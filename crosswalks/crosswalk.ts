import type { NativeFormat } from '../src/core/nativeFormat.js';
import type { StacRecord } from '../src/core/stac.js';

/**
 * The contract every crosswalk follows: pure functions, document in, STAC out (or STAC in, document
 * out), no I/O, no clock, no randomness, no logging. Problems become warnings; input that cannot be
 * read at all throws `CrosswalkError`.
 */
export type { NativeFormat };

export interface CrosswalkContext {
  /** The public base URL of this Meridian, for landing-page and self links. */
  readonly baseUrl: string;
  /** The collection an item crosswalk should attach its result to, when the caller knows it. */
  readonly collection?: string;
  /**
   * The document as the caller already parsed it, for JSON formats: what the document's text parses to.
   * The ESGF harvester builds each document from a page it parsed and passes it here, so that the esg-search
   * crosswalk does not parse the text again; the other crosswalks read the text.
   */
  readonly parsed?: unknown;
}

export type WarningKind = 'dropped' | 'defaulted' | 'malformed' | 'unsupported' | 'missing';

export interface CrosswalkWarning {
  /** Where in the source (or the STAC record) the problem is, as an XPath-like or JSON path. */
  readonly path: string;
  readonly kind: WarningKind;
  readonly detail: string;
}

export interface CrosswalkResult<T> {
  readonly value: T;
  readonly warnings: readonly CrosswalkWarning[];
}

/** The input is not a document of the expected format, or misses what every record needs (an identifier). */
export class CrosswalkError extends Error {
  readonly format: NativeFormat;
  constructor(format: NativeFormat, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CrosswalkError';
    this.format = format;
  }
}

/**
 * Output crosswalks that cannot produce a valid document (DataCite without creators...) return the
 * problems instead, each naming the field, so that a curator can fix the record.
 */
export type FromStacResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly CrosswalkWarning[] }
  | { readonly ok: false; readonly problems: readonly CrosswalkWarning[] };

export type ToStac = (document: string, ctx: CrosswalkContext) => CrosswalkResult<StacRecord>;
