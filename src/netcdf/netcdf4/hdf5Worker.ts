/**
 * Worker thread running h5wasm, whose API is synchronous: one job at a time, off the main event loop.
 * Files stay open between the jobs of a dataset (reopening costs milliseconds per block) until the
 * dataset releases them, the worker shuts down, or more than MAX_OPEN_FILES are open. They must be
 * closed explicitly: NODERAWFS opens them with the process's file descriptors, which terminating the
 * thread would leak.
 */
import { parentPort } from 'node:worker_threads';
import { ready } from 'h5wasm/node';
import { readHdf5Header } from './hdf5Header.js';
import { readBlock } from './hdf5Read.js';
import type { Job, JobResults, WorkerReply, WorkerRequest } from './workerProtocol.js';

const MAX_OPEN_FILES = 16;

const port = parentPort;
if (port === null) throw new Error('hdf5Worker runs in a worker thread');
const h5 = await ready;
// HDF5 errors become exceptions carrying HDF5's error stack instead of text printed on stderr.
h5.activate_throwing_error_handler();

/** Open files by dataset key, least recently used first. */
const files = new Map<string, bigint>();

function fileId(key: string, path: string): bigint {
  let id = files.get(key);
  if (id === undefined) {
    id = h5.open(path, h5.H5F_ACC_RDONLY, false, -1, -1);
    if (id < 0n) throw new Error(`H5Fopen of ${path} failed`);
    if (files.size >= MAX_OPEN_FILES) {
      const [oldest, oldestId] = files.entries().next().value!;
      files.delete(oldest);
      h5.close_file(oldestId);
    }
  } else {
    files.delete(key);
  }
  files.set(key, id);
  return id;
}

function release(key: string): void {
  const id = files.get(key);
  if (id === undefined) return;
  files.delete(key);
  h5.close_file(id);
}

function run(job: Job): JobResults[Job['kind']] {
  const id = fileId(job.file, job.path);
  switch (job.kind) {
    case 'header':
      return readHdf5Header(h5, id);
    case 'read':
      return readBlock(h5, id, job.block);
  }
}

function reply(message: WorkerReply): void {
  if (message.kind === 'done' && message.value instanceof Uint8Array) port!.postMessage(message, [message.value.buffer as ArrayBuffer]);
  else port!.postMessage(message);
}

port.on('message', (request: WorkerRequest) => {
  switch (request.kind) {
    case 'job':
      try {
        const value = run(request.job);
        reply({ kind: 'done', id: request.id, value, heapBytes: h5.HEAPU8.length });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        reply({ kind: 'failed', id: request.id, message, heapBytes: h5.HEAPU8.length });
      }
      return;
    case 'release':
      release(request.file);
      reply({ kind: 'released', id: request.id });
      return;
    case 'shutdown':
      for (const key of [...files.keys()]) release(key);
      reply({ kind: 'closed' });
      return;
  }
});
