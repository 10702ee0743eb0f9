/**
 * `vrrpscope simulate SCENARIO --runs N [--json]`: the scenario under N seeds (the scenario's own seed
 * first) on every core, and per failover the distributions of lib/runs as text or JSON (seconds).
 */
import {
  compareWithRecording,
  describeComparison,
  describeTakeover,
  placementText,
  seedsFrom,
  summarizeRuns,
  type Distribution,
  type FailoverDistribution,
  type Placement,
  type RecordingComparison,
  type RunsReport,
} from '../lib/runs';
import type { Scenario } from '../lib/scenario/types';
import { secondsExact, toSeconds } from '../lib/trace/time';
import { measuredFailovers, recordingOf } from './recordings';
import { runSeeds, threadCount } from './runs-pool';

/** The recording a scenario replays, beside the runs. */
export interface RecordingReport {
  name: string;
  failovers: RecordingComparison[];
}

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

function placementJson(p: Placement | null) {
  if (!p) return null;
  return {
    measured: toSeconds(p.measuredUs),
    runs: p.runs,
    sooner: p.sooner,
    same: p.same,
    percentile: p.percentile,
  };
}

function recordingJson(rec: RecordingReport | null) {
  if (!rec) return null;
  return {
    name: rec.name,
    failovers: rec.failovers.map((c) => ({
      key: c.key,
      vrid: c.recorded.vrid,
      from: c.recorded.from,
      to: c.recorded.to,
      at: toSeconds(c.recorded.atUs),
      measuredBy: c.recorded.measuredBy,
      fault: c.recorded.fault,
      runs: c.runs,
      sinceFault: placementJson(c.sinceFault),
      sinceLastAdvert: placementJson(c.sinceLastAdvert),
    })),
  };
}

export function runsJson(report: RunsReport, recording: RecordingReport | null = null) {
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
    recording: recordingJson(recording),
  };
}

/** The recording's lines under one simulated failover. */
function recordingLines(name: string, c: RecordingComparison): string[] {
  const out = [`  ${describeComparison(c).replace('the recording', `recording ${name}`)}`];
  if (c.sinceLastAdvert)
    out.push(
      `    after the last advert ${secondsExact(c.sinceLastAdvert.measuredUs)}, ${placementText(c.sinceLastAdvert)}`,
    );
  return out;
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

export function runsText(
  scenario: Scenario,
  untilS: number,
  threads: number,
  report: RunsReport,
  recording: RecordingReport | null = null,
): string {
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
    for (const c of recording?.failovers.filter((c) => c.key === f.key) ?? [])
      lines.push(...recordingLines(recording!.name, c));
  }
  const unmatched = recording?.failovers.filter((c) => c.key === null) ?? [];
  if (unmatched.length) {
    lines.push('', `recording ${recording!.name}: failovers no run had`);
    for (const c of unmatched)
      lines.push(
        `  VRID ${c.recorded.vrid} ${c.recorded.from} → ${c.recorded.to} at ${secondsExact(c.recorded.atUs)}: ${describeComparison(c).replace('the recording: ', '')}`,
      );
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
  const rec = recordingOf(scenario);
  const recording = rec
    ? { name: rec.name, failovers: compareWithRecording(await measuredFailovers(rec), perRun) }
    : null;
  process.stdout.write(
    json
      ? JSON.stringify(runsJson(report, recording)) + '\n'
      : runsText(scenario, untilS, threads, report, recording),
  );
  return 0;
}
