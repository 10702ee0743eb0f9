/**
 * A recording beside the runs of the scenario that replays it (lib/runs/recording.ts, scenario/truth.ts):
 * which scenario replays which truth file, the daemon's own takeovers read from a truth file, and where
 * a measured latency falls among simulated ones.
 */
import { describe, expect, it } from 'vitest';
import {
  compareWithRecording,
  describeComparison,
  failoverTimes,
  recordedFailovers,
  type FailoverTimes,
} from '../../../src/lib/runs';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { replaysTruth, truthHosts, truthToScenario, type Truth } from '../../../src/lib/scenario/truth';
import { simulate } from '../../../src/lib/sim';
import { recordings } from '../../../src/cli/recordings';

const node = (name: string, addr: string) => ({
  name,
  interfaces: { eth0: [`${addr}/24`] },
  mac: { eth0: `02:00:00:00:00:0${addr.slice(-1)}` },
  config: '',
});

/** Two nodes: a startup race (n2, then n1 for 2 ms), n1 killed at 10 s, n2 takes over, n1 back at 20 s. */
const TRUTH: Truth = {
  scenario: 'kill',
  description: '',
  nodes: [node('n1', '10.0.0.1'), node('n2', '10.0.0.2')],
  events: [
    { t: 1, kind: 'fault', action: 'start-keepalived', node: 'n1' },
    { t: 1.001, kind: 'fault', action: 'start-keepalived', node: 'n2' },
    { t: 4.6, kind: 'state', node: 'n2', instance: 'VI_50', vrid: 50, state: 'MASTER', priority: 100 },
    { t: 4.601, kind: 'state', node: 'n1', instance: 'VI_50', vrid: 50, state: 'MASTER', priority: 101 },
    { t: 4.603, kind: 'state', node: 'n2', instance: 'VI_50', vrid: 50, state: 'BACKUP', priority: 100 },
    { t: 10, kind: 'fault', action: 'kill-keepalived', node: 'n1' },
    // keepalived on n1 is gone: its notify FIFO says nothing more.
    { t: 12.75, kind: 'state', node: 'n2', instance: 'VI_50', vrid: 50, state: 'MASTER', priority: 100 },
    { t: 20, kind: 'fault', action: 'start-keepalived', node: 'n1' },
    { t: 20.02, kind: 'state', node: 'n1', instance: 'VI_50', vrid: 50, state: 'BACKUP', priority: 101 },
    { t: 23.63, kind: 'state', node: 'n1', instance: 'VI_50', vrid: 50, state: 'MASTER', priority: 101 },
    { t: 23.63, kind: 'state', node: 'n2', instance: 'VI_50', vrid: 50, state: 'BACKUP', priority: 100 },
  ],
};

const times = (f: Partial<FailoverTimes> & Pick<FailoverTimes, 'from' | 'to' | 'fault'>): FailoverTimes => ({
  key: `50:${f.from}→${f.to}#1`,
  router: 'v4/50',
  vrid: 50,
  atUs: 0,
  sinceFaultUs: null,
  sinceLastAdvertUs: null,
  dualMasterUs: 0,
  arpConvergedUs: null,
  arpClients: 0,
  ...f,
});

describe('which scenario replays which recording', () => {
  it('the truth scenario replays its truth whatever its name, seed or timing model; moved faults do not', () => {
    const s = truthToScenario(TRUTH);
    expect(replaysTruth(s, TRUTH)).toBe(true);
    expect(replaysTruth({ ...s, name: 'x', seed: 9, lan: { latencyUs: 0, jitterUs: 0 } }, TRUTH)).toBe(true);
    const moved = { ...s, events: s.events!.map((e, i) => (i === 2 ? { ...e, at: e.at + 1 } : e)) };
    expect(replaysTruth(moved, TRUTH)).toBe(false);
    expect(replaysTruth({ ...s, nodes: [s.nodes[0], { ...s.nodes[1], config: '#' }] }, TRUTH)).toBe(false);
  });

  it("the app's Panda story is not the panda recording (its faults are elsewhere); the recording's scenario is", () => {
    const panda = recordings().find((r) => r.name === 'panda')!;
    expect(replaysTruth(pandaScenario(), panda.truth)).toBe(false);
    expect(replaysTruth(truthToScenario(panda.truth), panda.truth)).toBe(true);
    expect(truthHosts(panda.truth).split('\n')).toContain('192.168.3.4 prod-haproxy-000');
  });
});

describe('recordedFailovers', () => {
  it('reads changes of master by the simulator’s rule, dated at the entry; a killed daemon leaves MASTER', () => {
    const r = recordedFailovers(TRUTH);
    expect(r.map((f) => [f.from, f.to, f.atUs, f.fault, f.sinceFaultUs])).toEqual([
      // The startup race: n2 was the only master, then n1 kept the router (dated at n1's entry).
      ['n2', 'n1', 4_601_000, 'keepalived started on n2', 3_600_000],
      ['n1', 'n2', 12_750_000, 'keepalived killed (SIGKILL) on n1', 2_750_000],
      ['n2', 'n1', 23_630_000, 'keepalived started on n1', 3_630_000],
    ]);
    expect(r.every((f) => f.sinceLastAdvertUs === null)).toBe(true);
  });

  it("takes the gap since the old master's last advert from the capture's failover nearest the report", () => {
    const capture = [
      times({ from: 'n1', to: 'n2', fault: null, atUs: 12_748_000, sinceLastAdvertUs: 2_700_000 }),
      times({ from: 'n1', to: 'n2', fault: null, atUs: 30_000_000, sinceLastAdvertUs: 1 }),
    ];
    const r = recordedFailovers(TRUTH, capture);
    expect(r.map((f) => f.sinceLastAdvertUs)).toEqual([null, 2_700_000, null]);
    // The wire dates the takeover: the notify FIFO lags.
    expect(r.map((f) => [f.measuredBy, f.atUs, f.sinceFaultUs])).toEqual([
      ['notify', 4_601_000, 3_600_000],
      ['capture', 12_748_000, 2_748_000],
      ['notify', 23_630_000, 3_630_000],
    ]);
  });

  it('the panda recording: the kill of haproxy, as keepalived reported it', () => {
    const truth = recordings().find((r) => r.name === 'panda')!.truth;
    const kill = truth.events.find((e) => e.action === 'kill-process')!;
    const entry = truth.events.find(
      (e) => e.kind === 'state' && e.node === 'prod-haproxy-001' && e.vrid === 200 && e.state === 'MASTER',
    )!;
    const f = recordedFailovers(truth).find((x) => x.vrid === 200 && x.to === 'prod-haproxy-001')!;
    expect(f.fault).toBe('haproxy killed on prod-haproxy-000');
    expect(f.sinceFaultUs).toBe(Math.round(entry.t * 1e6) - Math.round(kill.t * 1e6));
  });
});

describe('compareWithRecording', () => {
  it('places the measure among the runs with the same change after the same fault (ties count half)', () => {
    const recorded = recordedFailovers(TRUTH);
    const fault = 'keepalived killed (SIGKILL) on n1';
    const perRun = [2_740_000, 2_750_000, 2_760_000, 2_770_000].map((v) => [
      times({ from: 'n1', to: 'n2', fault, sinceFaultUs: v }),
      times({ from: 'n2', to: 'n1', fault: 'keepalived started on n1', sinceFaultUs: 3_600_000 }),
    ]);
    const [race, kill, back] = compareWithRecording(recorded, perRun);
    expect(race).toMatchObject({ key: null, runs: 0, sinceFault: { runs: 0, percentile: null } });
    expect(describeComparison(race)).toMatch(/no run had this failover$/);
    // 2.750 s: one run sooner, one as soon, of four.
    expect(kill).toMatchObject({ key: '50:n1→n2#1', runs: 4 });
    expect(kill.sinceFault).toEqual({ measuredUs: 2_750_000, runs: 4, sooner: 1, same: 1, percentile: 37.5 });
    expect(describeComparison(kill)).toBe(
      `the recording: n2 took over 2.750 s after ${fault}, p38 of the 4 runs (1 sooner)`,
    );
    // Matched by fault, not by ordinal: the recording's startup race makes this its second n2 → n1.
    expect(back.key).toBe('50:n2→n1#1');
    expect(describeComparison(back)).toMatch(
      /3\.630 s after keepalived started on n1, later than all 4 runs$/,
    );
  });

  it('on the panda recording replayed: each of its takeovers after a fault is found in the runs', () => {
    const truth = recordings().find((r) => r.name === 'panda')!.truth;
    const scenario = truthToScenario(truth);
    const perRun = [1, 2, 3].map((seed) =>
      failoverTimes(simulate({ ...scenario, seed }, { untilUs: 40e6 }).value),
    );
    const kill = compareWithRecording(recordedFailovers(truth), perRun).find(
      (c) => c.recorded.fault === 'haproxy killed on prod-haproxy-000',
    )!;
    expect(kill.key).toBe('200:prod-haproxy-000→prod-haproxy-001#1');
    expect(kill.runs).toBe(3);
    expect(kill.sinceFault!.sooner + kill.sinceFault!.same).toBe(
      perRun.flat().filter((f) => f.key === kill.key && f.sinceFaultUs! <= kill.sinceFault!.measuredUs)
        .length,
    );
  });
});
