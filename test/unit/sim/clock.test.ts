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

describe('VirtualClock.atEach', () => {
  /**
   * A random program of callbacks, some scheduling more, some sets of arrivals; run once with `atEach`
   * and once with one `at` per arrival in index order. Returns what ran, when.
   */
  function program(seed: number, shared: boolean): string[] {
    const c = new VirtualClock();
    const r = new Rng(seed);
    const seen: string[] = [];
    const int = (n: number) => Math.floor(r.next() * n);
    const schedule = (name: string, depth: number) => {
      const kind = int(3);
      const lane = int(2) ? Lane.arrival : Lane.timer;
      if (kind === 0) {
        const base = c.now + int(40);
        const offsets = Array.from({ length: 1 + int(9) }, () => int(30));
        const run = (i: number) => {
          seen.push(`${name}.${i}@${c.now}`);
          if (depth < 3 && int(3) === 0) schedule(`${name}.${i}`, depth + 1);
        };
        if (shared) c.atEach(base, offsets, run, lane);
        else offsets.forEach((o, i) => c.at(base + o, () => run(i), lane));
      } else {
        c.at(
          c.now + int(60),
          () => {
            seen.push(`${name}@${c.now}`);
            if (depth < 3) for (let k = int(3); k > 0; k--) schedule(`${name}/${k}`, depth + 1);
          },
          lane,
        );
      }
    };
    for (let k = 0; k < 20; k++) schedule(`p${k}`, 0);
    c.runUntil(50);
    c.runUntil(120);
    c.runUntil(10_000);
    return seen;
  }

  it('runs each arrival as its own `at` would: same order, same times, across interleavings and runUntil bounds', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const shared = program(seed, true);
      expect(shared.length).toBeGreaterThan(0);
      expect(shared).toEqual(program(seed, false));
    }
  });

  it('takes one queue entry when nothing falls due between its arrivals', () => {
    const c = new VirtualClock();
    const seen: number[] = [];
    c.atEach(100, [30, 0, 10, 10], (i) => seen.push(i), Lane.arrival);
    c.at(200, () => seen.push(9));
    c.runUntil(1000);
    expect(seen).toEqual([1, 2, 3, 0, 9]);
    expect(c.queued).toBe(2);
    expect(c.fired).toBe(5);
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
