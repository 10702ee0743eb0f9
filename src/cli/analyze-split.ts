/**
 * `analyze`'s helper thread for large pcap files (lib/analysis/split-read.ts): a worker thread
 * (analyze-worker.ts) that decodes the parts of the file it is asked for.
 */
import { Worker } from 'node:worker_threads';
import type { SegmentHelper } from '../lib/analysis/split-read';
import type { SegmentRows } from '../lib/analysis/segment-decode';
import type { SegmentJob, SegmentReply } from './analyze-worker';

/**
 * Whether `analyze` reads a large pcap file on two threads: only when `VRRPSCOPE_THREADS=2` asks
 * for it. The main thread analyses every row, the helper's too, and once a repeated advert is
 * indexed by comparing its bytes (analysis/repeat-cache.ts) adopting a helper's row costs about
 * what decoding it does: two threads were slower than one even on an idle machine (README).
 */
export function useSecondThread(env = process.env.VRRPSCOPE_THREADS): boolean {
  return env === '2';
}

/** Starts a worker thread reading `path`; its answers come in the order asked. */
export function workerHelper(path: string): SegmentHelper {
  const worker = new Worker(new URL('./analyze-worker.mjs', import.meta.url), {
    workerData: { path },
    // Not the parent's options: under `node -e` (the benchmark's wrapper) the thread would inherit
    // the eval and never run the worker's module, and its parts would never come.
    execArgv: [],
  });
  const waiting = new Map<number, { resolve(rows: SegmentRows): void; reject(e: Error): void }>();
  let next = 0;
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: SegmentReply) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if ('rows' in m) w?.resolve(m.rows);
    else w?.reject(new Error(m.error));
  });
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('the decoding thread stopped')));
  return {
    decode(from, to) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, from, to } satisfies SegmentJob);
      });
    },
    close() {
      failAll(new Error('closed'));
      void worker.terminate();
    },
  };
}
