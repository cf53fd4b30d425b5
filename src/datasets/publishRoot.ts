/**
 * Publishes a directory of NetCDF files as a catalogue collection: one STAC Item per file (the CF/ACDD
 * crosswalk of its header) with its OPeNDAP and download assets, in a collection per root whose
 * extent is its items'. Runs are incremental: a file whose size, modification time and URLs are
 * those its record states is not read again, and content-hash de-duplication leaves unchanged
 * records alone, so that a second run over an unchanged root writes nothing. Records of files that
 * are gone are tombstoned after a complete scan.
 */
import { headerToStac } from '../../crosswalks/netcdf/toStac.js';
import type { DatasetRootConfig } from '../core/config.js';
import type { RecordInput } from '../core/record.js';
import { STAC_VERSION, type BBox, type StacCollection, type StacItem, type StacRecord } from '../core/stac.js';
import { openDataset } from '../netcdf/openDataset.js';
import type { HarvestStore } from '../store/harvestStore.js';
import type { RecordStore } from '../store/recordStore.js';
import { downloadUrl, opendapUrl, threddsCatalogUrl } from './datasetUrls.js';
import { scanRoot, type ScannedFile, type ScanProblem } from './scanRoot.js';

const FILE_EXTENSION = 'https://stac-extensions.github.io/file/v2.1.0/schema.json';

/** The native id of a root's collection record (its items' are their paths inside the root). */
const COLLECTION_NATIVE_ID = '.';
const BATCH = 200;

export interface PublishDeps {
  readonly store: RecordStore;
  readonly harvests: HarvestStore;
}

/** Counts of items (files); the collection is not counted. */
export interface PublishReport {
  readonly collection: string;
  /** The NetCDF-named files the scan found, skipped ones included. */
  readonly files: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
  /** Files that were skipped (not NetCDF, unreadable, no usable header) and entries the scan refused. */
  readonly failed: readonly ScanProblem[];
  /** False when part of the root could not be read: nothing was tombstoned then. */
  readonly complete: boolean;
}

function publishSourceId(rootName: string): string {
  return `publish:${rootName}`;
}

function collectionIdOf(root: DatasetRootConfig): string {
  return root.collection ?? root.name;
}

interface DownloadAsset {
  readonly href?: unknown;
  readonly updated?: unknown;
  readonly 'file:size'?: unknown;
}

/** True when the record already describes this very file at these URLs. */
function isCurrent(base: StacRecord, file: ScannedFile, href: string): boolean {
  const asset = base.assets?.download as DownloadAsset | undefined;
  return asset?.href === href && asset['file:size'] === file.size && asset.updated === file.mtime.toISOString();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function fileItem(root: DatasetRootConfig, file: ScannedFile, baseUrl: string, signal?: AbortSignal): Promise<StacItem> {
  const dataset = await openDataset(file.path, signal === undefined ? undefined : { signal });
  const { header } = dataset;
  await dataset.close();
  const modified = file.mtime.toISOString();
  const { value } = headerToStac(header, {
    baseUrl,
    collection: collectionIdOf(root),
    nativeId: file.relativePath,
    datestamp: modified,
  });
  return {
    ...value,
    // The path is the id: files split by time often share their dataset's id attribute.
    id: file.relativePath,
    stac_extensions: [...new Set([...(value.stac_extensions ?? []), FILE_EXTENSION])].sort(),
    assets: {
      ...value.assets,
      opendap: {
        href: opendapUrl(baseUrl, root.name, file.relativePath),
        title: 'OPeNDAP (DAP2 and DAP4)',
        roles: ['data'],
      },
      download: {
        href: downloadUrl(baseUrl, root.name, file.relativePath),
        title: 'NetCDF file',
        type: 'application/netcdf',
        roles: ['data'],
        updated: modified,
        'file:size': file.size,
      },
    },
  };
}

/** The union of the items' boxes and time spans; the whole world and an open span when they state none. */
function extentOf(items: readonly StacRecord[]): StacCollection['extent'] {
  let box: [number, number, number, number] | undefined;
  let start: string | undefined;
  let end: string | undefined;
  for (const item of items) {
    const b = item.bbox as BBox | undefined;
    if (b !== undefined) {
      const [w, s, e, n] = b.length === 6 ? [b[0], b[1], b[3], b[4]] : [b[0], b[1], b[2], b[3]];
      // A box across the antimeridian makes the union span every longitude.
      const [west, east] = w > e ? [-180, 180] : [w, e];
      box = box === undefined ? [west, s, east, n] : [Math.min(box[0], west), Math.min(box[1], s), Math.max(box[2], east), Math.max(box[3], n)];
    }
    const p = (item.properties ?? {}) as Record<string, unknown>;
    const first = [p.start_datetime, p.datetime].find((t): t is string => typeof t === 'string');
    const last = [p.end_datetime, p.datetime].find((t): t is string => typeof t === 'string');
    if (first !== undefined && (start === undefined || Date.parse(first) < Date.parse(start))) start = first;
    if (last !== undefined && (end === undefined || Date.parse(last) > Date.parse(end))) end = last;
  }
  return { spatial: { bbox: [box ?? [-180, -90, 180, 90]] }, temporal: { interval: [[start ?? null, end ?? null]] } };
}

function collectionOf(root: DatasetRootConfig, items: readonly StacRecord[], baseUrl: string): StacCollection {
  const licenses = new Set(items.map((i) => (i.properties as Record<string, unknown> | undefined)?.license).filter((l) => typeof l === 'string'));
  const [only] = licenses;
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    id: collectionIdOf(root),
    title: root.title ?? root.name,
    description: `The NetCDF files of the data root "${root.name}", each with its OPeNDAP endpoint and file download.`,
    license: licenses.size === 1 && typeof only === 'string' ? only : 'other',
    extent: extentOf(items),
    links: [{ rel: 'alternate', href: threddsCatalogUrl(baseUrl, root.name), type: 'application/xml', title: 'THREDDS catalog' }],
  };
}

/** Scans the root, catalogues its new and changed files, refreshes the collection and tombstones the files that are gone. */
export async function publishRoot(
  deps: PublishDeps,
  root: DatasetRootConfig,
  opts: { readonly baseUrl: string; readonly now?: Date; readonly signal?: AbortSignal },
): Promise<PublishReport> {
  const sourceId = publishSourceId(root.name);
  const harvestedAt = (opts.now ?? new Date()).toISOString();
  const collectionId = collectionIdOf(root);
  const scan = await scanRoot(root.path, opts.signal === undefined ? undefined : { signal: opts.signal });
  const existing = (await deps.harvests.liveDocumentsOf(sourceId, opts)).filter((r) => r.kind === 'item');
  // Items of another collection (the root's collection was renamed) are replaced, not kept.
  const byPath = new Map(existing.filter((r) => r.collectionId === collectionId).map((r) => [r.nativeId, r]));

  const failed: ScanProblem[] = [...scan.problems];
  const items = new Map<string, StacRecord>();
  const changed: RecordInput[] = [];
  let unchanged = 0;
  for (const file of scan.files) {
    opts.signal?.throwIfAborted();
    const before = byPath.get(file.relativePath);
    if (before !== undefined && isCurrent(before.base, file, downloadUrl(opts.baseUrl, root.name, file.relativePath))) {
      items.set(file.relativePath, before.base);
      unchanged += 1;
      continue;
    }
    try {
      const doc = await fileItem(root, file, opts.baseUrl, opts.signal);
      items.set(file.relativePath, doc);
      changed.push({ doc, provenance: { sourceId, nativeId: file.relativePath, harvestedAt } });
    } catch (error) {
      opts.signal?.throwIfAborted();
      failed.push({ relativePath: file.relativePath, reason: errorText(error) });
      // A file that is there but unreadable keeps its earlier record.
      if (before !== undefined) items.set(file.relativePath, before.base);
    }
  }

  const collection: RecordInput = {
    doc: collectionOf(root, [...items.values()], opts.baseUrl),
    provenance: { sourceId, nativeId: COLLECTION_NATIVE_ID, harvestedAt },
  };
  let created = 0;
  let updated = 0;
  const inputs = [collection, ...changed];
  for (let i = 0; i < inputs.length; i += BATCH) {
    const outcomes = await deps.store.upsertMany(inputs.slice(i, i + BATCH), sourceId);
    for (const o of outcomes) {
      if (o.status === 'failed') failed.push({ relativePath: o.kind === 'item' ? o.id : COLLECTION_NATIVE_ID, reason: o.reason });
      else if (o.kind === 'collection') continue;
      else if (o.status === 'updated') updated += 1;
      else if (o.status === 'unchanged') unchanged += 1;
      else created += 1;
    }
  }

  let deleted = 0;
  if (scan.complete) {
    for (const gone of existing.filter((r) => r.collectionId !== collectionId || !items.has(r.nativeId))) {
      if (await deps.store.delete({ kind: 'item', collectionId: gone.collectionId, id: gone.id }, sourceId)) deleted += 1;
    }
  }
  return { collection: collectionId, files: scan.files.length, created, updated, unchanged, deleted, failed, complete: scan.complete };
}
