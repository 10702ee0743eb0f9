import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { Lane, VirtualClock } from '../../../src/lib/sim/clock';
import { Rng } from '../../../src/lib/sim/rng';

describe('VirtualClock', () => {
  it('fires by deadline, ties in insertion order, each callback at its own time', () => {
    const c = new VirtualClock();
    const seen: [string, number][] = [];
    c.setTimeout(() => seen.push(['b', c.now]), 20);
    c.setTimeout(() => seen.push(['a', c.now]), 10);
    c.setTimeout(() => seen.push(['c', c.now]), 20);
    c.setTimeout(() => {
      seen.push(['d', c.now]);
      c.setTimeout(() => seen.push(['e', c.now]), 0);
    }, 15);
    c.runUntil(100);
    expect(seen).toEqual([
      ['a', 10],
      ['d', 15],
      ['e', 15],
      ['b', 20],
      ['c', 20],
    ]);
    expect(c.now).toBe(100);
  });
  // keepalived reads a packet waiting on the VRRP socket before the socket's timeout fires
  // (lib/scheduler.c thread_fetch_next_queue), so an arrival beats a timer set earlier for the same µs.
  it('at one deadline, arrivals run before timers whatever the insertion order', () => {
    const c = new VirtualClock();
    const seen: string[] = [];
    c.setTimeout(() => seen.push('timer'), 10);
    c.setTimeout(() => {
      seen.push('sender');
      c.setTimeout(() => seen.push('arrival'), 0, Lane.arrival);
    }, 10);
    c.at(10, () => seen.push('late timer'));
    c.at(20, () => seen.push('later arrival'), Lane.arrival);
    c.runUntil(100);
    expect(seen).toEqual(['timer', 'sender', 'arrival', 'late timer', 'later arrival']);
  });
  it('clearTimeout cancels; runUntil stops at the bound', () => {
    const c = new VirtualClock();
    const seen: number[] = [];
    const h = c.setTimeout(() => seen.push(1), 5);
    c.setTimeout(() => seen.push(2), 50);
    c.clearTimeout(h);
    c.runUntil(49);
    expect(seen).toEqual([]);
    expect(c.peek()).toBe(50);
    c.runUntil(50);
    expect(seen).toEqual([2]);
  });
  it('drives XState delayed transitions in µs', () => {
    const c = new VirtualClock();
    const m = createMachine({ initial: 'a', states: { a: { after: { 3_609_375: 'b' } }, b: {} } });
    const actor = createActor(m, { clock: c }).start();
    c.runUntil(3_609_374);
    expect(actor.getSnapshot().value).toBe('a');
    c.runUntil(3_609_375);
    expect(actor.getSnapshot().value).toBe('b');
  });
});

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it('chance(p) hits about p % of the time', () => {
    const r = new Rng(1);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(30)) hits++;
    expect(hits).toBeGreaterThan(2_800);
    expect(hits).toBeLessThan(3_200);
    expect(r.chance(0)).toBe(false);
  });
});
