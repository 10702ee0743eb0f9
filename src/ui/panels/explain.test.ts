import { describe, expect, it } from 'vitest';
import { FrameIndex } from '../../lib/trace/frame';
import { explainFailover, explainInstance, failoversOf, priorityArithmetic } from './explain';
import { pandaLikeTrace } from '../../../test/fixtures/ui/panels-trace';

describe('explain', () => {
  const trace = pandaLikeTrace();
  const index = new FrameIndex(trace);

  it('explains a backup with the master-down numbers of §9.1 and the master it hears', () => {
    const e = explainInstance(trace, index.frameAt(5_000_000), 'prod-haproxy-001/VI_200')!;
    expect(e.headline).toContain(
      'BACKUP: it hears prod-haproxy-000 as master with priority 100 ≥ its own 99',
    );
    const numbers = Object.fromEntries(e.numbers.map((n) => [n.label, n.value]));
    // §9.1: priority 99, v2, 1 s → skew 613 281 µs, MDI 3 613 281 µs.
    expect(numbers['Skew (v2, priority 99)']).toBe('0.613281 s');
    expect(numbers['Master_Down_Interval']).toBe('3.613281 s');
    expect(e.rule).toContain('§2.4');
  });

  it('shows the weight arithmetic once chk_haproxy failed (§4.8)', () => {
    const f = index.frameAt(9_600_000).instances['prod-haproxy-000/VI_200'];
    expect(priorityArithmetic(f)).toBe('100 − 2 = 98 (chk_haproxy failed)');
    const e = explainInstance(trace, index.frameAt(9_600_000), 'prod-haproxy-001/VI_200')!;
    expect(e.headline).toContain("its priority 99 beats prod-haproxy-000's 98");
  });

  it('answers "why did it fail over?" from the events before the failover', () => {
    const [f] = failoversOf(trace);
    const why = explainFailover(trace, f);
    expect(why.headline).toBe(
      "VRID 200: prod-haproxy-000 → prod-haproxy-001 at 13.613281 s, 3.613281 s after the old master's last advert (higher priority 99 > 98)",
    );
    // The rule comes from the new master's own state change (preempt after the master-down timer).
    expect(why.rule).toContain('§3.1');
    const texts = why.evidence.map((e) => e.text);
    expect(texts).toContain('prod-haproxy-000: haproxy stopped');
    expect(texts).toContain('prod-haproxy-000: priority 100 → 98 (chk_haproxy failed -2)');
    expect(texts).toContain('last advert from prod-haproxy-000: priority 98');
    expect(why.evidence.map((e) => e.t)).toEqual([...why.evidence.map((e) => e.t)].sort((a, b) => a - b));
  });

  it('returns null for an unknown instance', () => {
    expect(explainInstance(trace, index.frameAt(0), 'nope/VI_1')).toBeNull();
  });
});
