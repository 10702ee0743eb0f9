/**
 * keepalived reads CARP adverts of its VRID (src/lib/sim/carp-as-vrrp.ts): refused at the length check
 * (§1.10 #2), yet each one restarts a MASTER's advert deadline (§2.11) and leaves a BACKUP's where it
 * was (§2.5). With exact timing (the rules of §9) ucarp's 1 s cadence keeps keepalived's master silent,
 * as captures/carp/ucarp-keepalived showed.
 */
import { describe, expect, it } from 'vitest';
import { withExactTiming } from '../../../src/lib/scenario/timing';
import type { Scenario } from '../../../src/lib/scenario/types';
import { simulate } from '../../../src/lib/sim';
import type { Trace } from '../../../src/lib/trace/types';

const keepalived = (name: string, ip: string, priority: number, extra = '') => ({
  name,
  interfaces: { eth0: [`${ip}/24`] },
  config: `vrrp_instance VI_9 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 9\n  priority ${priority}\n${extra}  virtual_ipaddress {\n    10.0.0.100/24\n  }\n}\n`,
});
const ucarp = {
  name: 'u1',
  interfaces: { eth0: ['10.0.0.11/24'] },
  implementation: 'ucarp' as const,
  config: 'ucarp -i eth0 -s 10.0.0.11 -v 9 -p secret -a 10.0.0.200 -k 0 -P',
};

/** ucarp after keepalived's master is up, as in the recording (n1 MASTER at 7.07, u1's CARP from 7.03). */
const START_UCARP = { at: 5, action: 'start-ucarp', node: 'u1' };

function run(nodes: unknown[], events: unknown[], untilS: number): Trace {
  const s = withExactTiming({ name: 'carp beside vrrp', seed: 1, nodes, events } as unknown as Scenario);
  const r = simulate(s, { untilUs: untilS * 1e6 });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value;
}

const sent = (t: Trace, node: string, kind: 'carp' | 'vrrp') =>
  t.packets.filter((p) => p.node === node && (kind === 'carp' ? p.carp : p.vrrp)).map((p) => p.t);
const enteredMaster = (t: Trace, node: string) =>
  t.events.filter((e) => e.kind === 'state' && e.node === node && e.to === 'MASTER').map((e) => e.t);

describe('CARP adverts of the same id reaching keepalived (§2.11)', () => {
  it("are refused at the length check, and each restarts the MASTER's advert deadline: it falls silent", () => {
    const t = run([keepalived('n1', '10.0.0.21', 100), ucarp], [START_UCARP], 20);
    const carp = sent(t, 'u1', 'carp');
    const firstCarp = carp[0];
    expect(carp.length).toBeGreaterThan(10);
    const n1Master = enteredMaster(t, 'n1')[0];
    expect(n1Master).toBeLessThan(firstCarp);
    // Every CARP advert is handed to VI_9, refused (§1.10 #2: 56 bytes, 64 for 7 "addresses").
    const refused = t.events.filter(
      (e) => e.kind === 'advert-received' && e.node === 'n1' && t.packets[e.packet].carp,
    );
    expect(refused.length).toBe(carp.length);
    expect(refused.every((e) => e.kind === 'advert-received' && e.verdict === 'dropped')).toBe(true);
    expect(
      t.events.some(
        (e) => e.kind === 'log' && e.text.includes('vrrp packet too short, length 56 and expect 64'),
      ),
    ).toBe(true);
    // Once ucarp advertises every second, n1's deadline (arrival + 1 s) always follows the next one.
    expect(sent(t, 'n1', 'vrrp').filter((x) => x > firstCarp)).toEqual([]);
  });

  it("a BACKUP keeps its deadline: it takes over one MDI after the silent master's last advert, which answers", () => {
    const t = run(
      [keepalived('n1', '10.0.0.21', 100), keepalived('n2', '10.0.0.22', 99), ucarp],
      [START_UCARP],
      20,
    );
    const lastN1 = sent(t, 'n1', 'vrrp')
      .filter((x) => x < enteredMaster(t, 'n2')[0])
      .at(-1)!;
    const n2Master = enteredMaster(t, 'n2')[0];
    // §9.1: MDI at priority 99 is 3 × 1 s + skew(99) = 3.613281 s, counted from the last accepted advert.
    expect(n2Master - lastN1).toBe(3_613_281);
    // n1 answers n2's lower advert at once (§2.6) and n2 yields (§2.6): the recording's 10.688 round.
    expect(sent(t, 'n1', 'vrrp')).toContain(n2Master);
    const back = t.events.find(
      (e) => e.kind === 'state' && e.node === 'n2' && e.from === 'MASTER' && e.t >= n2Master,
    );
    expect(back?.t).toBe(n2Master);
  });

  it('with ucarp gone the master advertises again one interval after the last CARP advert it read', () => {
    const t = run(
      [keepalived('n1', '10.0.0.21', 100), ucarp],
      [START_UCARP, { at: 12.5, action: 'kill-ucarp', node: 'u1' }],
      16,
    );
    const lastCarp = sent(t, 'u1', 'carp').at(-1)!;
    expect(sent(t, 'n1', 'vrrp').find((x) => x > lastCarp)).toBe(lastCarp + 1_000_000);
  });

  it('with lower_prio_no_advert the MASTER keeps its own cadence (§2.11: no reset after any packet)', () => {
    const t = run([keepalived('n1', '10.0.0.21', 100, '  lower_prio_no_advert\n'), ucarp], [START_UCARP], 14);
    const firstCarp = sent(t, 'u1', 'carp')[0];
    const after = sent(t, 'n1', 'vrrp').filter((x) => x > firstCarp);
    expect(after.length).toBeGreaterThanOrEqual(5);
    expect(after.slice(1).map((x, i) => x - after[i])).toEqual(after.slice(1).map(() => 1_000_000));
  });
});
