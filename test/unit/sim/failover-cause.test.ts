/**
 * The failover summary tells the causal story of a takeover (the new master's master-down timer,
 * from its last accepted advert of the old master, §2.2, §2.5), not the gap since the old master's
 * last advert, which it keeps as a separately named number (§4.8, §9.3).
 */
import { describe, expect, it } from 'vitest';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { withExactTiming } from '../../../src/lib/scenario/timing';
import { simulate } from '../../../src/lib/sim/run';
import { explainFailovers } from '../../../src/lib/sim/summary';
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
    expect(x.failover).toMatchObject({ vrid: 200, from: A, to: B, t: 25_222_656 });
    expect(x.takeover).toBe('master-down-timer');
    expect(x.lastAccepted).toEqual({ t: 21_609_375, source: '192.168.3.4', priority: 100 });
    expect(x.timerUs).toBe(3_613_281); // §9.1: MDI at priority 99, 1 s
    expect(x.discarded.map((d) => d.priority)).toEqual([98, 98, 98]);
    expect(x.gapSinceLastAdvertUs).toBe(613_281);
    expect(x.text).toBe(
      `master-down timer expired: ${B}'s last accepted advert from ${A} was at 21.609375 (priority 100), ` +
        `MDI 3.613281 s; 3 later lower-priority adverts from ${A} (priority 98) discarded without resetting the timer`,
    );
    expect(x.text).not.toMatch(/higher priority/);
  });

  it("Panda, haproxy back on 000: it takes over at 001's last accepted advert + MDI(100) (§4.8)", () => {
    const xs = explainFailovers(run(null, 50));
    expect(xs).toHaveLength(2);
    expect(xs[1].failover).toMatchObject({ from: B, to: A, t: 44_832_031 });
    expect(xs[1].timerUs).toBe(3_609_375);
    expect(xs[1].lastAccepted?.t).toBe(44_832_031 - 3_609_375);
  });

  it('graceful stop: the priority-0 advert starts the skew (§2.10, §9.3)', () => {
    const [x] = explainFailovers(run([{ at: 10.3, action: 'stop-keepalived', node: A }], 15));
    expect(x.failover).toMatchObject({ vrid: 200, from: A, to: B });
    expect(x.lastAccepted?.priority).toBe(0);
    expect(x.timerUs).toBe(613_281); // skew(99)
    expect(x.text).toMatch(/resigned with a priority-0 advert at 10\.300000.*skew 0\.613281 s/);
  });

  it('keepalived killed: the full MDI after its last advert, nothing discarded (§9.3)', () => {
    const [x] = explainFailovers(run([{ at: 10.3, action: 'kill-keepalived', node: A }], 16));
    expect(x.timerUs).toBe(3_613_281);
    expect(x.discarded).toEqual([]);
    expect(x.gapSinceLastAdvertUs).toBe(3_613_281);
    expect(x.text).not.toMatch(/discarded/);
  });
});
