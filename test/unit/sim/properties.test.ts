/**
 * Property tests over random fault schedules (fast-check): a MASTER always holds its VIPs; on a
 * healthy segment two MASTERs never coexist longer than a Master_Down_Interval; effective priorities
 * stay within 1..254 (255 only for an owner, 0 only in resignation adverts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../src/lib/trace/types';
import { HEAL_AT, runSchedule, scheduleArb } from './random-faults';

const MAX_MDI_US = 3_996_093;

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
      fc.property(scheduleArb, ([nodes, faults, seed]) => {
        checkInvariants(runSchedule(nodes, faults, seed));
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
