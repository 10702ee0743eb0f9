import { describe, expect, it } from 'vitest';
import { effectivePriority, masterDownUs, skewUs } from './timers';

// docs/vrrp-behaviour.md §9.1 and §9.2.
describe('skew and master-down interval (§9)', () => {
  it.each([
    [255, 3_906, 3_003_906],
    [254, 7_812, 3_007_812],
    [101, 605_468, 3_605_468],
    [100, 609_375, 3_609_375],
    [99, 613_281, 3_613_281],
    [98, 617_187, 3_617_187],
    [97, 621_093, 3_621_093],
    [50, 804_687, 3_804_687],
    [1, 996_093, 3_996_093],
  ])('priority %i at 1 s: skew %i, MDI %i (v2 and v3 agree)', (p, skew, mdi) => {
    for (const v of [2, 3] as const) {
      expect(skewUs(v, p, 1_000_000)).toBe(skew);
      expect(masterDownUs(v, p, 1_000_000)).toBe(mdi);
    }
  });

  it('differs between v2 and v3 when the interval is not 1 s (§9.2)', () => {
    expect(masterDownUs(2, 100, 2_000_000)).toBe(6_609_375);
    expect(masterDownUs(3, 100, 2_000_000)).toBe(7_218_750);
    expect(masterDownUs(2, 99, 2_000_000)).toBe(6_613_281);
    expect(masterDownUs(3, 99, 2_000_000)).toBe(7_226_562);
    expect(masterDownUs(3, 100, 500_000)).toBe(1_804_687);
    expect(masterDownUs(3, 99, 500_000)).toBe(1_806_640);
    expect(masterDownUs(3, 100, 10_000)).toBe(36_093);
  });

  it('a BACKUP going from 98 to 100 brings its deadline 7 812 µs earlier (§9.3)', () => {
    expect(masterDownUs(2, 98, 1_000_000) - masterDownUs(2, 100, 1_000_000)).toBe(7_812);
  });

  it('clamps the effective priority to 1..254 and keeps an owner at 255 (§2.1)', () => {
    expect(effectivePriority(100, -2)).toBe(98);
    expect(effectivePriority(1, -50)).toBe(1);
    expect(effectivePriority(250, 20)).toBe(254);
    expect(effectivePriority(255, -10)).toBe(255);
  });
});
