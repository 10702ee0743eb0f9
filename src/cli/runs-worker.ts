/**
 * One thread of `simulate --runs`: runs the scenario under each seed it is given and posts each run's
 * failover times (lib/runs) back to the pool (runs-pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { failoverTimes } from '../lib/runs';
import type { Scenario } from '../lib/scenario/types';
import { simulate } from '../lib/sim/run';

export interface RunsJob {
  scenario: Scenario;
  untilUs: number;
  /** Indexes into the pool's seed list, and the seeds themselves. */
  seeds: { index: number; seed: number }[];
}

const job = workerData as RunsJob;
for (const { index, seed } of job.seeds) {
  const trace = simulate(
    { ...job.scenario, seed },
    { untilUs: job.untilUs, recordDeliveries: 'changes' },
  ).value;
  parentPort!.postMessage({ index, times: failoverTimes(trace) });
}
