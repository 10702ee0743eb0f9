/**
 * Property tests over random fault schedules (fast-check): a MASTER always holds its VIPs; on a
 * healthy segment two MASTERs never coexist longer than a Master_Down_Interval; effective priorities
 * stay within 1..254 (255 only for an owner, 0 only in resignation adverts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../../src/lib/scenario/types';
import type { Trace } from '../../../src/lib/trace/types';
import { runWorld } from './harness';
import { config, instance, router, script } from './model-fixtures';

const NODES = ['n1', 'n2', 'n3'];
const HEAL_AT = 60;
const END = 90;
const MAX_MDI_US = 3_996_093;

const faultArb: fc.Arbitrary<ScenarioEvent> = fc.oneof(
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    node: fc.constantFrom(...NODES),
    action: fc.constantFrom(
      'stop-keepalived',
      'kill-keepalived',
      'pause-keepalived',
      'resume-keepalived',
      'start-keepalived',
      'link-down',
      'link-up',
    ),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    node: fc.constantFrom(...NODES),
    action: fc.constantFrom('kill-process', 'start-process'),
    process: fc.constant('svc'),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    action: fc.constant('partition'),
    groups: fc.shuffledSubarray(NODES, { minLength: 1 }).map((g) => [g]),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    action: fc.constant('block-multicast'),
    from: fc.constantFrom(...NODES),
    to: fc.constantFrom(...NODES),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    action: fc.constant('set-loss'),
    percent: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    node: fc.constantFrom(...NODES),
    action: fc.constant('set-priority'),
    instance: fc.constantFrom('VI_1', 'VI_2'),
    priority: fc.integer({ min: 1, max: 254 }),
  }),
) as fc.Arbitrary<ScenarioEvent>;

const nodeArb = fc.record({
  p1: fc.integer({ min: 1, max: 255 }),
  p2: fc.integer({ min: 1, max: 254 }),
  weight: fc.integer({ min: -253, max: 253 }),
  nopreempt: fc.boolean(),
});

function build(nodes: { p1: number; p2: number; weight: number; nopreempt: boolean }[]) {
  return nodes.map((n, i) => {
    const chk = script('chk', 'pidof svc', { intervalS: 1, weight: n.weight });
    const track = [{ name: 'chk', weight: n.weight, reverse: false }];
    const cfg = config(
      [
        instance('VI_1', 1, n.p1, ['10.0.0.101'], {
          trackScripts: track,
          preempt: !n.nopreempt || n.p1 === 255,
        }),
        instance('VI_2', 2, n.p2, ['10.0.0.102'], {
          trackScripts: track,
          trackInterfaces: [{ name: 'eth2', weight: 0, reverse: false }],
        }),
      ],
      [chk],
    );
    return router(NODES[i], `02:00:00:00:00:0${i + 1}`, `10.0.0.${i + 1}/24`, cfg, ['svc']);
  });
}

/** Restores everything at HEAL_AT, so the segment is healthy from there on. */
function healing(): ScenarioEvent[] {
  return [
    { at: HEAL_AT, action: 'heal' },
    ...NODES.flatMap((node): ScenarioEvent[] => [
      { at: HEAL_AT, action: 'resume-keepalived', node },
      { at: HEAL_AT, action: 'link-up', node },
      { at: HEAL_AT, action: 'start-process', node, process: 'svc' },
      { at: HEAL_AT + 0.001, action: 'start-keepalived', node },
    ]),
  ];
}

function checkInvariants(trace: Trace): void {
  const inst = new Map(trace.instances.map((i) => [i.id, i]));
  const state = new Map<string, string>();
  const vips = new Map<string, Set<string>>();
  const dualSince = new Map<string, number>();
  const byTime = new Map<number, typeof trace.events>();
  for (const e of trace.events) (byTime.get(e.t) ?? byTime.set(e.t, []).get(e.t)!).push(e);
  for (const [t, evs] of byTime) {
    for (const e of evs) {
      if (e.kind === 'state') state.set(e.instance, e.to);
      if (e.kind === 'vip') {
        const s = vips.get(e.node) ?? new Set<string>();
        if (e.op === 'add') s.add(e.address);
        else s.delete(e.address);
        vips.set(e.node, s);
      }
      if (e.kind === 'priority') {
        const base = e.base;
        expect(e.to === 255 ? base === 255 : e.to >= 1 && e.to <= 254).toBe(true);
      }
    }
    // A MASTER holds its VIPs.
    for (const [id, st] of state)
      if (st === 'MASTER')
        for (const v of inst.get(id)!.vips) expect(vips.get(inst.get(id)!.node)?.has(v)).toBe(true);
    // Two MASTERs on the healthy segment (after the heal) for at most one MDI.
    for (const router of ['ipv4/1', 'ipv4/2']) {
      const masters = [...state].filter(
        ([id, st]) => st === 'MASTER' && inst.get(id)!.router === router,
      ).length;
      if (masters > 1 && t >= HEAL_AT * 1e6) {
        if (!dualSince.has(router)) dualSince.set(router, t);
      } else if (dualSince.has(router)) {
        expect(t - dualSince.get(router)!).toBeLessThanOrEqual(MAX_MDI_US);
        dualSince.delete(router);
      }
    }
  }
  for (const [, since] of dualSince) expect(trace.endUs - since).toBeLessThanOrEqual(MAX_MDI_US);
  for (const p of trace.packets) {
    if (!p.vrrp) continue;
    const base = inst.get(p.instance!)!.basePriority;
    const prio = p.vrrp.priority;
    expect(prio === 0 || (prio === 255 ? base === 255 : prio >= 1 && prio <= 254)).toBe(true);
  }
}

describe('properties over random fault schedules', () => {
  it('hold for three nodes with two VRIDs', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 3, maxLength: 3 }),
        fc.array(faultArb, { maxLength: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        (nodes, faults, seed) => {
          const trace = runWorld(
            build(nodes),
            [
              ...NODES.map((node): ScenarioEvent => ({ at: 0, action: 'start-keepalived', node })),
              ...faults,
              ...healing(),
            ],
            END,
            [],
            seed,
          );
          checkInvariants(trace);
        },
      ),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
