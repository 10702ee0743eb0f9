/**
 * `investigate` reads its captures on every core: the main thread reads the first capture (and the
 * logs, dumps and configs), worker threads (investigate-worker.ts) the others, each a whole file.
 * Unlike `analyze`'s split of one file (analyze-split.ts), nothing is decoded twice or adopted row
 * by row: a thread posts back the capture's finished read.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { captureFromParts } from '../lib/evidence/capture-parts';
import type { CaptureContext, InvestigateInput } from '../lib/evidence/investigate';
import type { CaptureRead } from '../lib/evidence/sources';
import type { CaptureJob, CaptureReply } from './investigate-worker';

/**
 * The threads reading captures, `VRRPSCOPE_THREADS` in all (the main one included; all cores by
 * default). Workers start on the first capture they are given; `close()` stops them.
 */
export function captureThreads(threads = Number(process.env.VRRPSCOPE_THREADS) || availableParallelism()) {
  const workers: Worker[] = [];
  const waiting = new Map<number, { resolve(r: CaptureRead): void; reject(e: Error): void }>();
  let asked = 0;
  let next = 0;
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  const start = (): Worker => {
    const worker = new Worker(new URL('./investigate-worker.mjs', import.meta.url), { execArgv: [] });
    worker.on('message', (m: CaptureReply) => {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if ('parts' in m) w?.resolve(captureFromParts(m.parts));
      else w?.reject(new Error(m.error));
    });
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('a capture thread stopped')));
    workers.push(worker);
    return worker;
  };
  return {
    /** InvestigateOptions.readCaptureAside: the first capture is read here, the others on the workers in turn. */
    readCaptureAside(input: InvestigateInput, ctx: CaptureContext): Promise<CaptureRead> | null {
      const k = asked++;
      if (k === 0 || threads < 2) return null;
      const worker = workers[(k - 1) % (threads - 1)] ?? start();
      const id = next++;
      const read = new Promise<CaptureRead>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, file: input.file, ctx } satisfies CaptureJob);
      });
      // The investigation then reads the file on the main thread: slower, but the same result.
      return read.catch((e: Error) => {
        process.stderr.write(
          `vrrpscope investigate: ${input.file} is read on the main thread (${e.message})\n`,
        );
        throw e;
      });
    },
    async close(): Promise<void> {
      failAll(new Error('closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
