/**
 * The seed scenario's timeline (docs/vrrp-behaviour.md §4.8, §9.3), to the microsecond.
 */
import { describe, expect, it } from 'vitest';
import { adverts, entered, garps, kinds, runWorld } from './harness';
import { pandaRouters } from './model-fixtures';

const A = 'prod-haproxy-000';
const B = 'prod-haproxy-001';

describe('seed: haproxy dies on prod-haproxy-000 (§4.8)', () => {
  const trace = runWorld(
    pandaRouters(),
    [
      { at: 20.3, action: 'kill-process', node: A, process: 'haproxy' },
      { at: 40.1, action: 'start-process', node: A, process: 'haproxy' },
    ],
    60,
  );

  it('steady state is active/active: A masters VRID 200, B masters VRID 201', () => {
    expect(entered(trace, `${A}/192.168.3.200`, 'MASTER')).toBe(3_609_375);
    expect(entered(trace, `${B}/192.168.3.201`, 'MASTER')).toBe(3_609_375);
    expect(entered(trace, `${B}/192.168.3.200`, 'MASTER')!).toBeGreaterThan(20_000_000);
  });

  it('B becomes MASTER of VRID 200 exactly 3.613281 s after A last advertised priority 100', () => {
    const lastHundred = adverts(trace, A, 200)
      .filter((a) => a.priority === 100 && a.t < 25_000_000)
      .at(-1)!;
    const takeover = entered(trace, `${B}/192.168.3.200`, 'MASTER', 20_000_000)!;
    expect(takeover - lastHundred.t).toBe(3_613_281);
    // between them A advertised 98, which B discarded without resetting its timer (§2.5)
    const between = adverts(trace, A, 200).filter((a) => a.t > lastHundred.t && a.t < takeover);
    expect(between.map((a) => a.priority)).toEqual([98, 98, 98]);
  });

  it('the takeover is one advert, then 5 GARPs from B, then 5 more 5 s later', () => {
    const takeover = entered(trace, `${B}/192.168.3.200`, 'MASTER', 20_000_000)!;
    const first = adverts(trace, B, 200).find((a) => a.t >= takeover)!;
    expect(first.t).toBe(takeover);
    expect(first.priority).toBe(99);
    const g = garps(trace, B, '192.168.3.200').filter((x) => x.t < 35_000_000);
    expect(g.map((x) => x.t)).toEqual([...Array(5).fill(takeover), ...Array(5).fill(takeover + 5_000_000)]);
    expect(g.every((x) => x.mac === 'bc:76:4e:05:eb:70')).toBe(true);
    const aPacketsAfter = trace.packets.filter(
      (p) => p.node === A && p.vrrp?.vrid === 200 && p.t > takeover && p.t < 40_000_000,
    );
    expect(aPacketsAfter).toEqual([]);
  });

  it('logs the keepalived lines of Appendix C around the takeover', () => {
    const takeover = entered(trace, `${B}/192.168.3.200`, 'MASTER', 20_000_000)!;
    const logs = (node: string) =>
      kinds(trace, 'log')
        .filter((e) => e.node === node && e.t >= 20_000_000 && e.t <= takeover)
        .map((e) => e.text);
    expect(logs(A)).toEqual([
      'Script `chk_haproxy` now returning 1',
      'VRRP_Script(chk_haproxy) failed (exited with status 1)',
      '(192.168.3.200) Changing effective priority from 100 to 98',
      '(192.168.3.201) Changing effective priority from 99 to 97',
      '(192.168.3.200) Master received advert from 192.168.3.5 with higher priority 99, ours 98',
      '(192.168.3.200) Entering BACKUP STATE',
      '(192.168.3.200) removing VIPs.',
    ]);
    expect(logs(B)).toEqual([
      '(192.168.3.200) received lower priority (98) advert from 192.168.3.4 - discarding',
      '(192.168.3.200) received lower priority (98) advert from 192.168.3.4 - discarding',
      '(192.168.3.200) received lower priority (98) advert from 192.168.3.4 - discarding',
      '(192.168.3.200) Receive advertisement timeout',
      '(192.168.3.200) Entering MASTER STATE',
      '(192.168.3.200) setting VIPs.',
      '(192.168.3.200) Sending/queueing gratuitous ARPs on eth2 for 192.168.3.200',
    ]);
  });

  it('priorities follow the weight -2 arithmetic on A only', () => {
    const p = kinds(trace, 'priority').filter((e) => e.t < 40_000_000);
    expect(p.map((e) => [e.instance, e.from, e.to])).toEqual([
      [`${A}/192.168.3.200`, 100, 98],
      [`${A}/192.168.3.201`, 99, 97],
    ]);
    expect(p[0].terms).toEqual([{ source: 'chk_haproxy', kind: 'script', delta: -2, status: 'failed' }]);
  });

  it('haproxy back: A takes over at the last B advert it accepted + 3.609375 s', () => {
    const back = kinds(trace, 'priority').find((e) => e.t > 40_000_000 && e.to === 100)!;
    const takeover = entered(trace, `${A}/192.168.3.200`, 'MASTER', 40_000_000)!;
    const accepted = kinds(trace, 'advert-received').filter(
      (e) => e.node === A && e.instance === `${A}/192.168.3.200` && e.verdict === 'accepted' && e.t <= back.t,
    );
    expect(takeover - accepted.at(-1)!.t).toBe(3_609_375);
    expect(takeover - 40_100_000).toBeGreaterThan(2_609_375);
    expect(takeover - 40_100_000).toBeLessThanOrEqual(5_609_375);
    const fo = kinds(trace, 'failover');
    expect(fo.map((f) => [f.vrid, f.from, f.to])).toEqual([
      [200, A, B],
      [200, B, A],
    ]);
  });
});

describe('seed: graceful stop of A (§4.8, §2.10)', () => {
  const trace = runWorld(pandaRouters(), [{ at: 10.2, action: 'stop-keepalived', node: A }], 20);

  it('A sends exactly one priority-0 advert, for VRID 200 only, and B takes over after skew(99)', () => {
    const zero = adverts(trace, A).filter((a) => a.priority === 0);
    expect(zero.map((a) => a.t)).toEqual([10_200_000]);
    expect(trace.packets[zero[0].index].vrrp!.vrid).toBe(200);
    expect(entered(trace, `${B}/192.168.3.200`, 'MASTER', 10_000_000)! - 10_200_000).toBe(613_281);
  });
});
