/**
 * Where capture bytes come from. The reader asks for slices, so a file of any size is read a chunk
 * at a time: a `Blob`/`File` in the browser or worker, a file descriptor in Node (node-source.ts),
 * or bytes already in memory.
 */

/** Random access to the bytes of a capture. */
export interface ByteSource {
  /** Total bytes. */
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: fills `target` from `offset` and returns the bytes read (fewer only at the end). Lets
   * the reader reuse two buffers for the whole file (one parsed while the next chunk is read)
   * instead of allocating one per chunk.
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  /** Releases the underlying handle, if any. */
  close?(): Promise<void>;
}

/** A source over bytes already in memory (tests, small pasted captures). Slices are views, not copies. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** A source over a `Blob` or `File`: each read is `blob.slice().arrayBuffer()`, so only one chunk is held. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) =>
      new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer()),
  };
}

export function isByteSource(x: unknown): x is ByteSource {
  return typeof x === 'object' && x !== null && 'read' in x && 'size' in x && !(x instanceof Uint8Array);
}
