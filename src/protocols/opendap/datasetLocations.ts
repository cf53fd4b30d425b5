/**
 * The files dataset URLs lead to, trusted for `recheckMs` after they were looked up: resolving a URL
 * costs two realpath calls and a stat (three trips through libuv's thread pool), which was most of the
 * server's work for a `.das` or `.dds` answer. A file changed, replaced or removed is seen at most
 * `recheckMs` later (the dataset cache then opens it again, keyed by size and modification time).
 */
import { resolveDatasetPath, type DatasetFile, type OpendapRoot } from './resolveDatasetPath.js';

/** Locations remembered at most; beyond, the oldest are forgotten. */
const MAX_LOCATIONS = 10_000;

interface Location {
  readonly file: Promise<DatasetFile>;
  /** The file once the lookup has succeeded. */
  found?: DatasetFile;
  readonly until: number;
}

export class DatasetLocations {
  readonly #roots: readonly OpendapRoot[];
  readonly #recheckMs: number;
  /** By URL segments, the oldest first. */
  readonly #known = new Map<string, Location>();

  constructor(roots: readonly OpendapRoot[], recheckMs: number) {
    this.#roots = roots;
    this.#recheckMs = recheckMs;
  }

  /** The dataset file of `segments` when a lookup of it has succeeded and is still trusted: no waiting. */
  known(segments: readonly string[]): DatasetFile | undefined {
    const location = this.#known.get(segments.join('/'));
    return location !== undefined && location.until > performance.now() ? location.found : undefined;
  }

  /** The dataset file of `segments`, or `NotFound` (failures are not remembered). */
  resolve(segments: readonly string[], opts?: { readonly signal?: AbortSignal }): Promise<DatasetFile> {
    opts?.signal?.throwIfAborted();
    const now = performance.now();
    const key = segments.join('/');
    const known = this.#known.get(key);
    if (known !== undefined && known.until > now) return known.file;
    if (known !== undefined) this.#known.delete(key);
    // Not tied to one request's signal: requests for the same dataset share the lookup.
    const file = resolveDatasetPath(this.#roots, segments);
    if (this.#recheckMs <= 0) return file;
    const location: Location = { file, until: now + this.#recheckMs };
    this.#known.set(key, location);
    file.then(
      (found) => {
        location.found = found;
      },
      () => {
        if (this.#known.get(key) === location) this.#known.delete(key);
      },
    );
    if (this.#known.size > MAX_LOCATIONS) this.#known.delete(this.#known.keys().next().value!);
    return file;
  }
}
