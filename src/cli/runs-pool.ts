/**
 * The thread pool of `simulate --runs`: the seeds are dealt round-robin to one worker thread per core
 * (node:worker_threads, runs-worker.ts), and each run's failover times come back in seed order.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FailoverTimes } from '../lib/runs';
import type { Scenario } from '../lib/scenario/types';
import type { RunsJob } from './runs-worker';

/** How many threads to use for `runs` runs: one per core, never more than the runs. */
export function threadCount(runs: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, runs));
}

/**
 * Runs `scenario` once per seed on `threads` worker threads; `onRun` is called after each run with the
 * number done. Rejects when a worker fails.
 */
export function runSeeds(
  scenario: Scenario,
  untilUs: number,
  seeds: readonly number[],
  threads = threadCount(seeds.length),
  onRun?: (done: number) => void,
): Promise<FailoverTimes[][]> {
  const out: FailoverTimes[][] = new Array<FailoverTimes[]>(seeds.length);
  let done = 0;
  const jobs: RunsJob[] = Array.from({ length: threads }, () => ({ scenario, untilUs, seeds: [] }));
  seeds.forEach((seed, index) => jobs[index % threads].seeds.push({ index, seed }));
  const entry = new URL('./runs-worker.mjs', import.meta.url);
  return Promise.all(
    jobs
      .filter((j) => j.seeds.length)
      .map(
        (job) =>
          new Promise<void>((resolve, reject) => {
            const w = new Worker(entry, { workerData: job });
            w.on('message', (m: { index: number; times: FailoverTimes[] }) => {
              out[m.index] = m.times;
              onRun?.(++done);
            });
            w.on('error', reject);
            w.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`a simulation thread stopped with code ${code}`)),
            );
          }),
      ),
  ).then(() => out);
}
