/**
 * The view's changes of master and dual-master periods (src/ui/state/master-changes.ts) on the issue 15
 * cases: a partition is a dual master, not a swap, the takeover after it keeps its marker, and a
 * takeover whose old master yields a few hundred µs later is a takeover, not a marked dual master.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/lib/sim/index';
import { libraryEntry, pandaScenario } from '../../../src/lib/scenarios/index';
import { pandaPartition } from '../../fixtures/ui/panda-partition';
import type { Scenario } from '../../../src/lib/scenario/types';
import type { Trace } from '../../../src/lib/trace/types';
import { masterView, nextMasterChange } from '../../../src/ui/state/master-changes';

const run = (s: Scenario) => simulate(s, { untilUs: (s.duration ?? 60) * 1e6 }).value;
const shape = (trace: Trace) => masterView(trace).changes.map((c) => [c.vrid, c.kind, c.from, c.to]);
/** When `node` entered MASTER of `vrid` first after `after` µs, from the trace's state events. */
const enteredMaster = (trace: Trace, node: string, vrid: number, after: number) =>
  trace.events.find(
    (e) =>
      e.kind === 'state' &&
      e.to === 'MASTER' &&
      e.node === node &&
      e.t > after &&
      trace.instances.find((i) => i.id === e.instance)?.vrid === vrid,
  )!.t;

describe('changes of master', () => {
  it("Panda: the two takeovers at the new masters' state changes, with their failover events", () => {
    const trace = run(pandaScenario());
    const v = masterView(trace);
    expect(shape(trace)).toEqual([
      [200, 'takeover', 'prod-haproxy-000', 'prod-haproxy-001'],
      [200, 'takeover', 'prod-haproxy-001', 'prod-haproxy-000'],
    ]);
    // Dated when the new master entered MASTER, once the old one yielded (trace/masters.ts).
    expect(v.changes[0].t).toBe(enteredMaster(trace, 'prod-haproxy-001', 200, 20_300_000));
    expect(v.changes.every((c) => c.failover !== null && c.failover.t === c.t)).toBe(true);
    expect(v.dualMasters).toEqual([]);
  });

  it('Panda with a partition from 8 s to 14 s: a dual master per VRID, then the real takeover', () => {
    const trace = run(pandaPartition());
    expect(shape(trace)).toEqual([
      [200, 'dual-master', 'prod-haproxy-000', 'prod-haproxy-001'],
      [201, 'dual-master', 'prod-haproxy-001', 'prod-haproxy-000'],
      [200, 'takeover', 'prod-haproxy-000', 'prod-haproxy-001'],
      [200, 'takeover', 'prod-haproxy-001', 'prod-haproxy-000'],
    ]);
    const v = masterView(trace);
    for (const d of v.dualMasters) {
      expect(d.from).toBeGreaterThan(8_000_000);
      expect(d.to).toBeGreaterThanOrEqual(14_000_000);
      expect(d.to).toBeLessThan(15_000_000);
      expect(d.nodes).toHaveLength(2);
    }
    const takeover = v.changes[2];
    expect(takeover.t).toBe(enteredMaster(trace, 'prod-haproxy-001', 200, 20_300_000));
    expect(nextMasterChange(trace, v.changes[1].t)?.t).toBe(takeover.t);
  });

  it('library "Split brain": one dual-master period and no swap back', () => {
    const trace = run(libraryEntry('split-brain')!.build());
    expect(shape(trace)).toEqual([[80, 'dual-master', 'web-1', 'web-2']]);
    const [d] = masterView(trace).dualMasters;
    expect([d.nodes, d.from > 15_000_000, d.to > 30_000_000 && d.to < 31_000_000]).toEqual([
      ['web-1', 'web-2'],
      true,
      true,
    ]);
  });
});
