/**
 * The failover summary tells the causal story of a takeover (the new master's master-down timer,
 * from its last accepted advert of the old master, §2.2, §2.5), not the gap since the old master's
 * last advert, which it keeps as a separately named number (§4.8, §9.3).
 */
import { describe, expect, it } from 'vitest';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { withExactTiming } from '../../../src/lib/scenario/timing';
import { simulate } from '../../../src/lib/sim/run';
import { explainFailovers } from '../../../src/lib/trace/explain-failover';
import { dualMasters, failoversOf, masterChanges } from '../../../src/lib/trace/masters';
import type { ScenarioEvent } from '../../../src/lib/scenario/types';

const A = 'prod-haproxy-000';
const B = 'prod-haproxy-001';

function run(events: ScenarioEvent[] | null, untilS: number) {
  // The rule's exact numbers (§9): no delivery delay, no jitter.
  const scenario = withExactTiming(pandaScenario());
  if (events) scenario.events = events;
  return simulate(scenario, { untilUs: untilS * 1e6 }).value;
}

describe('explainFailovers', () => {
  it("Panda, haproxy killed on 000: 001 takes over at 000's last priority-100 advert + MDI(99) (§4.8)", () => {
    const [x] = explainFailovers(run(null, 30));
    expect(x.failover).toMatchObject({ vrid: 200, from: A, to: B, t: 25_222_656, gapUs: 613_281 });
    const c = x.failover.cause;
    expect(c).toMatchObject({ code: 'master-down-timer', node: B, silence: 'lower-priority' });
    expect(x.lastAccepted).toMatchObject({ t: 21_609_375, from: A, priority: 100 });
    expect(x.timerUs).toBe(3_613_281); // §9.1: MDI at priority 99, 1 s
    expect(c.priority).toEqual({ own: 99, other: 98, otherNode: A });
    // The chain's root: chk_haproxy failed on 000, because of the scenario's kill haproxy (event 0).
    expect(x.failover.chain).toMatchObject([
      {
        code: 'script-failed',
        node: A,
        subject: 'chk_haproxy',
        effective: { from: 100, to: 98 },
        evidence: [{ kind: 'scenario-event', index: 0, t: 20_300_000 }],
      },
    ]);
    expect(x.text).toMatch(
      /^track script chk_haproxy failed on prod-haproxy-000 \(priority 100 → 98\); then /,
    );
    expect(x.text).toContain('discards without resetting its timer');
  });

  it("Panda, haproxy back on 000: it preempts at 001's last accepted advert + MDI(100) (§3.1, §4.8)", () => {
    const xs = explainFailovers(run(null, 50));
    expect(xs).toHaveLength(2);
    expect(xs[1].failover).toMatchObject({ from: B, to: A, t: 44_832_031 });
    expect(xs[1].timerUs).toBe(3_609_375);
    expect(xs[1].lastAccepted?.t).toBe(44_832_031 - 3_609_375);
    expect(xs[1].failover.chain.map((c) => c.code)).toEqual(['script-recovered']);
  });

  it('graceful stop: the priority-0 advert starts the skew, and the gap counts from it (§2.10, §9.3)', () => {
    const [x] = explainFailovers(run([{ at: 10.3, action: 'stop-keepalived', node: A }], 15));
    expect(x.failover).toMatchObject({ vrid: 200, from: A, to: B });
    expect(x.lastAccepted?.priority).toBe(0);
    expect(x.timerUs).toBe(613_281); // skew(99)
    expect(x.failover.gapUs).toBe(613_281);
    expect(x.failover.chain.map((c) => c.code)).toEqual(['stopped', 'priority-zero']);
    expect(x.failover.chain[0].evidence).toMatchObject([{ kind: 'scenario-event', index: 0 }]);
    expect(x.text).toMatch(/ran only the skew \(0\.613 s\)/);
  });

  it('keepalived killed: the full MDI after its last advert, the old master silent (§9.3)', () => {
    const [x] = explainFailovers(run([{ at: 10.3, action: 'kill-keepalived', node: A }], 16));
    expect(x.timerUs).toBe(3_613_281);
    expect(x.failover.gapUs).toBe(3_613_281);
    expect(x.failover.cause.silence).toBe('silent');
    expect(x.failover.chain.map((c) => c.code)).toEqual(['vanished']);
    expect(x.text).toContain('prod-haproxy-000 went silent');
  });

  it('a partition is a dual master, not a failover; the kill after the heal is one (issue 15 item 2)', () => {
    const trace = run(
      [
        { at: 8, action: 'partition', groups: [[A], [B]] },
        { at: 14, action: 'heal' },
        { at: 20.3, action: 'kill-process', node: A, process: 'haproxy' },
      ],
      30,
    );
    const xs = explainFailovers(trace).filter((x) => x.failover.vrid === 200);
    expect(xs.map((x) => [x.failover.from, x.failover.to])).toEqual([[A, B]]);
    expect(xs[0].failover.t).toBe(24_835_937);
    const dual = dualMasters(trace).filter((d) => d.vrid === 200);
    expect(dual).toHaveLength(1);
    expect(dual[0].nodes).toEqual([A, B]);
    expect(dual[0].fromUs).toBeGreaterThan(11_000_000);
    expect(dual[0].toUs).toBeGreaterThanOrEqual(14_000_000);
    expect(dual[0].toUs).toBeLessThan(15_000_000);
    // The simulator's failover events are the changes of master its state events define.
    expect(failoversOf(trace)).toEqual(masterChanges(trace));
  });
});
