/**
 * Races the way real daemons run them (issue 10 §1): with the timing model (sim/timing.ts) two
 * backups whose master-down timers fall due within a delivery window both become MASTER, and which
 * advert crosses first decides a split brain's heal. Each race is shown with the measured defaults
 * over a family of seeds, and with the timing model at zero, where the rule alone decides.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/lib/sim';
import type { Scenario, ScenarioEvent, ScenarioNode } from '../../../src/lib/scenario/types';
import { withExactTiming } from '../../../src/lib/scenario/timing';
import { validateScenario } from '../../../src/lib/scenario/validate';
import type { Trace } from '../../../src/lib/trace/types';
import { adverts, garps, states } from './harness';

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

function instance(prio: number, extra = ''): string {
  return `vrrp_instance VI_50 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 50\n  priority ${prio}\n${extra}  virtual_ipaddress {\n    192.168.50.100/24\n  }\n}\n`;
}

function node(n: number, config: string, processes?: string[]): ScenarioNode {
  return {
    name: `n${n}`,
    interfaces: { eth0: [`192.168.50.1${n}/24`] },
    config,
    ...(processes ? { processes } : {}),
  };
}

function run(s: Scenario, untilS: number): Trace {
  const checked = validateScenario(JSON.stringify(s));
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return simulate(checked.value!, { untilUs: untilS * 1e6 }).value!;
}

/** The MASTER periods of VI_50 per node: [from, to) in µs. */
function masterPeriods(t: Trace, name: string): [number, number][] {
  const out: [number, number][] = [];
  let from: number | null = null;
  for (const s of states(t, `${name}/VI_50`)) {
    if (s.to === 'MASTER') from = s.t;
    else if (from !== null) {
      out.push([from, s.t]);
      from = null;
    }
  }
  if (from !== null) out.push([from, t.endUs]);
  return out;
}

// §2.6.1, §8.8: n1 (102, chk_haproxy weight -5) is master over n2 (.12) and n3 (.13), both 100.
// haproxy dies on n1, its adverts drop to 97, and both backups' MDI(100) runs from the same advert.
const tieScenario = (seed: number): Scenario => ({
  name: 'tie-drop',
  seed,
  nodes: [
    node(
      1,
      `vrrp_script chk_haproxy {\n  script "killall -0 haproxy"\n  interval 1\n  weight -5\n}\n` +
        instance(102, '  track_script {\n    chk_haproxy\n  }\n'),
      ['haproxy'],
    ),
    node(2, instance(100)),
    node(3, instance(100)),
  ],
  events: [
    { at: 0, action: 'start-keepalived', node: 'n1' },
    { at: 1, action: 'start-keepalived', node: 'n2' },
    { at: 1, action: 'start-keepalived', node: 'n3' },
    { at: 8, action: 'kill-process', node: 'n1', process: 'haproxy' },
  ],
});

type TieOutcome = 'tie' | 'n2' | 'n3';

/** Who took over after the drop, and for a tie what each of the two did. */
function tieOutcome(t: Trace): { outcome: TieOutcome; lowerAdverts: number; dualUs: number } {
  const after = 8e6;
  const m2 = masterPeriods(t, 'n2').filter(([a]) => a > after);
  const m3 = masterPeriods(t, 'n3').filter(([a]) => a > after);
  if (m2.length && m3.length) {
    const [a2, b2] = m2[0];
    const [a3] = m3[0];
    const lowerAdverts = adverts(t, 'n2', 50).filter((a) => a.t >= a2 && a.t < b2).length;
    return { outcome: 'tie', lowerAdverts, dualUs: b2 - Math.max(a2, a3) };
  }
  return { outcome: m3.length ? 'n3' : 'n2', lowerAdverts: 0, dualUs: 0 };
}

describe('a tie after a priority drop (§2.6.1)', () => {
  const family = SEEDS.map((seed) => ({ seed, trace: run(tieScenario(seed), 20) }));

  it('under the measured defaults, some seeds give both backups MASTER; the lower address sends one advert and yields', () => {
    const ties = family
      .map((f) => ({ seed: f.seed, ...tieOutcome(f.trace) }))
      .filter((o) => o.outcome === 'tie');
    expect(ties.length).toBeGreaterThan(0);
    for (const tie of ties) {
      expect(tie.lowerAdverts).toBe(1);
      // Both MASTER for well under a ms: one delivery and one read.
      expect(tie.dualUs).toBeGreaterThan(0);
      expect(tie.dualUs).toBeLessThan(1000);
    }
  });

  it('in a tie the higher address keeps the VIP: it stays MASTER and n2 ends BACKUP', () => {
    for (const { trace } of family) {
      if (tieOutcome(trace).outcome !== 'tie') continue;
      expect(masterPeriods(trace, 'n3').at(-1)![1]).toBe(trace.endUs);
      expect(states(trace, 'n2/VI_50').at(-1)!.to).toBe('BACKUP');
      // Both sent their GARP burst for the VIP (§2.7).
      const burst = (n: string) => garps(trace, n, '192.168.50.100').filter((g) => g.t > 8e6 && g.t < 13e6);
      expect(burst('n2').length).toBeGreaterThanOrEqual(5);
      expect(burst('n3').length).toBeGreaterThanOrEqual(5);
    }
  });

  it('the other seeds give one backup alone, whichever timer fired first; every outcome is reachable', () => {
    const outcomes = new Set(family.map((f) => tieOutcome(f.trace).outcome));
    expect([...outcomes].sort()).toEqual(['n2', 'n3', 'tie']);
  });

  it('with the timing model at zero, both timers fall due on the same µs and one backup takes over alone', () => {
    const trace = run(withExactTiming(tieScenario(1)), 20);
    expect(tieOutcome(trace).outcome).not.toBe('tie');
  });

  it('the same scenario and seed give the same trace, byte for byte', () => {
    const again = run(tieScenario(7), 20);
    expect(JSON.stringify(again.events)).toBe(JSON.stringify(family[6].trace.events));
    expect(JSON.stringify(again.packets)).toBe(JSON.stringify(family[6].trace.packets));
  });
});

// §8.1: n1 (100) and n2 (99) partitioned, so both are MASTER; at the heal the first advert to cross
// decides. The heal lands on the arrival of one of n1's adverts: whether that advert gets through
// depends on the delivery delay, so either n2 yields silently (n1's advert crossed) or n2's advert
// crosses first and n1 answers it with an advert and GARPs before n2 yields.
const splitScenario = (seed: number, healAt: number): Scenario => ({
  name: 'split-heal',
  seed,
  nodes: [node(1, instance(100)), node(2, instance(99))],
  events: [
    { at: 5, action: 'partition', groups: [['n1'], ['n2']] },
    { at: healAt, action: 'heal' },
  ],
});

function healOutcome(t: Trace, healUs: number): 'silent' | 'answered' {
  const yieldAt = states(t, 'n2/VI_50').find((s) => s.t > healUs && s.to === 'BACKUP')!.t;
  const n1 = adverts(t, 'n1', 50).filter((a) => a.t > healUs && a.t <= yieldAt);
  const n2 = adverts(t, 'n2', 50).filter((a) => a.t > healUs && a.t <= yieldAt);
  // Answered: n2's advert crossed first and n1 answered at once (within a ms), with GARPs.
  return n2.length && n1.some((a) => a.t - n2[0].t < 1000 && a.t >= n2[0].t) ? 'answered' : 'silent';
}

describe('a split brain heals by whichever advert crosses first (§8.1)', () => {
  // n1's adverts go out every second from its first at MDI(100) = 3.609375 s, plus its timer jitter.
  const probe = run(splitScenario(1, 14), 16);
  const n1AdvertNear12 = adverts(probe, 'n1', 50).find((a) => a.t > 11.9e6)!.t;
  const healS = (n1AdvertNear12 + 140) / 1e6;

  it('both outcomes are reachable under different seeds', () => {
    const outcomes = SEEDS.map((seed) => healOutcome(run(splitScenario(seed, healS), 16), healS * 1e6));
    expect(new Set(outcomes)).toEqual(new Set(['silent', 'answered']));
  });

  it('n2 always ends BACKUP and n1 MASTER', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const t = run(splitScenario(seed, healS), 16);
      expect(states(t, 'n2/VI_50').at(-1)!.to).toBe('BACKUP');
      expect(states(t, 'n1/VI_50').at(-1)!.to).toBe('MASTER');
    }
  });
});

// §2.4, §8.8: nodes started together race their master-down timers.
const startScenario = (seed: number, p2: number, n2StartMs: number): Scenario => ({
  name: 'startup',
  seed,
  nodes: [node(1, instance(100)), node(2, instance(p2))],
  events: [
    { at: 0.01, action: 'start-keepalived', node: 'n1' },
    { at: 0.01 + n2StartMs / 1000, action: 'start-keepalived', node: 'n2' },
  ] satisfies ScenarioEvent[],
});

describe('startup races (§2.4, §8.8)', () => {
  it('priorities 100/99 started within 3 ms of each other: the MDIs differ by 3.9 ms, no dual master', () => {
    for (const seed of SEEDS)
      for (const ms of [-3, -1, 0, 2]) {
        const t = run(startScenario(seed, 99, ms), 6);
        expect(masterPeriods(t, 'n2')).toEqual([]);
        expect(masterPeriods(t, 'n1').length).toBe(1);
      }
  });

  it('the 99 node ready 5 ms earlier times out first: a one-advert blip, then the 100 node wins', () => {
    const t = run(startScenario(3, 99, -5), 6);
    const blip = masterPeriods(t, 'n2');
    expect(blip.length).toBe(1);
    expect(adverts(t, 'n2', 50).length).toBe(1);
    expect(states(t, 'n2/VI_50').at(-1)!.to).toBe('BACKUP');
    expect(masterPeriods(t, 'n1')[0][1]).toBe(t.endUs);
  });

  it('equal priorities started together: both MASTER under some seeds, never with the timing model at zero', () => {
    const dual = SEEDS.filter((seed) => {
      const t = run(startScenario(seed, 100, 0), 6);
      return masterPeriods(t, 'n1').length > 0 && masterPeriods(t, 'n2').length > 0;
    });
    expect(dual.length).toBeGreaterThan(0);
    expect(dual.length).toBeLessThan(SEEDS.length);
    const exact = run(withExactTiming(startScenario(1, 100, 0)), 6);
    expect(masterPeriods(exact, 'n1').length + masterPeriods(exact, 'n2').length).toBe(1);
  });
});
