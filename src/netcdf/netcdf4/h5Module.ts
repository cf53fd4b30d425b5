/**
 * Low-level access to the h5wasm module inside a worker: buffers on the WebAssembly heap and the C
 * strings HDF5 returns for variable-length strings. `HEAPU8` is re-read after every call that may
 * allocate, because growing the heap replaces it.
 */
import type { ready } from 'h5wasm/node';

export type H5Module = Awaited<typeof ready>;

/** HDF5 datatype classes as h5wasm's metadata reports them (`H5T_class_t`). */
export const H5T_INTEGER = 0;
export const H5T_FLOAT = 1;
export const H5T_STRING = 3;

/** A hyperslab as h5wasm takes it: start, count and stride per dimension. */
export interface H5Selection {
  readonly offset: bigint[];
  readonly count: bigint[];
  readonly stride: bigint[];
}

const utf8 = new TextDecoder('utf-8');

/** Runs `use` with `bytes` bytes of heap memory, freed afterwards. */
export function withHeap<T>(h5: H5Module, bytes: number, use: (ptr: number) => T): T {
  if (bytes > h5.MAXIMUM_MEMORY) throw new Error(`a read of ${bytes} bytes exceeds the WebAssembly heap`);
  const ptr = h5._malloc(Math.max(1, bytes));
  if (ptr === 0) throw new Error(`cannot allocate ${bytes} bytes on the WebAssembly heap`);
  try {
    return use(ptr);
  } finally {
    h5._free(ptr);
  }
}

/** The bytes of the NUL-terminated string at `ptr` (a view of the heap: copy or decode before the next call). */
export function cStringBytes(h5: H5Module, ptr: number): Uint8Array {
  const heap = h5.HEAPU8;
  if (ptr === 0) return heap.subarray(0, 0);
  const end = heap.indexOf(0, ptr);
  return heap.subarray(ptr, end < 0 ? heap.length : end);
}

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** The pointers of `n` variable-length strings read into the heap at `ptr` (wasm32: 4 bytes each). */
export function stringPointers(h5: H5Module, ptr: number, n: number): Uint32Array {
  return new Uint32Array(h5.HEAPU8.buffer, ptr, n).slice();
}
