/**
 * The main thread's side of the simulation workers: `simulateRuns(scenario, { untilUs, runs,
 * onProgress, signal })` deals the seeds to one worker per core (runs.worker.ts) and gives the
 * failover-time distributions (lib/runs) of every run, e.g. for a histogram beside each failover.
 * Cancel with the signal: the workers stop between runs and the promise rejects with an AbortError.
 */
import { seedsFrom, summarizeRuns, type FailoverTimes, type RunsReport } from '../lib/runs';
import type { Scenario } from '../lib/scenario/types';
import type { Micros } from '../lib/trace/time';
import type { RunsRequest, RunsResponse } from './runs-protocol';

export interface RunsOptions {
  untilUs: Micros;
  runs: number;
  /** Runs finished so far and the total. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Workers to use (default: the cores the browser reports, at most the runs). */
  workers?: number;
}

/** The part of `Worker` the client needs. */
export interface RunsWorkerLike {
  postMessage(msg: RunsRequest): void;
  onmessage: ((e: { data: RunsResponse }) => void) | null;
  terminate(): void;
}

function abortError(): Error {
  return Object.assign(new Error('Simulation runs cancelled'), { name: 'AbortError' });
}

function defaultWorker(): RunsWorkerLike {
  return new Worker(new URL('./runs.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as RunsWorkerLike;
}

/** Runs `scenario` under `runs` seeds (its own seed first) in workers; resolves with the distributions. */
export function simulateRuns(
  scenario: Scenario,
  opts: RunsOptions,
  createWorker: () => RunsWorkerLike = defaultWorker,
): Promise<RunsReport> {
  const seeds = seedsFrom(scenario.seed, opts.runs);
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  const count = Math.max(1, Math.min(opts.workers ?? cores, seeds.length));
  if (opts.signal?.aborted) return Promise.reject(abortError());
  return new Promise<RunsReport>((resolve, reject) => {
    const perRun = new Array<FailoverTimes[]>(seeds.length);
    const workers: RunsWorkerLike[] = [];
    let done = 0;
    let finished = 0;
    const stop = () => workers.forEach((w) => w.terminate());
    opts.signal?.addEventListener(
      'abort',
      () => {
        workers.forEach((w, id) => w.postMessage({ id, type: 'cancel', payload: {} }));
        stop();
        reject(abortError());
      },
      { once: true },
    );
    for (let id = 0; id < count; id++) {
      const mine = seeds.map((_, i) => i).filter((i) => i % count === id);
      const w = createWorker();
      workers.push(w);
      w.onmessage = ({ data }) => {
        if (data.type === 'run') {
          perRun[mine[data.payload.index]] = data.payload.times;
          opts.onProgress?.(++done, seeds.length);
        } else if (data.type === 'error') {
          stop();
          reject(new Error(data.payload.diagnostic.message));
        } else if (data.type === 'done' && ++finished === count) {
          stop();
          resolve(summarizeRuns(seeds, perRun));
        }
      };
      w.postMessage({
        id,
        type: 'runs',
        payload: { scenario, untilUs: opts.untilUs, seeds: mine.map((i) => seeds[i]) },
      });
    }
  });
}
