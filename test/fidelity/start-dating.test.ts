/**
 * When keepalived started, as the recordings show it (docs/vrrp-behaviour.md §2.4), and what dating a
 * start at its command or at the daemon's init report does to the simulated takeovers (issue 10 §1).
 *
 * The lab stamps `start-keepalived` before it launches the daemon (captures/lab.sh `ka_start`); the
 * simulator's start is the daemon ready, its master-down timer armed (§2.4 step 4). A node whose
 * first advert came from its own timer (no peer advert in between, not an owner) shows when that
 * timer was armed: its first advert less MDI(its priority) (§2.2). Against that, the command is up to
 * 0.47 s early on a loaded machine (one-way, script-fault; tie-drop's 0.52 s pinned its fidelity tests
 * until it was re-recorded on a quiet machine: 0.055 s), while the daemon's own init report ("Entering BACKUP STATE (init)" on the notify FIFO) is within 60 ms: the
 * FIFO reader, a process too, stamps it up to 58 ms late, and a first advert can fire up to 44 ms late
 * when the machine stalls.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/config/parser';
import { simulate } from '../../src/lib/sim';
import { failoverTimes, type FailoverTimes } from '../../src/lib/runs';
import { truthToScenario, type TruthScenarioOptions } from '../../src/lib/scenario/truth';
import { masterDownUs } from '../../src/lib/vrrp/timers';
import { measuredFailovers } from '../../src/cli/recordings';
import { hasTshark } from '../unit/capture-files';
import { captureAdverts } from './adverts';
import { recordings, type Recording } from './truth';

const keepalived = recordings().filter((r) => r.truth.nodes.every((n) => n.implementation !== 'ucarp'));

interface Start {
  recording: string;
  node: string;
  command: number;
  /** The daemon's first state report after the command (its init report). */
  report: number;
  /** When its master-down timer was armed: first advert − MDI (s). */
  armed: number;
}

/** The keepalived starts whose node then became MASTER on its own timer, with the three dates. */
function selfTimedStarts(rec: Recording): Start[] {
  const adverts = captureAdverts(rec.capture);
  const ev = rec.truth.events;
  return ev.flatMap((e, i) => {
    if (e.kind !== 'fault' || e.action !== 'start-keepalived' || !e.node) return [];
    const node = rec.truth.nodes.find((n) => n.name === e.node)!;
    const mine = Object.values(node.interfaces)
      .flat()
      .map((a) => a.split('/')[0]);
    const report = ev.slice(i + 1).find((x) => x.node === e.node && x.kind === 'state');
    const first = adverts.find((a) => a.t > e.t && a.priority > 0 && mine.includes(a.source));
    if (!report || !first || first.priority === 255) return [];
    const heard = adverts.some(
      (a) => a.t > e.t && a.t < first.t && a.vrid === first.vrid && !mine.includes(a.source),
    );
    if (heard) return [];
    const inst = parseConfig(node.config).value!.instances.find((x) => x.vrid === first.vrid)!;
    const mdiS = masterDownUs(inst.version, first.priority, Math.round(first.intervalS * 1e6)) / 1e6;
    return [{ recording: rec.name, node: e.node, command: e.t, report: report.t, armed: first.t - mdiS }];
  });
}

/** The simulated takeover after each fault, per change of master (the same keys as the CLI's `--runs`). */
function simulatedTakeovers(
  rec: Recording,
  opts: TruthScenarioOptions,
  seeds: number[],
): Map<string, number[]> {
  const untilS = Math.max(...captureAdverts(rec.capture).map((a) => a.t)) + 1;
  const out = new Map<string, number[]>();
  for (const seed of seeds) {
    const trace = simulate(
      { ...truthToScenario(rec.truth, opts), seed },
      { untilUs: Math.round(untilS * 1e6) },
    );
    for (const [k, f] of keyed(failoverTimes(trace.value!)))
      if (f.sinceFaultUs !== null) out.set(k, [...(out.get(k) ?? []), f.sinceFaultUs / 1e6]);
  }
  return out;
}

/** Failovers keyed by change of master and fault, the n-th such (a startup race shifts no other). */
function keyed<F extends Pick<FailoverTimes, 'vrid' | 'from' | 'to' | 'fault'>>(
  l: readonly F[],
): [string, F][] {
  const seen = new Map<string, number>();
  return l.map((f) => {
    const base = `${f.vrid}:${f.from ?? '-'}→${f.to} after ${f.fault ?? '-'}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return [`${base}#${n}`, f];
  });
}

/** Faults the other nodes learn of only by silence or a FAULT: no lab command latency on the wire before the takeover. */
const SILENT = /killed \(SIGKILL\)|link .* down|haproxy killed/;

describe.skipIf(!hasTshark)('when keepalived started, as the recordings show it (§2.4)', () => {
  const starts = keepalived.flatMap(selfTimedStarts);

  it('a start dated at its command is up to 0.47 s early; at the daemon init report, within 60 ms', () => {
    expect(starts.length).toBeGreaterThanOrEqual(15);
    const late = starts.map((s) => s.armed - s.command);
    expect(Math.min(...late)).toBeGreaterThan(0.01);
    expect(Math.max(...late)).toBeGreaterThan(0.45);
    // The race recordings, re-recorded on a quiet machine (tie-drop) or with the lab at nice −20 on a
    // shared one (split-heal), started like the quiet ones.
    for (const name of ['tie-drop', 'split-heal']) {
      const own = starts.filter((x) => x.recording === name);
      expect(own.length, name).toBeGreaterThan(0);
      for (const s of own) expect(s.armed - s.command).toBeLessThan(0.2);
    }
    const off = starts.map((s) => `${s.recording} ${s.node}: ${(s.armed - s.report).toFixed(4)}`);
    expect(off.filter((_, i) => Math.abs(starts[i].armed - starts[i].report) > 0.06)).toEqual([]);
  });

  // The "15–60 ms later than every run" of the failover distributions: dated at its command, every
  // simulated takeover after a silent fault is early by the daemon's start-up; dated at its init
  // report, they fall within 60 ms (the report's own lag) of keepalived's. Except script-fault: its
  // unweighted check ran 8 ms after the kill's stamp in the simulation, and saw haproxy gone; the
  // daemon's check at about that moment still saw it (the lab stamps the kill before running `ip
  // netns exec … killall -9`, which took longer than that on the loaded machine), so its FAULT came one
  // interval later (§4.1: a kill is noticed at the next check tick).
  it('dated at the init report, takeovers after a silent fault are within 60 ms of the daemon', async () => {
    const seeds = [1, 2, 3];
    const rows: string[] = [];
    for (const rec of keepalived) {
      const measured = (await measuredFailovers(rec)).filter(
        (r) => r.fault !== null && SILENT.test(r.fault) && r.measuredBy === 'capture',
      );
      if (!measured.length) continue;
      const init = simulatedTakeovers(rec, { startAt: 'init' }, seeds);
      const command = simulatedTakeovers(rec, { startAt: 'command' }, seeds);
      for (const [k, r] of keyed(measured)) {
        const real = r.sinceFaultUs! / 1e6;
        const i = init.get(k) ?? [];
        const c = command.get(k) ?? [];
        rows.push(
          `${rec.name} ${k}: real ${real.toFixed(3)}, init ${i.map((x) => x.toFixed(3)).join(' ')}, command ${c.map((x) => x.toFixed(3)).join(' ')}`,
        );
        if (rec.name === 'script-fault') {
          expect(i.every((x) => x < real - 0.9)).toBe(true);
          continue;
        }
        // A tie's keeper is the seed's (races.test.ts): some runs have another change of master.
        expect(i.length, rows.at(-1)).toBeGreaterThan(0);
        for (const x of i) expect(Math.abs(x - real), rows.at(-1)).toBeLessThanOrEqual(0.06);
        for (const x of c) expect(x, rows.at(-1)).toBeLessThan(real - 0.005);
      }
    }
    expect(rows.length).toBeGreaterThanOrEqual(9);
  }, 300_000);
});
