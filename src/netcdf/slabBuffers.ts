/**
 * Buffers for the slabs of one read, given back once their bytes are sent, so that a download of a
 * gigabyte reuses a few slab buffers instead of allocating hundreds of fresh ones (each zeroed by the
 * kernel on first touch, and freed only when the garbage collector gets round to it: ten concurrent
 * downloads then held more than a gigabyte of dead slabs).
 */
export class SlabBuffers {
  readonly #free: ArrayBuffer[] = [];
  readonly #owned = new WeakSet<ArrayBuffer>();

  /** A buffer of `bytes` bytes, uninitialised: a recycled one when one is large enough. */
  take(bytes: number): Buffer {
    const at = this.#free.findIndex((b) => b.byteLength >= bytes);
    if (at >= 0) return Buffer.from(this.#free.splice(at, 1)[0]!, 0, bytes);
    const fresh = Buffer.allocUnsafeSlow(bytes);
    this.#owned.add(fresh.buffer);
    return fresh;
  }

  /**
   * Gives back a buffer from `take` whose bytes nobody reads any more (sent to the socket); any other
   * buffer is ignored, so that every chunk of a response may be offered.
   */
  give(buffer: Uint8Array): void {
    const backing = buffer.buffer;
    if (backing instanceof ArrayBuffer && this.#owned.has(backing) && !this.#free.includes(backing)) this.#free.push(backing);
  }
}
