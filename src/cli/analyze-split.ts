/**
 * `analyze`'s helper thread for large pcap files (lib/analysis/split-read.ts): a worker thread
 * (analyze-worker.ts) that decodes the parts of the file it is asked for.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SegmentHelper } from '../lib/analysis/split-read';
import type { SegmentRows } from '../lib/analysis/segment-decode';
import type { SegmentJob, SegmentReply } from './analyze-worker';

/**
 * True when a second thread can have a core of its own: the 1-minute load average leaves more than
 * half a core idle. On a busy machine a second thread only competes with its own process (and
 * costs its start-up, ~0.1 s of CPU), so `analyze` then reads on one thread.
 */
export function coreToSpare(cores = availableParallelism(), load = loadavg()[0]): boolean {
  return cores >= 2 && load < cores - 0.5;
}

/**
 * Whether `analyze` reads a large pcap file on two threads: `VRRPSCOPE_THREADS=1` or `2` decides
 * (the benchmark times both), otherwise `coreToSpare`.
 */
export function useSecondThread(env = process.env.VRRPSCOPE_THREADS): boolean {
  return env === '2' || (env !== '1' && coreToSpare());
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
