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
  /** Optional: the chunk size the reader should stream this source in (reader.ts's default otherwise). */
  readonly chunkBytes?: number;
}

/**
 * A Blob is read fastest in large slices: each `slice().arrayBuffer()` costs Chromium a fixed
 * overhead, so a worker reads 1 GB in 8.0 s in 4 MiB slices, 5.3 s in 16 MiB, 5.2 s in 32 MiB and
 * 5.5 s in 64 MiB (headless Chromium, load average 4). Two pooled chunks of this size stay in memory.
 */
export const BLOB_CHUNK_BYTES = 16 << 20;

/** A source over bytes already in memory (tests, small pasted captures). Slices are views, not copies. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/**
 * A source over a `Blob` or `File`: each read is `blob.slice().arrayBuffer()`, so only one chunk is
 * held. `readInto` lets the reader ask for the next chunk while it parses this one (the browser reads
 * the file on its own thread meanwhile), at the cost of one copy.
 */
export function blobSource(blob: Blob): ByteSource {
  const read = async (offset: number, length: number) =>
    new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer());
  return {
    size: blob.size,
    chunkBytes: BLOB_CHUNK_BYTES,
    read,
    readInto: async (offset, target) => {
      const got = await read(offset, target.length);
      target.set(got);
      return got.length;
    },
  };
}

/**
 * The capture's head (file header, pcapng section and interface blocks) followed by the records of
 * `source` in [from, to): a part of a capture read as a capture of its own (a page of the packet
 * list, the replay's window), without reading what lies before it.
 */
export function rangeSource(head: Uint8Array, source: ByteSource, from: number, to: number): ByteSource {
  const size = head.length + Math.max(0, Math.min(to, source.size) - from);
  const read = async (offset: number, length: number): Promise<Uint8Array> => {
    const end = Math.min(size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    if (offset >= head.length) return source.read(from + offset - head.length, end - offset);
    const out = new Uint8Array(end - offset);
    out.set(head.subarray(offset, Math.min(head.length, end)));
    if (end > head.length) out.set(await source.read(from, end - head.length), head.length - offset);
    return out;
  };
  return {
    size,
    chunkBytes: source.chunkBytes,
    read,
    readInto: async (offset, target) => {
      const got = await read(offset, target.length);
      target.set(got);
      return got.length;
    },
  };
}

export function isByteSource(x: unknown): x is ByteSource {
  return typeof x === 'object' && x !== null && 'read' in x && 'size' in x && !(x instanceof Uint8Array);
}

/** The byte arrays `parts`, one after the other, in one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
