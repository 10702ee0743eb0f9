/**
 * The view's changes of master and dual-master periods (src/ui/state/master-changes.ts) on the issue 15
 * cases: a partition is a dual master, not a swap, and the takeover after it keeps its marker.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/lib/sim/index';
import { libraryEntry, pandaScenario } from '../../../src/lib/scenarios/index';
import type { Scenario } from '../../../src/lib/scenario/types';
import { masterView, nextMasterChange } from '../../../src/ui/state/master-changes';

const run = (s: Scenario) => simulate(s, { untilUs: (s.duration ?? 60) * 1e6 }).value;
const summary = (s: Scenario) => masterView(run(s)).changes.map((c) => [c.t, c.vrid, c.kind, c.from, c.to]);

describe('changes of master', () => {
  it('Panda: the two takeovers, with the trace failover events attached', () => {
    const v = masterView(run(pandaScenario()));
    expect(v.changes.map((c) => [c.t, c.kind, c.from, c.to, c.failover?.gapUs])).toEqual([
      [25_222_656, 'takeover', 'prod-haproxy-000', 'prod-haproxy-001', 613_281],
      [44_832_031, 'takeover', 'prod-haproxy-001', 'prod-haproxy-000', 609_375],
    ]);
    expect(v.dualMasters).toEqual([]);
  });

  it('Panda with a partition from 8 s to 14 s: a dual master per VRID, then the real takeover', () => {
    const s = pandaScenario();
    const events = [
      ...(s.events ?? []),
      { at: 8, action: 'partition', groups: [['prod-haproxy-000'], ['prod-haproxy-001']] },
      { at: 14, action: 'heal' },
    ] as Scenario['events'];
    const scenario = { ...s, events: events!.sort((a, b) => a.at - b.at) };
    expect(summary(scenario)).toEqual([
      [11_222_656, 201, 'dual-master', 'prod-haproxy-001', 'prod-haproxy-000'],
      [11_222_656, 200, 'dual-master', 'prod-haproxy-000', 'prod-haproxy-001'],
      [24_835_937, 200, 'takeover', 'prod-haproxy-000', 'prod-haproxy-001'],
      [45_445_312, 200, 'takeover', 'prod-haproxy-001', 'prod-haproxy-000'],
    ]);
    const trace = run(scenario);
    expect(masterView(trace).dualMasters.map((d) => [d.vrid, d.from, d.to, d.nodes.length])).toEqual([
      [201, 11_222_656, 14_222_656, 2],
      [200, 11_222_656, 14_222_656, 2],
    ]);
    expect(nextMasterChange(trace, 11_222_656)?.t).toBe(24_835_937);
  });

  it('library "Split brain": one dual-master period and no swap back', () => {
    const v = masterView(run(libraryEntry('split-brain')!.build()));
    expect(v.changes.map((c) => [c.kind, c.from, c.to])).toEqual([['dual-master', 'web-1', 'web-2']]);
    expect(v.dualMasters.map((d) => [d.from, d.to, d.nodes])).toEqual([
      [18_101_562, 30_101_562, ['web-1', 'web-2']],
    ]);
  });
});
