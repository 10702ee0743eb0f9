/**
 * A `ByteSource` over a file in Node, read with positional `read()` calls on one descriptor.
 * Only Node code (the CLI, tests, benchmarks) imports this module; the browser uses `blobSource`.
 */
import { open } from 'node:fs/promises';
import type { ByteSource } from './source';

/** Opens `path` for chunked reading. Call `close()` when done. */
export async function fileSource(path: string): Promise<ByteSource> {
  const fh = await open(path, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === n ? buf : buf.subarray(0, got);
    },
    close: () => fh.close(),
  };
}
