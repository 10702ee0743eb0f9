/**
 * The two actions added through the registry alone: set-advert-int and restart-keepalived, checked
 * in the trace with keepalived's integer µs (docs/vrrp-behaviour.md §2.2, §2.10, §9.2, §9.3), with
 * the exact timing model (no delivery delay, no jitter).
 */
import { describe, expect, it } from 'vitest';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { withExactTiming } from '../../../src/lib/scenario/timing';
import type { ScenarioEvent } from '../../../src/lib/scenario/types';
import { simulate } from '../../../src/lib/sim/run';
import { timingAt } from '../../../src/lib/trace/timing';
import type { Trace } from '../../../src/lib/trace/types';

const A = 'prod-haproxy-000';
const B = 'prod-haproxy-001';
const A200 = `${A}/192.168.3.200`;
const B200 = `${B}/192.168.3.200`;

/** Panda's nodes with only `events` (000 master of VRID 200 at 100, 001 backup at 99). */
function run(events: ScenarioEvent[], untilS = 30): Trace {
  const s = withExactTiming({ ...pandaScenario(), events });
  return simulate(s, { untilUs: untilS * 1e6 }).value;
}

const sent = (trace: Trace, instance: string) =>
  trace.events
    .filter((e) => e.kind === 'advert-sent' && e.instance === instance)
    .map((e) => trace.packets[(e as { packet: number }).packet]);
const states = (trace: Trace, instance: string) =>
  trace.events.filter((e) => e.kind === 'state' && e.instance === instance) as Extract<
    Trace['events'][number],
    { kind: 'state' }
  >[];

describe('set-advert-int (§1.5, §2.2)', () => {
  it('a v2 backup set to 2 s: the timing event gives §9.2’s MDI 6 613 281 µs at p = 99', () => {
    const trace = run([{ at: 10, action: 'set-advert-int', node: B, instance: '192.168.3.200', seconds: 2 }]);
    expect(timingAt(trace, B200, 9_999_999)?.mdiUs).toBe(3_613_281);
    expect(timingAt(trace, B200, 10_000_000)).toMatchObject({
      t: 10_000_000,
      advertIntervalUs: 2_000_000,
      masterAdvertIntervalUs: 2_000_000,
      skewUs: 613_281,
      mdiUs: 6_613_281,
    });
    expect(trace.events.find((e) => e.kind === 'fault' && e.action === 'set-advert-int')).toMatchObject({
      label: `advert interval of 192.168.3.200 set to 2 s on ${B}`,
      params: { instance: '192.168.3.200', seconds: 2 },
    });
  });

  it('v2 then drops the master’s 1 s adverts (§1.10) and takes over one new MDI after the last accepted one', () => {
    const trace = run([{ at: 10, action: 'set-advert-int', node: B, instance: '192.168.3.200', seconds: 2 }]);
    // 000's adverts: 3.609375 s + k s. The last one 001 accepted is at 9.609375 s; its running deadline
    // moved by newMDI − oldMDI = 3 s at 10 s (§2.2), so it fires at 9.609375 + 6.613281 s.
    const drops = trace.events.filter(
      (e) => e.kind === 'advert-received' && e.instance === B200 && e.verdict === 'dropped',
    );
    expect(drops.length).toBeGreaterThan(0);
    expect((drops[0] as { reason: string }).reason).toContain('advertisement interval mismatch mine=2 sec');
    const master = states(trace, B200).find((e) => e.to === 'MASTER')!;
    expect(master).toMatchObject({
      t: 9_609_375 + 6_613_281,
      cause: { code: 'master-down-timer', mdiUs: 6_613_281 },
    });
    const adverts = sent(trace, B200);
    expect(adverts[0].vrrp).toMatchObject({ advertIntervalRaw: 2, advertIntervalCs: 200 });
  });

  it('a master set to 2 s sends every 2 s, then falls silent under the backup’s 1 s adverts (§8.4, §2.11)', () => {
    const trace = run([{ at: 10, action: 'set-advert-int', node: A, instance: '192.168.3.200', seconds: 2 }]);
    const after = sent(trace, A200).filter((p) => p.t > 10_000_000);
    expect(after.map((p) => p.t)).toEqual([10_609_375, 12_609_375]);
    expect(after[0].vrrp).toMatchObject({ advertIntervalRaw: 2, advertIntervalCs: 200 });
    expect(timingAt(trace, A200, 10_000_000)).toMatchObject({
      advertIntervalUs: 2_000_000,
      mdiUs: 6_609_375,
    });
    // The v2 backup drops the 2 s adverts (§1.10) and takes over at its last accepted one + MDI: a
    // dual master (§8.4). Every advert handed to the master, dropped or not, resets its advert
    // deadline to now + 2 s (§2.11), so the backup's 1 s adverts keep it silent.
    expect(states(trace, B200).find((e) => e.to === 'MASTER')?.t).toBe(9_609_375 + 3_613_281);
    expect(sent(trace, B200).filter((p) => p.t > 14_000_000).length).toBeGreaterThan(10);
    expect(states(trace, A200).filter((e) => e.t > 10_000_000)).toEqual([]);
  });

  it('rounds as keepalived completes a v2 config: 1.5 s becomes 2 s (§1.5)', () => {
    const trace = run([
      { at: 5, action: 'set-advert-int', node: B, instance: '192.168.3.200', seconds: 1.5 },
    ]);
    expect(timingAt(trace, B200, 5_000_000)?.advertIntervalUs).toBe(2_000_000);
  });
});

describe('restart-keepalived (SIGTERM, then start)', () => {
  it('the master resigns with priority 0, the backup takes over after its skew, and the master preempts back (§2.10, §9.3)', () => {
    const trace = run([{ at: 10, action: 'restart-keepalived', node: A }]);
    const daemon = trace.events.filter((e) => e.kind === 'daemon' && e.node === A && e.t === 10_000_000);
    expect(daemon.map((e) => (e as { status: string }).status)).toEqual(['stopped', 'running']);
    const resign = sent(trace, A200).find((p) => p.t === 10_000_000)!;
    expect(resign.vrrp?.priority).toBe(0);
    // §9.3: backup(99) MASTER at rx(prio 0) + 613 281 µs.
    expect(states(trace, B200).find((e) => e.to === 'MASTER')).toMatchObject({ t: 10_613_281 });
    // §9.3: the higher node (100), back in BACKUP at t0, is MASTER at t0 + 3 609 375 µs.
    const back = states(trace, A200).filter((e) => e.t >= 10_000_000);
    expect(back.map((e) => [e.t, e.to])).toEqual([
      [10_000_000, 'STOPPED'],
      [10_000_000, 'BACKUP'],
      [13_609_375, 'MASTER'],
    ]);
    // A fresh start records its timer values again.
    expect(timingAt(trace, A200, 10_000_000)).toMatchObject({ t: 10_000_000, mdiUs: 3_609_375 });
  });
});
