/**
 * The capture worker's side of its helper worker (segment.worker.ts): a SegmentHelper for
 * lib/analysis/split-read.ts over a Worker, whose answers come in the order asked.
 */
import type { SegmentHelper } from '../lib/analysis/split-read';
import type { SegmentRows } from '../lib/analysis/segment-decode';
import type { SegmentMessage, SegmentReply } from './segment-protocol';

/** The part of `Worker` the helper needs (an in-process one in tests). */
export interface SegmentPort {
  postMessage(msg: SegmentMessage): void;
  onmessage: ((e: { data: SegmentReply }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  terminate(): void;
}

/** A helper decoding parts of `file` in `port`'s worker; closing it ends the worker. */
export function segmentHelper(file: Blob, port: SegmentPort): SegmentHelper {
  const waiting = new Map<number, { resolve(rows: SegmentRows): void; reject(e: Error): void }>();
  let next = 0;
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  port.onmessage = ({ data: m }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if ('rows' in m) w?.resolve(m.rows);
    else w?.reject(new Error(m.error));
  };
  // A helper that fails costs only time: split-read reads its parts itself.
  port.onerror = () => failAll(new Error('the helper worker failed'));
  port.postMessage({ type: 'file', file });
  return {
    decode(from, to) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        port.postMessage({ type: 'decode', id, from, to });
      });
    },
    close() {
      failAll(new Error('closed'));
      port.terminate();
    },
  };
}

/** The helper worker (started only for a file worth splitting, split-read.ts). */
export function startSegmentWorker(): SegmentPort {
  return new Worker(new URL('./segment.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as SegmentPort;
}
