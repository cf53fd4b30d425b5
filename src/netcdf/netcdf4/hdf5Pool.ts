/**
 * A pool of worker threads running h5wasm, so that HDF5's synchronous reads never block the event
 * loop. Each worker runs one job at a time; jobs wait in a queue and go preferably to a worker that
 * already has the file open. A worker is replaced after `maxJobsPerWorker` jobs, `maxBytesPerWorker`
 * bytes read, a WebAssembly heap above `maxHeapBytes` (the heap grows to the largest block read and
 * never shrinks) or any failed job (an HDF5 error unwinds through C code without its cleanup).
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Job, JobResults, WorkerReply, WorkerRequest } from './workerProtocol.js';

export interface Hdf5PoolOptions {
  /** Number of workers; default the number of CPUs, at most 4. */
  readonly size?: number;
  readonly maxJobsPerWorker?: number;
  readonly maxBytesPerWorker?: number;
  readonly maxHeapBytes?: number;
  /** A worker without work for this long stops (its WebAssembly heap and thread cost about 80 MB). */
  readonly idleMs?: number;
}

export interface Hdf5PoolStats {
  readonly started: number;
  readonly retired: number;
  readonly live: number;
  readonly queued: number;
}

const DEFAULTS = {
  maxJobsPerWorker: 10_000,
  maxBytesPerWorker: 8 * 1024 ** 3,
  maxHeapBytes: 256 * 1024 ** 2,
  idleMs: 60_000,
};

// Meridian runs its TypeScript sources through tsx, whose loader a worker thread does not inherit:
// the worker's first code registers it, then loads the TypeScript entry. h5wasm (4 MB of JavaScript)
// is loaded before that, because tsx's loader takes seconds over it; the entry then finds it loaded.
const H5WASM = import.meta.resolve('h5wasm/node');
const TSX_API = import.meta.resolve('tsx/esm/api');
const ENTRY = new URL('./hdf5Worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(H5WASM)})
  .then(() => import(${JSON.stringify(TSX_API)}))
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); });`;

interface Pending {
  readonly id: number;
  readonly job: Job;
  readonly resolve: (value: JobResults[Job['kind']]) => void;
  readonly reject: (reason: unknown) => void;
  settled: boolean;
}

interface PoolWorker {
  readonly worker: Worker;
  running?: Pending;
  jobs: number;
  bytes: number;
  retiring: boolean;
  idleTimer?: NodeJS.Timeout;
  readonly files: Set<string>;
  readonly releases: Map<number, () => void>;
}

export class Hdf5Pool {
  readonly #size: number;
  readonly #limits: typeof DEFAULTS;
  readonly #workers = new Set<PoolWorker>();
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #started = 0;
  #retired = 0;
  #closed = false;

  constructor(options: Hdf5PoolOptions = {}) {
    this.#size = Math.max(1, options.size ?? Math.min(availableParallelism(), 4));
    this.#limits = {
      maxJobsPerWorker: options.maxJobsPerWorker ?? DEFAULTS.maxJobsPerWorker,
      maxBytesPerWorker: options.maxBytesPerWorker ?? DEFAULTS.maxBytesPerWorker,
      maxHeapBytes: options.maxHeapBytes ?? DEFAULTS.maxHeapBytes,
      idleMs: options.idleMs ?? DEFAULTS.idleMs,
    };
  }

  get stats(): Hdf5PoolStats {
    return { started: this.#started, retired: this.#retired, live: this.#active().length, queued: this.#queue.length };
  }

  /** A key naming one open file in the workers (see `Job.file`). */
  fileKey(): string {
    return randomUUID();
  }

  run<K extends Job['kind']>(job: Extract<Job, { kind: K }>, opts?: { readonly signal?: AbortSignal }): Promise<JobResults[K]> {
    const signal = opts?.signal;
    return new Promise<JobResults[K]>((resolve, reject) => {
      if (this.#closed) throw new Error('the HDF5 worker pool is closed');
      signal?.throwIfAborted();
      const onAbort = (): void => {
        const at = this.#queue.indexOf(pending);
        if (at >= 0) this.#queue.splice(at, 1);
        settle(() => reject(signal!.reason));
      };
      const settle = (finish: () => void): void => {
        if (pending.settled) return;
        pending.settled = true;
        signal?.removeEventListener('abort', onAbort);
        finish();
      };
      const pending: Pending = {
        id: this.#nextId++,
        job,
        resolve: (value) => settle(() => resolve(value as JobResults[K])),
        reject: (reason) => settle(() => reject(reason)),
        settled: false,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(pending);
      this.#dispatch();
    });
  }

  /** Closes the file `file` in every worker that opened it; resolves once they have. */
  async release(file: string): Promise<void> {
    const acks: Promise<void>[] = [];
    for (const w of this.#workers) {
      if (!w.files.delete(file)) continue;
      const id = this.#nextId++;
      acks.push(new Promise<void>((done) => w.releases.set(id, done)));
      this.#post(w, { kind: 'release', id, file });
      this.#hold(w);
    }
    await Promise.all(acks);
  }

  /** Fails queued jobs, lets running ones finish, closes every file and stops the workers. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const p of this.#queue.splice(0)) p.reject(new Error('the HDF5 worker pool is closed'));
    const exits = [...this.#workers].map((w) => new Promise<void>((done) => w.worker.once('exit', () => done())));
    for (const w of this.#workers) if (w.running === undefined) this.#retire(w);
    await Promise.all(exits);
  }

  #active(): PoolWorker[] {
    return [...this.#workers].filter((w) => !w.retiring);
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const idle = this.#active().filter((w) => w.running === undefined);
      const job = this.#queue[0]!.job;
      let w = idle.find((c) => c.files.has(job.file)) ?? idle[0];
      if (w === undefined) {
        if (this.#active().length >= this.#size) return;
        w = this.#spawn();
      }
      const pending = this.#queue.shift()!;
      w.running = pending;
      w.files.add(job.file);
      this.#post(w, { kind: 'job', id: pending.id, job });
      this.#hold(w);
    }
  }

  #spawn(): PoolWorker {
    const w: PoolWorker = {
      worker: new Worker(BOOTSTRAP, { eval: true }),
      jobs: 0,
      bytes: 0,
      retiring: false,
      files: new Set(),
      releases: new Map(),
    };
    this.#started += 1;
    this.#workers.add(w);
    w.worker.on('message', (m: WorkerReply) => this.#onReply(w, m));
    w.worker.on('error', (error) => this.#onExit(w, error));
    w.worker.on('exit', () => this.#onExit(w, new Error('an HDF5 worker stopped')));
    return w;
  }

  #onReply(w: PoolWorker, m: WorkerReply): void {
    switch (m.kind) {
      case 'done':
      case 'failed': {
        const pending = w.running;
        w.running = undefined;
        w.jobs += 1;
        if (m.kind === 'done') {
          if (m.value instanceof Uint8Array) w.bytes += m.value.byteLength;
          pending?.resolve(m.value);
        } else {
          pending?.reject(new Error(m.message));
        }
        const l = this.#limits;
        if (m.kind === 'failed' || this.#closed || w.jobs >= l.maxJobsPerWorker || w.bytes >= l.maxBytesPerWorker || m.heapBytes >= l.maxHeapBytes) {
          this.#retire(w);
        }
        this.#dispatch();
        this.#hold(w);
        return;
      }
      case 'released':
        w.releases.get(m.id)?.();
        w.releases.delete(m.id);
        this.#hold(w);
        return;
      case 'closed':
        void w.worker.terminate();
        return;
    }
  }

  #retire(w: PoolWorker): void {
    if (w.retiring) return;
    w.retiring = true;
    this.#retired += 1;
    this.#post(w, { kind: 'shutdown' });
    this.#hold(w);
  }

  #onExit(w: PoolWorker, error: Error): void {
    if (!this.#workers.delete(w)) return;
    if (!w.retiring) this.#retired += 1;
    w.retiring = true;
    w.running?.reject(error);
    for (const done of w.releases.values()) done();
    this.#dispatch();
  }

  /** Keeps the process alive while a worker owes an answer, and only then; stops a worker idle for `idleMs`. */
  #hold(w: PoolWorker): void {
    const busy = w.running !== undefined || w.releases.size > 0 || w.retiring;
    if (busy) w.worker.ref();
    else w.worker.unref();
    clearTimeout(w.idleTimer);
    w.idleTimer = undefined;
    if (!busy) {
      w.idleTimer = setTimeout(() => this.#retire(w), this.#limits.idleMs);
      w.idleTimer.unref();
    }
  }

  #post(w: PoolWorker, request: WorkerRequest): void {
    w.worker.postMessage(request);
  }
}
