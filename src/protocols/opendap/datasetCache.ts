/**
 * Open datasets with their DAP2 model and rendered DAS, and their DAP4 model, kept between requests (netCDF-C makes one
 * request per leading index, xarray one per dask chunk): keyed by real path, size and modification
 * time, so that a changed file is opened again. Least recently used entries are closed once no
 * request holds them.
 */
import type { Logger } from 'pino';
import type { Dataset } from '../../netcdf/reader.js';
import { buildDapModel, type DapModel } from './dap2/dapModel.js';
import { renderDas } from './dap2/renderDas.js';
import { buildDap4Model, type Dap4Model } from './dap4/dap4Model.js';
import type { DatasetFile } from './resolveDatasetPath.js';

export interface CachedDataset {
  readonly file: DatasetFile;
  readonly dataset: Dataset;
  readonly model: DapModel;
  readonly das: string;
  readonly dap4: Dap4Model;
}

export interface DatasetLease {
  readonly entry: CachedDataset;
  /** Gives the entry back; call once. */
  release(): void;
}

interface Slot {
  readonly key: string;
  readonly ready: Promise<CachedDataset>;
  refs: number;
  retired: boolean;
}

export type OpenFile = (path: string, opts?: { readonly signal?: AbortSignal }) => Promise<Dataset>;

export class DatasetCache {
  readonly #open: OpenFile;
  readonly #capacity: number;
  readonly #log: Logger;
  /** In use order: the least recently used first. */
  readonly #slots = new Map<string, Slot>();

  constructor(open: OpenFile, capacity: number, log: Logger) {
    this.#open = open;
    this.#capacity = Math.max(1, capacity);
    this.#log = log;
  }

  async acquire(file: DatasetFile, opts?: { readonly signal?: AbortSignal }): Promise<DatasetLease> {
    const key = `${file.size}:${file.mtime.getTime()}`;
    let slot = this.#slots.get(file.path);
    if (slot !== undefined && slot.key !== key) {
      this.#retire(file.path, slot);
      slot = undefined;
    }
    if (slot === undefined) {
      // Opening is not tied to one request's signal: other requests may wait for the same slot.
      const ready = this.#open(file.path).then(async (dataset) => {
        const model = buildDapModel(dataset.header);
        return { file, dataset, model, das: renderDas(model), dap4: buildDap4Model(dataset.header) };
      });
      slot = { key, ready, refs: 0, retired: false };
      const created = slot;
      ready.catch(() => {
        if (this.#slots.get(file.path) === created) this.#slots.delete(file.path);
      });
      this.#evict();
    } else {
      this.#slots.delete(file.path);
    }
    this.#slots.set(file.path, slot);
    slot.refs++;
    const held = slot;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      held.refs--;
      if (held.retired && held.refs === 0) void this.#close(held);
    };
    try {
      opts?.signal?.throwIfAborted();
      return { entry: await held.ready, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  #evict(): void {
    for (const [path, slot] of this.#slots) {
      if (this.#slots.size < this.#capacity) return;
      this.#retire(path, slot);
    }
  }

  #retire(path: string, slot: Slot): void {
    this.#slots.delete(path);
    slot.retired = true;
    if (slot.refs === 0) void this.#close(slot);
  }

  async #close(slot: Slot): Promise<void> {
    try {
      await (await slot.ready).dataset.close();
    } catch (error) {
      // A dataset that failed to open has nothing to close.
      this.#log.debug({ err: error }, 'OPeNDAP dataset closed with an error');
    }
  }
}
