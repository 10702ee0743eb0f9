import { describe, expect, it } from 'vitest';
import { FrameIndex } from '../../lib/trace/frame';
import {
  explainFailover,
  explainInstance,
  failoverHeadline,
  failoversOf,
  priorityArithmetic,
} from './explain';
import { pandaLikeTrace } from '../../../test/fixtures/ui/panels-trace';
import { pandaScenario } from '../../lib/scenario/panda';
import { simulate } from '../../lib/sim/run';

describe('explain', () => {
  const trace = pandaLikeTrace();
  const index = new FrameIndex(trace);

  it('explains a backup with the master-down numbers of §9.1 and the cause of its state', () => {
    const e = explainInstance(trace, index.frameAt(5_000_000), 'prod-haproxy-001/VI_200')!;
    expect(e.headline).toBe('BACKUP — prod-haproxy-001 started.');
    const peers = Object.fromEntries(e.numbers.map((n) => [n.label, n.value]));
    expect(peers['Peer prod-haproxy-000 (VI_200)']).toBe('MASTER, priority 100');
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
    expect(e.headline).toContain(
      "Its priority 99 is above prod-haproxy-000's 98: it discards those adverts and takes over when its master-down timer fires.",
    );
  });

  it('answers "why did it fail over?" from the failover\'s cause and chain', () => {
    const [f] = failoversOf(trace);
    expect(failoverHeadline(trace, f)).toBe(
      "VRID 200: prod-haproxy-000 → prod-haproxy-001 at 12.613281 s, gap since prod-haproxy-000's last advert, at priority 98: 2.613 s",
    );
    const why = explainFailover(trace, f);
    expect(why.text).toBe(
      'track script chk_haproxy failed on prod-haproxy-000 (priority 100 → 98); then ' +
        "prod-haproxy-001's master-down timer (3.613 s) expired after the last advert it accepted, " +
        "prod-haproxy-000's at 9.000 s (priority 100): prod-haproxy-000 kept advertising at priority 98, " +
        "below prod-haproxy-001's 99, which prod-haproxy-001 discards without resetting its timer.",
    );
    expect(why.rule).toContain('§2.5');
    expect(why.timerUs).toBe(3_613_281);
    expect(why.steps.map((s) => s.cause.code)).toEqual(['script-failed', 'master-down-timer']);
  });

  it('quotes the timer values the trace records: the MDI follows a set-advert-int mid-run', () => {
    const s = pandaScenario();
    const run = simulate(
      {
        ...s,
        events: [
          {
            at: 5,
            action: 'set-advert-int',
            node: 'prod-haproxy-001',
            instance: '192.168.3.200',
            seconds: 2,
          },
        ],
      },
      { untilUs: 10_000_000 },
    ).value;
    const frames = new FrameIndex(run);
    const numbers = (t: number) =>
      Object.fromEntries(
        explainInstance(run, frames.frameAt(t), 'prod-haproxy-001/192.168.3.200')!.numbers.map((n) => [
          n.label,
          n.value,
        ]),
      );
    // Priority 99, v2: skew 0.613281 s; MDI 3 × 1 s + skew, then 3 × 2 s + skew (§2.2).
    expect(numbers(4_000_000)['Advert interval']).toBe('1.000000 s');
    expect(numbers(4_000_000)['Master_Down_Interval']).toBe('3.613281 s');
    expect(numbers(6_000_000)['Advert interval']).toBe('2.000000 s');
    expect(numbers(6_000_000)['Master_Down_Interval']).toBe('6.613281 s');
  });

  it('returns null for an unknown instance', () => {
    expect(explainInstance(trace, index.frameAt(0), 'nope/VI_1')).toBeNull();
  });
});
