/**
 * `vrrpscope simulate SCENARIO --runs N [--json]`: the scenario under N seeds (the scenario's own seed
 * first) on every core, and per failover the distributions of lib/runs as text or JSON (seconds).
 */
import {
  describeTakeover,
  seedsFrom,
  summarizeRuns,
  type Distribution,
  type FailoverDistribution,
  type RunsReport,
} from '../lib/runs';
import type { Scenario } from '../lib/scenario/types';
import { secondsExact, toSeconds } from '../lib/trace/time';
import { runSeeds, threadCount } from './runs-pool';

/** A distribution in the JSON report: every time in seconds (µs precision). */
function distributionJson(d: Distribution | null) {
  if (!d) return null;
  return {
    n: d.n,
    min: toSeconds(d.min),
    p50: toSeconds(d.p50),
    p95: toSeconds(d.p95),
    max: toSeconds(d.max),
    histogram: d.histogram.map((b) => ({ from: toSeconds(b.fromUs), to: toSeconds(b.toUs), count: b.count })),
  };
}

export function runsJson(report: RunsReport) {
  return {
    runs: report.runs,
    seeds: report.seeds,
    failovers: report.failovers.map((f) => ({
      key: f.key,
      vrid: f.vrid,
      from: f.from,
      to: f.to,
      fault: f.fault,
      runs: f.runs,
      sinceFault: distributionJson(f.sinceFault),
      sinceLastAdvert: distributionJson(f.sinceLastAdvert),
      dualMaster: distributionJson(f.dualMaster),
      arpConverged: distributionJson(f.arpConverged),
      arpNeverConverged: f.arpNeverConverged,
    })),
  };
}

const BAR = 30;

/** The lines of one distribution: its figures, then its histogram as bars. */
function distributionLines(label: string, d: Distribution | null, histogram: boolean): string[] {
  if (!d) return [`  ${label.padEnd(24)}—`];
  const s = (us: number) => secondsExact(us);
  const out = [`  ${label.padEnd(24)}min ${s(d.min)}  p50 ${s(d.p50)}  p95 ${s(d.p95)}  max ${s(d.max)}`];
  if (!histogram || d.min === d.max) return out;
  const most = Math.max(...d.histogram.map((b) => b.count));
  for (const b of d.histogram)
    out.push(
      `      ${s(b.fromUs)}–${s(b.toUs)}  ${'█'.repeat(Math.round((b.count / most) * BAR)).padEnd(BAR)} ${b.count}`,
    );
  return out;
}

export function runsText(scenario: Scenario, untilS: number, threads: number, report: RunsReport): string {
  const lines = [
    `${scenario.name}: ${report.runs} runs of ${untilS} s (seeds ${report.seeds[0]}–${report.seeds.at(-1)}) on ${threads} threads`,
  ];
  if (!report.failovers.length) lines.push('no failover in any run');
  for (const f of report.failovers as FailoverDistribution[]) {
    lines.push('', `VRID ${f.vrid} ${f.from ?? '(none)'} → ${f.to}: ${describeTakeover(f, report.runs)}`);
    lines.push(...distributionLines(`after ${f.fault ? 'the fault' : '—'}`, f.sinceFault, true));
    lines.push(...distributionLines('after the last advert', f.sinceLastAdvert, false));
    lines.push(...distributionLines('dual master', f.dualMaster, false));
    lines.push(...distributionLines('ARP caches follow', f.arpConverged, false));
    if (f.arpNeverConverged)
      lines.push(`  (in ${f.arpNeverConverged} runs not every client's ARP cache followed)`);
  }
  return lines.join('\n') + '\n';
}

/** Runs the distributions and prints them; a progress line on stderr when it is a terminal. */
export async function simulateRuns(
  scenario: Scenario,
  untilS: number,
  runs: number,
  json: boolean,
): Promise<number> {
  const seeds = seedsFrom(scenario.seed, runs);
  const threads = threadCount(runs);
  const tty = process.stderr.isTTY;
  const perRun = await runSeeds(scenario, Math.round(untilS * 1e6), seeds, threads, (done) => {
    if (tty && (done % 10 === 0 || done === runs)) process.stderr.write(`\r${done}/${runs} runs`);
  });
  if (tty) process.stderr.write('\n');
  const report = summarizeRuns(seeds, perRun);
  process.stdout.write(
    json ? JSON.stringify(runsJson(report)) + '\n' : runsText(scenario, untilS, threads, report),
  );
  return 0;
}
