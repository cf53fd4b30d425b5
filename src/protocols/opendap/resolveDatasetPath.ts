/**
 * Dataset URLs `<root name>/<path inside the root>.<suffix>` to files, only under the configured
 * roots: `..` and `.` segments are refused (also percent-encoded), and a path whose real location
 * (symbolic links followed) leaves its root is answered as missing.
 */
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { MeridianError } from '../../core/errors.js';

export interface OpendapRoot {
  /** The first segment of dataset URLs. */
  readonly name: string;
  /** The directory served. */
  readonly path: string;
}

export type DapSuffix = 'dds' | 'das' | 'dods' | 'ascii' | 'html' | 'info' | 'ver' | 'help' | 'ddx' | 'dmr' | 'dap';

const SUFFIXES: readonly (readonly [string, DapSuffix])[] = [
  ['.dds', 'dds'],
  ['.das', 'das'],
  ['.dods', 'dods'],
  ['.ascii', 'ascii'],
  ['.asc', 'ascii'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.info', 'info'],
  ['.ver', 'ver'],
  ['.help', 'help'],
  ['.ddx', 'ddx'],
  ['.dmr.xml', 'dmr'],
  ['.dmr', 'dmr'],
  ['.dap', 'dap'],
];

export interface DatasetUrl {
  /** The decoded segments of the dataset's path, the root's name first. */
  readonly segments: readonly string[];
  readonly suffix: DapSuffix;
}

/** One percent-decoded path segment; `.`, `..`, empty segments, slashes, backslashes and NULs are refused. */
function decodeSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new MeridianError('InvalidParameter', 'the dataset path has a malformed %-escape');
  }
  if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) {
    throw new MeridianError('InvalidParameter', 'the dataset path may not contain empty, "." or ".." segments, backslashes or encoded slashes');
  }
  return decoded;
}

/** The response suffix a dataset URL's last (decoded) segment ends with, after a name. */
function suffixOf(last: string): readonly [string, DapSuffix] | undefined {
  return SUFFIXES.find(([s]) => last.endsWith(s) && last.length > s.length);
}

/**
 * Whether the raw path of a request names a DAP4 response (`.dmr`, `.dmr.xml`, `.dap`), as
 * `parseDatasetUrl` would find, without checking the path: so that a refusal before it is DAP4's.
 */
export function isDap4Path(rawPath: string): boolean {
  const raw = rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  let last = raw.slice(raw.lastIndexOf('/') + 1);
  try {
    last = decodeURIComponent(last);
  } catch {
    return false;
  }
  const suffix = suffixOf(last)?.[1];
  return suffix === 'dmr' || suffix === 'dap';
}

/** Splits the raw (still percent-encoded) path of a request into dataset segments and suffix. */
export function parseDatasetUrl(rawPath: string): DatasetUrl {
  const segments = rawPath
    .split('/')
    .filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)))
    .map(decodeSegment);
  const last = segments.at(-1);
  const match = last === undefined ? undefined : suffixOf(last);
  if (last === undefined || match === undefined) {
    throw new MeridianError('NotFound', `a dataset URL ends with one of ${SUFFIXES.map(([s]) => s).join(' ')}`);
  }
  return { segments: [...segments.slice(0, -1), last.slice(0, -match[0].length)], suffix: match[1] };
}

export interface DatasetFile {
  /** The real path (symbolic links resolved). */
  readonly path: string;
  readonly size: number;
  readonly mtime: Date;
}

/**
 * The dataset file, or `NotFound`. A path that is not found and still holds %-escapes is tried once
 * more decoded again: netCDF-C 4.9's DAP4 client encodes an already encoded URL (`sub%20dir` is
 * requested as `sub%2520dir`).
 */
export async function resolveDatasetPath(
  roots: readonly OpendapRoot[],
  segments: readonly string[],
  opts?: { readonly signal?: AbortSignal },
): Promise<DatasetFile> {
  try {
    return await locateDataset(roots, segments, opts);
  } catch (error) {
    const escaped = /%[0-9a-fA-F]{2}/;
    if (!(error instanceof MeridianError && error.code === 'NotFound') || !segments.some((s) => escaped.test(s))) throw error;
    return locateDataset(roots, segments.map((s) => (escaped.test(s) ? decodeSegment(s) : s)), opts);
  }
}

async function locateDataset(roots: readonly OpendapRoot[], segments: readonly string[], opts?: { readonly signal?: AbortSignal }): Promise<DatasetFile> {
  const [rootName, ...rest] = segments;
  const root = roots.find((r) => r.name === rootName);
  const shown = segments.join('/');
  if (root === undefined || rest.length === 0) throw new MeridianError('NotFound', `no dataset ${shown}`);
  opts?.signal?.throwIfAborted();
  try {
    const rootReal = await realpath(root.path);
    const real = await realpath([rootReal, ...rest].join(sep));
    if (!real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep)) throw new MeridianError('NotFound', `no dataset ${shown}`);
    const info = await stat(real);
    if (!info.isFile()) throw new MeridianError('NotFound', `no dataset ${shown}`);
    return { path: real, size: info.size, mtime: info.mtime };
  } catch (error) {
    if (error instanceof MeridianError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'EACCES') {
      throw new MeridianError('NotFound', `no dataset ${shown}`, { cause: error });
    }
    throw new MeridianError('Internal', `cannot resolve ${shown}`, { cause: error });
  }
}
