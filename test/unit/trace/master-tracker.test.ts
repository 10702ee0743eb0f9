/**
 * The rule of changes of master (src/lib/trace/masters.ts) on the case the oracle's random schedules
 * found: two nodes entering MASTER in the same µs were neither ever the only master, so the one left
 * afterwards takes over from nobody.
 */
import { describe, expect, it } from 'vitest';
import { MasterTracker } from '../../../src/lib/trace/masters';

describe('MasterTracker', () => {
  it('two entries in one µs, then one leaves: an election, not a failover', () => {
    const m = new MasterTracker();
    expect(m.enter('r', 'n1', 5)).toEqual({ from: null, to: 'n1' });
    expect(m.enter('r', 'n3', 5)).toBeNull();
    expect(m.leave('r', 'n1', 9)).toEqual({ from: null, to: 'n3' });
    expect(m.holder('r')).toBe('n3');
  });

  it('an entry a µs later is a dual master, and the one left takes over from the first', () => {
    const m = new MasterTracker();
    m.enter('r', 'n1', 5);
    expect(m.enter('r', 'n3', 6)).toBeNull();
    expect(m.leave('r', 'n1', 9)).toEqual({ from: 'n1', to: 'n3' });
  });

  it('after a settled holder, two entries in one µs fall back to that holder', () => {
    const m = new MasterTracker();
    m.enter('r', 'n0', 1);
    m.leave('r', 'n0', 4);
    expect(m.enter('r', 'n1', 5)).toEqual({ from: 'n0', to: 'n1' });
    m.enter('r', 'n3', 5);
    expect(m.holder('r')).toBe('n0');
    expect(m.leave('r', 'n1', 9)).toEqual({ from: 'n0', to: 'n3' });
  });
});
