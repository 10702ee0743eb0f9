/**
 * A recording of the real daemon beside the simulated distribution of the scenario that replays it
 * (scenario/truth.ts): the takeover latencies keepalived itself reported (its notify-FIFO state
 * changes in the truth file, against the recorded fault times), and where each falls among the runs.
 */
import { describeEvent } from '../scenario/actions/registry';
import { truthToScenario, type Truth } from '../scenario/truth';
import { MasterTracker } from '../trace/masters';
import { secondsLabel, type Micros } from '../trace/time';
import type { FailoverTimes } from './failover-times';

/** A change of master the real daemon made, as the truth file records it. */
export interface RecordedFailover {
  vrid: number;
  from: string;
  to: string;
  /**
   * When the new master took over: its first advert in the capture when the capture has this change
   * of master, else when keepalived reported MASTER (its notify FIFO can lag by ~0.1 s).
   */
  atUs: Micros;
  measuredBy: 'capture' | 'notify';
  /** The label of the last fault at or before it (as the simulator labels it), and the time since. */
  fault: string | null;
  sinceFaultUs: Micros | null;
  /** From the old master's last advert in the capture; null without the capture's failover. */
  sinceLastAdvertUs: Micros | null;
}

/**
 * The daemon exits on these, and its notify FIFO goes with it: the truth file records no state change
 * for the node, but it is MASTER of nothing from then on (the simulator says STOPPED).
 */
const DAEMON_EXITS: ReadonlySet<string> = new Set([
  'stop-keepalived',
  'kill-keepalived',
  'restart-keepalived',
]);

const us = (s: number) => Math.round(s * 1e6);

/** The capture's failover of the same change of master nearest `at`, within SAME_CHANGE_US. */
function nearest(capture: readonly FailoverTimes[], vrid: number, from: string, to: string, at: Micros) {
  let best: FailoverTimes | null = null;
  for (const f of capture)
    if (f.vrid === vrid && f.from === from && f.to === to && Math.abs(f.atUs - at) <= SAME_CHANGE_US)
      if (!best || Math.abs(f.atUs - at) < Math.abs(best.atUs - at)) best = f;
  return best;
}

/**
 * A capture failover this close to the daemon's report of the same change of master is that change
 * (the fidelity tests' bound on the notify FIFO's lag, captures/README.md).
 */
const SAME_CHANGE_US = 250_000;

/**
 * The changes of master in a truth file, by the rule the simulator and capture analysis apply
 * (trace/masters.ts), so a startup race or a dual master counts the same way in both. A virtual router
 * is a VRID: a recording uses each VRID in one address family. `capture`: the failovers of the
 * recording's capture (failoverTimes of its analysis, nodes named as in the truth file), for the gap
 * since the old master's last advert, which the daemon does not report.
 */
export function recordedFailovers(truth: Truth, capture: readonly FailoverTimes[] = []): RecordedFailover[] {
  const labels = truthToScenario(truth).events!.map(describeEvent);
  const faults = truth.events
    .filter((e) => e.kind === 'fault')
    .map((e, i) => ({ t: us(e.t), node: e.node, action: e.action, label: labels[i] }));
  const states = truth.events.filter((e) => e.kind === 'state' && e.vrid !== undefined && e.node);
  // Each step in time order; a fault goes before a state change of the same µs (its cause).
  const steps = [
    ...faults.map((f) => ({ t: f.t, order: 0, fault: f, state: null })),
    ...states.map((e) => ({ t: us(e.t), order: 1, fault: null, state: e })),
  ].sort((a, b) => a.t - b.t || a.order - b.order);
  const tracker = new MasterTracker();
  const masterOf = new Map<string, Map<string, Micros>>(); // node → router (VRID) → entry into MASTER
  const out: RecordedFailover[] = [];
  // Dated at the new master's entry, as the simulator dates its takeovers (runs/failover-times.ts).
  const record = (vrid: number, change: { from: string | null; to: string } | null) => {
    if (!change || change.from === null) return;
    const reported = masterOf.get(change.to)?.get(String(vrid));
    if (reported === undefined) return;
    const seen = nearest(capture, vrid, change.from, change.to, reported);
    const at = seen?.atUs ?? reported;
    const fault = faults.filter((f) => f.t <= at).at(-1) ?? null;
    out.push({
      vrid,
      from: change.from,
      to: change.to,
      atUs: at,
      measuredBy: seen ? 'capture' : 'notify',
      fault: fault?.label ?? null,
      sinceFaultUs: fault ? at - fault.t : null,
      sinceLastAdvertUs: seen?.sinceLastAdvertUs ?? null,
    });
  };
  for (const s of steps) {
    if (s.fault) {
      const node = s.fault.node;
      if (!node || !DAEMON_EXITS.has(s.fault.action ?? '')) continue;
      const mine = [...(masterOf.get(node)?.keys() ?? [])];
      masterOf.delete(node);
      for (const router of mine) record(Number(router), tracker.leave(router, node, s.t));
      continue;
    }
    const e = s.state!;
    const node = e.node!;
    const router = String(e.vrid);
    const mine = masterOf.get(node) ?? new Map<string, Micros>();
    masterOf.set(node, mine);
    if (e.state === 'MASTER' && !mine.has(router)) {
      mine.set(router, s.t);
      record(e.vrid!, tracker.enter(router, node, s.t));
    } else if (e.state !== 'MASTER' && mine.has(router)) {
      mine.delete(router);
      record(e.vrid!, tracker.leave(router, node, s.t));
    }
  }
  return out;
}

/** Where one measured latency falls among the simulated ones. */
export interface Placement {
  measuredUs: Micros;
  /** Runs with the measure, those that were sooner and those as soon. */
  runs: number;
  sooner: number;
  same: number;
  /** The recording's percentile among those runs, 0..100 (ties count half); null without runs. */
  percentile: number | null;
}

/** A recorded failover beside the runs that had the same one. */
export interface RecordingComparison {
  recorded: RecordedFailover;
  /** The key of the simulated failover it is, in most of the runs that have it; null when none has. */
  key: string | null;
  /** Runs with the same change of master after the same fault. */
  runs: number;
  sinceFault: Placement | null;
  sinceLastAdvert: Placement | null;
}

/**
 * A run's failover is the recorded one when it is the same change of master (VRID, old, new) after the
 * same fault, the n-th such in the run as in the recording: not its key, whose ordinal a startup race
 * in one and not the other would shift.
 */
function matchKeys(
  l: readonly { vrid: number; from: string | null; to: string; fault: string | null }[],
): string[] {
  const seen = new Map<string, number>();
  return l.map((f) => {
    const base = `${f.vrid}:${f.from ?? '-'}→${f.to} after ${f.fault ?? '-'}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}#${n}`;
  });
}

function place(measuredUs: Micros | null, simulated: readonly (Micros | null)[]): Placement | null {
  if (measuredUs === null) return null;
  const values = simulated.filter((v): v is number => v !== null);
  const sooner = values.filter((v) => v < measuredUs).length;
  const same = values.filter((v) => v === measuredUs).length;
  const percentile = values.length ? (100 * (sooner + same / 2)) / values.length : null;
  return { measuredUs, runs: values.length, sooner, same, percentile };
}

/** Each recorded failover beside the runs (per-run failover times, as `failoverTimes` gives them). */
export function compareWithRecording(
  recorded: readonly RecordedFailover[],
  perRun: readonly FailoverTimes[][],
): RecordingComparison[] {
  const runsByMatch = new Map<string, FailoverTimes[]>();
  for (const run of perRun) {
    const keys = matchKeys(run);
    run.forEach((f, i) => runsByMatch.set(keys[i], [...(runsByMatch.get(keys[i]) ?? []), f]));
  }
  const keys = matchKeys(recorded);
  return recorded.map((r, i) => {
    const same = runsByMatch.get(keys[i]) ?? [];
    const counts = new Map<string, number>();
    for (const f of same) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
    return {
      recorded: r,
      key: [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
      runs: same.length,
      sinceFault: place(
        r.sinceFaultUs,
        same.map((f) => f.sinceFaultUs),
      ),
      sinceLastAdvert: place(
        r.sinceLastAdvertUs,
        same.map((f) => f.sinceLastAdvertUs),
      ),
    };
  });
}

/** "p37 of the 200 runs (73 sooner)", "later than all 200 runs". */
export function placementText(p: Placement): string {
  if (p.percentile === null) return 'no run to compare with';
  if (p.sooner === p.runs) return `later than all ${p.runs} runs`;
  if (p.sooner + p.same === 0) return `sooner than all ${p.runs} runs`;
  return `p${Math.round(p.percentile)} of the ${p.runs} runs (${p.sooner} sooner)`;
}

/**
 * "the recording: prod-haproxy-001 took over 4.758 s after haproxy killed on prod-haproxy-000, later
 * than all 200 runs".
 */
export function describeComparison(c: RecordingComparison): string {
  const r = c.recorded;
  const head = `the recording: ${r.to} took over`;
  if (!c.sinceFault) return `${head} with no fault before it`;
  const took = `${head} ${secondsLabel(c.sinceFault.measuredUs)} after ${r.fault}`;
  return c.runs ? `${took}, ${placementText(c.sinceFault)}` : `${took}; no run had this failover`;
}
