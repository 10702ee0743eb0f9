/**
 * `simulate --runs` benchmark (issue 10 §2): 1,000 runs of the Panda story for 60 s of virtual time on
 * every core (the worker-thread pool of src/cli/runs-pool.ts), against the baseline of one run measured
 * in the same process (the per-run cost the pool divides among the cores), plus the same runs on one
 * thread for the speed-up.
 */
import type { BenchReport } from '../../src/cli/bench';
import { runSeeds, threadCount } from '../../src/cli/runs-pool';
import { failoverTimes, seedsFrom, summarizeRuns } from '../../src/lib/runs';
import { pandaScenario } from '../../src/lib/scenario/panda';
import { simulate } from '../../src/lib/sim/run';

export const name = 'runs';

const RUNS = 1000;
const UNTIL_US = 60_000_000;

/** One run as the pool's threads do it (the baseline), best of five after a warm-up. */
function singleRunMs(): number {
  const scenario = pandaScenario();
  let best = Infinity;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    failoverTimes(
      simulate({ ...scenario, seed: i + 1 }, { untilUs: UNTIL_US, recordDeliveries: 'changes' }).value,
    );
    if (i > 0) best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function timed(threads: number, runs: number): Promise<{ ms: number; p50: number }> {
  const seeds = seedsFrom(1, runs);
  const t0 = performance.now();
  const report = summarizeRuns(seeds, await runSeeds(pandaScenario(), UNTIL_US, seeds, threads));
  return { ms: performance.now() - t0, p50: report.failovers[0]?.sinceFault?.p50 ?? 0 };
}

export async function run(): Promise<BenchReport> {
  const single = singleRunMs();
  const threads = threadCount(RUNS);
  const pool = await timed(threads, RUNS);
  const one = await timed(1, RUNS / 4);
  const oneThreadPerRun = one.ms / (RUNS / 4);
  const perRun = pool.ms / RUNS;
  return {
    name,
    lines: [
      `one Panda run of 60 s (baseline, best of 5): ${single.toFixed(1)} ms`,
      `${RUNS} runs on ${threads} threads: ${(pool.ms / 1000).toFixed(2)} s = ${perRun.toFixed(2)} ms a run, ${(pool.ms / single).toFixed(0)}× one run (${(perRun / single).toFixed(2)}× its per-run cost)`,
      `${RUNS / 4} runs on 1 thread: ${(one.ms / 1000).toFixed(2)} s = ${oneThreadPerRun.toFixed(2)} ms a run; the pool is ${(oneThreadPerRun / perRun).toFixed(2)}× faster`,
      `takeover after the kill, p50 over the runs: ${(pool.p50 / 1e6).toFixed(6)} s`,
    ],
    metrics: {
      singleRunMs: single,
      runs: RUNS,
      threads,
      poolMs: pool.ms,
      poolPerRunMs: perRun,
      ratioToSingleRun: pool.ms / single,
      oneThreadPerRunMs: oneThreadPerRun,
      speedup: oneThreadPerRun / perRun,
    },
  };
}
