/**
 * The fidelity comparisons themselves, on small hand-made advert lists: they must catch what they
 * claim to catch (a shifted takeover, a wrong priority, a missing stretch, extra adverts) and let
 * through what they claim to tolerate (startup races, ±0.5 s, burst grouping).
 */
import { describe, expect, it } from 'vitest';
import {
  bursts,
  collapseBursts,
  compareStretches,
  compareZeroAdverts,
  stretches,
  type Advert,
} from './adverts';
import { compareAnnounces, type Announce } from './garps';
import { truthToScenario } from '../../src/lib/scenario/truth';
import type { Truth } from './truth';

const A = '192.168.50.11';
const B = '192.168.50.12';

/** Adverts every `step` s from `from` to `to` (inclusive) for VRID 50. */
function run(source: string, from: number, to: number, priority: number, step = 1): Advert[] {
  const out: Advert[] = [];
  for (let t = from; t <= to + 1e-9; t += step) out.push({ t, vrid: 50, source, priority, intervalS: step });
  return out;
}

const realFailover = [...run(A, 5, 10, 100), ...run(B, 13.6, 20, 99)];

describe('advert stretches', () => {
  it('splits a sender at a gap longer than 2.5 intervals, not at a postponed advert, and collapses priorities', () => {
    const s = stretches([...run(A, 1, 3, 100), ...run(A, 5, 6, 98), ...run(A, 9, 10, 98)]);
    expect(s.map((x) => [x.start, x.end, x.adverts, x.priorities])).toEqual([
      [1, 6, 5, [100, 98]],
      [9, 10, 2, [98]],
    ]);
  });

  it('accepts the same failover shifted by less than 0.5 s', () => {
    const sim = [...run(A, 4.8, 9.8, 100), ...run(B, 13.3, 19.3, 99)];
    expect(compareStretches(realFailover, sim, 0.5, 20)).toEqual([]);
  });

  it('reports a takeover 0.6 s late, a wrong priority, a missing and an extra stretch', () => {
    expect(compareStretches(realFailover, [...run(A, 5, 10, 100), ...run(B, 14.2, 20, 99)], 0.5, 20)).toEqual(
      [expect.stringContaining('start differs by 0.600 s')],
    );
    expect(compareStretches(realFailover, [...run(A, 5, 10, 100), ...run(B, 13.6, 20, 98)], 0.5, 20)).toEqual(
      [expect.stringContaining('priorities differ')],
    );
    expect(compareStretches(realFailover, run(A, 5, 20, 100), 0.5, 20)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('missing stretch'),
        expect.stringContaining('advert count'),
      ]),
    );
    expect(
      compareStretches(run(A, 5, 20, 100), [...run(A, 5, 20, 100), ...run(B, 8, 12, 99)], 0.5, 20),
    ).toEqual([expect.stringContaining('extra simulated stretch')]);
  });

  it('ignores a startup race blip on either side, but not a lone stretch', () => {
    const race = [{ t: 4.99, vrid: 50, source: B, priority: 99, intervalS: 1 }];
    expect(compareStretches([...race, ...realFailover], realFailover, 0.5, 20)).toEqual([]);
    expect(compareStretches(realFailover, [...race, ...realFailover], 0.5, 20)).toEqual([]);
    const lone = [{ t: 30, vrid: 50, source: B, priority: 99, intervalS: 1 }];
    expect(compareStretches(realFailover, [...realFailover, ...lone], 0.5, 40)).toHaveLength(1);
  });

  it('finds bursts and collapses them for the cadence', () => {
    const burst = [0, 0.0001, 0.0002].map((d) => ({
      t: 18 + d,
      vrid: 50,
      source: A,
      priority: 100,
      intervalS: 1,
    }));
    const list = [...run(A, 5, 17, 100), ...burst, ...run(A, 19, 22, 100)];
    expect(bursts(list)).toEqual([{ vrid: 50, source: A, t: 18, adverts: 3 }]);
    expect(collapseBursts(list)).toHaveLength(list.length - 2);
  });

  it('matches priority-0 adverts one for one', () => {
    const zero = (t: number): Advert => ({ t, vrid: 50, source: A, priority: 0, intervalS: 1 });
    expect(compareZeroAdverts([zero(11)], [zero(11.3)])).toEqual([]);
    expect(compareZeroAdverts([zero(11), zero(11.0001)], [zero(11)])).toEqual([
      expect.stringContaining('missing'),
    ]);
    expect(compareZeroAdverts([], [zero(11)])).toEqual([expect.stringContaining('extra')]);
  });
});

describe('announcements', () => {
  const burst = (t: number, n = 5): Announce[] =>
    Array.from({ length: n }, (_, i) => ({
      t: t + i * 1e-5,
      address: '192.168.50.100',
      mac: '02:00:00:00:50:12',
    }));

  it('compares in order, so bursts that merge in one world and not the other still match', () => {
    const real = [...burst(13.6), ...burst(18.5), ...burst(18.6)];
    const sim = [...burst(13.4), ...burst(18.45, 10)];
    expect(compareAnnounces(real, sim, 0.5, 30, () => false)).toEqual([]);
  });

  it('reports a missing second burst and honours the ignore rule', () => {
    const real = [...burst(13.6), ...burst(18.6)];
    expect(compareAnnounces(real, burst(13.6), 0.5, 30, () => false)).toHaveLength(1);
    expect(compareAnnounces(real, burst(13.6), 0.5, 30, (a) => a.t > 18)).toEqual([]);
  });
});

describe('truth → scenario', () => {
  const truth: Truth = {
    scenario: 'x',
    description: 'd',
    nodes: [
      {
        name: 'n1',
        interfaces: { eth0: ['192.168.50.11/24'] },
        mac: { eth0: '02:00:00:00:50:11' },
        config: '',
      },
    ],
    events: [
      { t: 1.5, kind: 'fault', node: 'n1', action: 'start-keepalived' },
      { t: 5, kind: 'state', node: 'n1', instance: 'VI_50', vrid: 50, state: 'MASTER', priority: 100 },
      { t: 9, kind: 'fault', action: 'partition', groups: [['n1'], ['n2']] },
      { t: 12, kind: 'fault', action: 'block-multicast', from: 'n1', to: 'n2' },
    ],
  };

  it('carries the faults at their times and leaves the daemon state changes to the simulator', () => {
    expect(truthToScenario(truth).events).toEqual([
      { at: 1.5, action: 'start-keepalived', node: 'n1' },
      { at: 9, action: 'partition', groups: [['n1'], ['n2']] },
      { at: 12, action: 'block-multicast', from: 'n1', to: 'n2' },
    ]);
  });

  it('refuses a fault it cannot express', () => {
    const bad: Truth = { ...truth, events: [{ t: 1, kind: 'fault', node: 'n1', action: 'reboot' }] };
    expect(() => truthToScenario(bad)).toThrow(/reboot/);
  });
});
