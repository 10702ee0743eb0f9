/**
 * One test per keepalived rule of docs/vrrp-behaviour.md §2–§6 and §8, with §9's exact numbers.
 */
import { describe, expect, it } from 'vitest';
import type { VrrpInstance } from '../../../src/lib/config/model';
import type { RouterSpec } from '../../../src/lib/sim/types';
import { adverts, entered, garps, kinds, runWorld, states } from './harness';
import { config, instance, router, script } from './model-fixtures';

const A = 'a';
const B = 'b';
const VIP = ['10.0.0.100'];

/** Two nodes, one instance each (VRID 50): A at .1 with priority pa, B at .2 with pb. */
function pair(
  pa: number,
  pb: number,
  oa: Partial<VrrpInstance> = {},
  ob: Partial<VrrpInstance> = {},
  scriptsA = [] as ReturnType<typeof script>[],
  scriptsB = [] as ReturnType<typeof script>[],
): RouterSpec[] {
  return [
    router(
      A,
      '02:00:00:00:00:01',
      '10.0.0.1/24',
      config([instance('VI', 50, pa, oa.vips ? [] : VIP, oa)], scriptsA),
      ['svc'],
    ),
    router(
      B,
      '02:00:00:00:00:02',
      '10.0.0.2/24',
      config([instance('VI', 50, pb, ob.vips ? [] : VIP, ob)], scriptsB),
      ['svc'],
    ),
  ];
}

describe('§2.4 startup and §9.1–§9.3 timer numbers', () => {
  it('a lone non-owner, even with state MASTER, sends its first advert after a full MDI (3 609 375 µs)', () => {
    const t = runWorld(
      [
        router(
          A,
          '02:00:00:00:00:01',
          '10.0.0.1/24',
          config([instance('VI', 50, 100, VIP, { state: 'MASTER' })]),
        ),
      ],
      [],
      5,
    );
    expect(adverts(t, A)[0].t).toBe(3_609_375);
  });
  it('an address owner (255) is MASTER 1 µs after start', () => {
    const t = runWorld(
      [
        router(
          A,
          '02:00:00:00:00:01',
          '10.0.0.1/24',
          config([instance('VI', 50, 255, VIP, { state: 'MASTER' })]),
        ),
      ],
      [],
      2,
    );
    expect(adverts(t, A)[0]).toMatchObject({ t: 1, priority: 255 });
  });
  it.each([
    [2, 200, 100, 6_609_375],
    [3, 200, 100, 7_218_750],
    [3, 50, 100, 1_804_687],
    [3, 50, 99, 1_806_640],
    [3, 1, 100, 36_093],
    [2, 100, 1, 3_996_093],
    [2, 100, 254, 3_007_812],
  ])('v%i at %i cs, priority %i: first advert at MDI = %i µs', (version, cs, prio, mdi) => {
    const t = runWorld(
      [
        router(
          A,
          '02:00:00:00:00:01',
          '10.0.0.1/24',
          config([instance('VI', 50, prio, VIP, { version: version as 2 | 3, advertIntervalCs: cs })]),
        ),
      ],
      [],
      10,
    );
    expect(adverts(t, A)[0].t).toBe(mdi);
    expect(adverts(t, A)[1].t - adverts(t, A)[0].t).toBe(cs * 10_000);
  });
  it('§1.1: the IP id counts 1, 2, 3… per instance, TTL 255, node MAC, multicast 224.0.0.18', () => {
    const t = runWorld(pair(100, 99), [], 8);
    const a = adverts(t, A);
    expect(a.slice(0, 4).map((x) => x.ipId)).toEqual([1, 2, 3, 4]);
    const p = t.packets[a[0].index];
    expect([p.ttl, p.srcMac, p.dstMac, p.dst, p.bytes![15]]).toEqual([
      255,
      '02:00:00:00:00:01',
      '01:00:5e:00:00:12',
      '224.0.0.18',
      0xc0,
    ]);
  });
});

describe('§2.5 BACKUP and §2.2 timer shift', () => {
  it('a priority change of a BACKUP 98→100 moves its deadline 7 812 µs earlier, with no packet', () => {
    const chk = script('chk', 'pidof svc', { weight: -2, intervalS: 1 });
    const routers = pair(
      99,
      100,
      {},
      { trackScripts: [{ name: 'chk', weight: -2, reverse: false }] },
      [],
      [chk],
    );
    routers[1].processes = [];
    const t = runWorld(routers, [{ at: 6.5, action: 'start-process', node: B, process: 'svc' }], 8);
    const shift = kinds(t, 'priority').find((e) => e.node === B && e.to === 100)!;
    const timers = kinds(t, 'timer').filter(
      (e) => e.node === B && e.timer === 'master-down' && e.t <= shift.t,
    );
    const [before, after] = timers.slice(-2);
    expect(before.deadline! - after.deadline!).toBe(7_812);
    expect(after.t).toBe(shift.t);
    expect(t.packets.filter((p) => p.node === B && p.t === shift.t)).toEqual([]);
  });
  it('priority 0 from the master: the backup takes over after skew(99) = 613 281 µs', () => {
    const t = runWorld(pair(100, 99), [{ at: 10, action: 'stop-keepalived', node: A }], 12);
    expect(entered(t, `${B}/VI`, 'MASTER')! - 10_000_000).toBe(613_281);
  });
});

describe('§2.6 MASTER', () => {
  it('answers a lower-priority advert at once with an advert and 5 GARPs, 5 more after 5 s, and shifts its cadence (§2.11)', () => {
    // B cannot hear A, so B becomes MASTER and A hears B's lower adverts (§8.2).
    const t = runWorld(pair(100, 99), [{ at: 5, action: 'block-multicast', from: A, to: B }], 16);
    const bMaster = entered(t, `${B}/VI`, 'MASTER')!;
    const lastA = adverts(t, A)
      .filter((x) => x.t < 5_000_000)
      .at(-1)!.t;
    expect(bMaster - lastA).toBe(3_613_281);
    const answer = adverts(t, A).find((x) => x.t >= bMaster)!;
    expect(answer.t).toBe(bMaster);
    const g = garps(t, A).filter((x) => x.t >= bMaster);
    expect(g.slice(0, 5).every((x) => x.t === bMaster)).toBe(true);
    expect(g.filter((x) => x.t === bMaster + 5_000_000).length).toBeGreaterThanOrEqual(5);
    expect(t.events.some((e) => e.kind === 'log' && e.text.includes('forcing new election'))).toBe(true);
    expect(states(t, `${A}/VI`).filter((s) => s.t > 5_000_000)).toEqual([]);
  });
  it('§2.6.1 equal priorities after a partition: the higher source address wins by tie-break', () => {
    const t = runWorld(
      pair(100, 100),
      [
        { at: 0, action: 'partition', groups: [[A], [B]] },
        { at: 10.5, action: 'heal' },
      ],
      15,
    );
    expect(entered(t, `${A}/VI`, 'MASTER')).toBe(3_609_375);
    expect(entered(t, `${B}/VI`, 'MASTER')).toBe(3_609_375);
    const yielded = states(t, `${A}/VI`).find((s) => s.t > 10_500_000)!;
    expect(yielded).toMatchObject({ from: 'MASTER', to: 'BACKUP', cause: 'tie-break-address' });
    expect(states(t, `${B}/VI`).filter((s) => s.t > 10_500_000)).toEqual([]);
  });
  it('§2.6.2 two address owners: 2.2.7 lowers the local one to 254 for good and it yields', () => {
    const t = runWorld(
      pair(255, 255),
      [
        { at: 0, action: 'partition', groups: [[A], [B]] },
        { at: 5.5, action: 'heal' },
      ],
      12,
    );
    const p = kinds(t, 'priority');
    expect(p.length).toBeGreaterThanOrEqual(1);
    expect(p[0]).toMatchObject({ from: 255, to: 254 });
    const masters = [A, B].filter((n) => states(t, `${n}/VI`).at(-1)!.to === 'MASTER');
    expect(masters.length).toBe(1);
  });
});

describe('§2.8–§2.9 FAULT, §4.3 weight 0, §4.4 interfaces', () => {
  const chk = script('chk', 'killall -0 svc', { intervalS: 1 });
  const track = { trackScripts: [{ name: 'chk', weight: 0, reverse: false }] };
  it('an unweighted script failing on the master: FAULT, two priority-0 adverts, backup(99) MASTER 613 281 µs later', () => {
    const t = runWorld(
      pair(100, 99, track, {}, [chk]),
      [{ at: 10.2, action: 'kill-process', node: A, process: 'svc' }],
      14,
    );
    const fault = entered(t, `${A}/VI`, 'FAULT')!;
    expect(fault).toBe(11_000_000);
    expect(
      adverts(t, A)
        .filter((x) => x.priority === 0)
        .map((x) => x.t),
    ).toEqual([fault, fault]);
    expect(entered(t, `${B}/VI`, 'MASTER')! - fault).toBe(613_281);
  });
  it('leaving FAULT goes to BACKUP with a fresh MDI from that moment, then preempts the lower master', () => {
    const t = runWorld(
      pair(100, 99, track, {}, [chk]),
      [
        { at: 10.2, action: 'kill-process', node: A, process: 'svc' },
        { at: 20.5, action: 'start-process', node: A, process: 'svc' },
      ],
      30,
    );
    const back = entered(t, `${A}/VI`, 'BACKUP', 20_000_000)!;
    expect(back).toBe(21_000_000);
    expect(entered(t, `${A}/VI`, 'MASTER', 20_000_000)! - back).toBe(3_609_375);
  });
  it('weight 0 reverse: the instance is in FAULT while the check succeeds', () => {
    const t = runWorld(
      pair(100, 99, { trackScripts: [{ name: 'chk', weight: 0, reverse: true }] }, {}, [chk]),
      [],
      6,
    );
    expect(states(t, `${A}/VI`)[0]).toMatchObject({ to: 'FAULT' });
  });
  it('the master losing its link: FAULT, nothing on the wire, backup takes over at last advert + 3 613 281 µs (§8.13)', () => {
    const t = runWorld(pair(100, 99), [{ at: 10.3, action: 'link-down', node: A }], 16);
    expect(entered(t, `${A}/VI`, 'FAULT')).toBe(10_300_000);
    expect(adverts(t, A).filter((x) => x.priority === 0)).toEqual([]);
    const last = adverts(t, A).at(-1)!.t;
    expect(entered(t, `${B}/VI`, 'MASTER')! - last).toBe(3_613_281);
  });
  it('a weighted track_interface lowers the priority while the interface is down', () => {
    const routers = pair(100, 99, { trackInterfaces: [{ name: 'eth3', weight: -10, reverse: false }] });
    routers[0].interfaces.push({
      name: 'eth3',
      mac: '02:00:00:00:01:01',
      addresses: [],
      linkLocal: 'fe80::1',
    });
    const t = runWorld(routers, [{ at: 10.2, action: 'link-down', node: A, interface: 'eth3' }], 16);
    expect(kinds(t, 'priority')[0]).toMatchObject({
      from: 100,
      to: 90,
      terms: [{ source: 'eth3', kind: 'interface', delta: -10 }],
    });
    expect(entered(t, `${B}/VI`, 'MASTER')).toBeGreaterThan(10_200_000);
  });
});

describe('§3 preemption', () => {
  it('§3.2 nopreempt: a higher backup stays BACKUP under a lower master, and takes over only when it resigns', () => {
    const t = runWorld(
      pair(99, 100, {}, { preempt: false }),
      [
        { at: 5, action: 'start-keepalived', node: B },
        { at: 20.3, action: 'stop-keepalived', node: A },
      ],
      22,
    );
    expect(entered(t, `${B}/VI`, 'MASTER')).toBe(20_300_000 + 609_375);
  });
  it('§3.3 preempt_delay 5: MASTER at the last lower advert accepted inside the window + MDI(100)', () => {
    const t = runWorld(
      pair(99, 100, {}, { preemptDelayS: 5 }),
      [{ at: 5.5, action: 'start-keepalived', node: B }],
      20,
    );
    const rx = kinds(t, 'advert-received').filter((e) => e.node === B);
    const first = rx[0].t;
    const inWindow = rx.filter((e) => e.t < first + 5_000_000 && e.verdict === 'accepted');
    expect(entered(t, `${B}/VI`, 'MASTER')! - inWindow.at(-1)!.t).toBe(3_609_375);
  });
});

describe('§4 tracking and weights', () => {
  it('§4.2 an address owner ignores weights', () => {
    const chk = script('chk', 'pidof svc', { weight: -50 });
    const routers = pair(255, 99, { trackScripts: [{ name: 'chk', weight: -50, reverse: false }] }, {}, [
      chk,
    ]);
    routers[0].processes = [];
    const t = runWorld(routers, [], 5);
    expect(kinds(t, 'priority')).toEqual([]);
  });
  it('§4.1 an unknown script succeeds with an info diagnostic', () => {
    const chk = script('chk', '/usr/local/bin/check-something.sh', { weight: -2 });
    const t = runWorld(
      pair(100, 99, { trackScripts: [{ name: 'chk', weight: -2, reverse: false }] }, {}, [chk]),
      [],
      5,
    );
    expect(t.diagnostics.find((d) => d.code === 'sim.unknown-script')?.severity).toBe('info');
    expect(kinds(t, 'script')[0]).toMatchObject({ ok: true });
  });
});

describe('§5 GARP', () => {
  it('garp_master_delay 0: no second burst; garp_master_repeat 2: two per VIP', () => {
    const t = runWorld(pair(100, 99, { garpMasterDelayS: 0, garpMasterRepeat: 2 }), [], 15);
    expect(garps(t, A).map((g) => g.t)).toEqual([3_609_375, 3_609_375]);
  });
  it('garp_master_refresh 3: refresh bursts at delay + 3 s, then every 3 s', () => {
    const t = runWorld(pair(100, 99, { garpMasterRefreshS: 3 }), [], 15);
    const times = [...new Set(garps(t, A).map((g) => g.t))];
    expect(times).toEqual([3_609_375, 8_609_375, 11_609_375, 14_609_375]);
  });
  it('clients with the VIP in /etc/hosts follow the GARPs in their ARP cache', () => {
    const client = {
      name: 'app',
      role: 'client' as const,
      interfaces: [{ name: 'eth2', mac: '02:00:00:00:00:10', addresses: [], linkLocal: 'fe80::10' }],
      hosts: { db: '10.0.0.100' },
    };
    const t = runWorld(pair(100, 99), [{ at: 10.2, action: 'stop-keepalived', node: A }], 12, [client]);
    expect(kinds(t, 'arp-cache').map((e) => [e.t, e.mac])).toEqual([
      [3_609_375, '02:00:00:00:00:01'],
      [10_813_281, '02:00:00:00:00:02'],
    ]);
  });
});

describe('§6.1 sync groups', () => {
  function grouped(): RouterSpec[] {
    const chk = script('chk', 'pidof svc', { intervalS: 1 });
    const mk = (prio: number) =>
      config(
        [
          instance('VI_1', 51, prio, ['10.0.0.51'], { syncGroup: 'G' }),
          instance('VI_2', 52, prio, ['10.0.0.52'], {
            syncGroup: 'G',
            trackScripts: [{ name: 'chk', weight: 0, reverse: false }],
          }),
        ],
        [chk],
        {
          syncGroups: [
            { name: 'G', group: ['VI_1', 'VI_2'], trackScripts: [], trackInterfaces: [], notify: {} },
          ],
        },
      );
    return [
      router(A, '02:00:00:00:00:01', '10.0.0.1/24', mk(100), ['svc']),
      router(B, '02:00:00:00:00:02', '10.0.0.2/24', mk(99), ['svc']),
    ];
  }
  it('a member fault takes the whole group to FAULT; the failed member sends two priority-0 adverts, the other one', () => {
    const t = runWorld(grouped(), [{ at: 10.2, action: 'kill-process', node: A, process: 'svc' }], 14);
    expect(entered(t, `${A}/VI_1`, 'FAULT')).toBe(11_000_000);
    expect(entered(t, `${A}/VI_2`, 'FAULT')).toBe(11_000_000);
    const zeros = adverts(t, A).filter((x) => x.priority === 0);
    expect(zeros.filter((z) => t.packets[z.index].vrrp!.vrid === 52).length).toBe(2);
    expect(zeros.filter((z) => t.packets[z.index].vrrp!.vrid === 51).length).toBe(1);
    expect(entered(t, `${B}/VI_1`, 'MASTER')! - 11_000_000).toBe(613_281);
    expect(entered(t, `${B}/VI_2`, 'MASTER')! - 11_000_000).toBe(613_281);
  });
});

describe('§6.2 unicast and §1.6 PASS', () => {
  it('sends one copy per peer to its address and MAC, TTL 255, with the password', () => {
    const u = (peer: string) => ({
      unicastPeers: [peer],
      authType: 'PASS' as const,
      authPass: 'secret12345',
    });
    const t = runWorld(pair(100, 99, u('10.0.0.2'), u('10.0.0.1')), [], 6);
    const a = adverts(t, A)[0];
    const p = t.packets[a.index];
    expect([p.dst, p.dstMac, p.ttl, p.vrrp!.authString]).toEqual([
      '10.0.0.2',
      '02:00:00:00:00:02',
      255,
      'secret12',
    ]);
    expect(states(t, `${B}/VI`).at(-1)!.to).toBe('BACKUP');
  });
  it('§7.4 unicast_ttl without peers (TTL 0): no advert leaves, GARPs do, so the peer is MASTER too (§8.14)', () => {
    const t = runWorld(pair(100, 99, { unicastTtl: 0 }), [], 8);
    expect(adverts(t, A)).toEqual([]);
    expect(
      garps(t, A)
        .slice(0, 5)
        .map((g) => g.t),
    ).toEqual(Array(5).fill(3_609_375));
    expect(entered(t, `${B}/VI`, 'MASTER')).toBe(3_613_281);
  });
});

describe('§8 mismatches: both nodes MASTER', () => {
  it.each([
    ['v2 advert interval', { advertIntervalCs: 200 }, 'advertisement interval mismatch'],
    ['version', { version: 3 as const }, 'wrong version'],
    [
      'VIP set',
      { vips: [{ address: '10.0.0.101', prefix: 32, family: 'ipv4' as const }] },
      'not present in MASTER advert',
    ],
    ['authentication', { authType: 'PASS' as const, authPass: 'x' }, 'auth'],
  ])('%s mismatch', (_name, over, log) => {
    const t = runWorld(pair(100, 99, {}, over), [], 12);
    expect(states(t, `${A}/VI`).at(-1)!.to).toBe('MASTER');
    expect(states(t, `${B}/VI`).at(-1)!.to).toBe('MASTER');
    expect(t.events.some((e) => e.kind === 'log' && e.text.includes(log))).toBe(true);
    expect(kinds(t, 'advert-received').some((e) => e.verdict === 'dropped')).toBe(true);
  });
  it("§9.2 v3: a backup configured at 1 s learns the master's 2 s and uses MDI(99) = 7 226 562 µs", () => {
    const t = runWorld(
      pair(100, 99, { version: 3, advertIntervalCs: 200 }, { version: 3 }),
      [{ at: 20.5, action: 'kill-keepalived', node: A }],
      30,
    );
    const last = adverts(t, A).at(-1)!.t;
    expect(entered(t, `${B}/VI`, 'MASTER', 20_000_000)! - last).toBe(7_226_562);
  });
});

describe('daemon signals', () => {
  it('SIGKILL: no priority 0, VIPs stay on the killed node, the backup takes over after the full MDI; a restart removes them', () => {
    const t = runWorld(
      pair(100, 99),
      [
        { at: 0, action: 'start-keepalived', node: A },
        { at: 10.2, action: 'kill-keepalived', node: A },
        { at: 20, action: 'start-keepalived', node: A },
      ],
      21,
    );
    expect(adverts(t, A).filter((x) => x.priority === 0)).toEqual([]);
    expect(
      entered(t, `${B}/VI`, 'MASTER')! -
        adverts(t, A)
          .filter((x) => x.t < 10_200_000)
          .at(-1)!.t,
    ).toBe(3_613_281);
    const vip = kinds(t, 'vip').filter((e) => e.node === A);
    expect(vip.map((e) => [e.t, e.op])).toEqual([
      [3_609_375, 'add'],
      [20_000_000, 'remove'],
    ]);
  });
  it('SIGSTOP/SIGCONT: the paused master loses the VIP after the MDI and takes it back on resume', () => {
    const t = runWorld(
      pair(100, 99),
      [
        { at: 10.2, action: 'pause-keepalived', node: A },
        { at: 20.5, action: 'resume-keepalived', node: A },
      ],
      25,
    );
    expect(entered(t, `${B}/VI`, 'MASTER')).toBe(13_222_656);
    expect(entered(t, `${B}/VI`, 'BACKUP', 20_000_000)).toBe(20_500_000);
    expect(states(t, `${A}/VI`).filter((s) => s.t > 10_000_000)).toEqual([]);
    // Two changes of master: the frozen master is replaced after the MDI like a killed one, and, still
    // MASTER when woken, gets the router back as B yields to its higher advert (§2.6).
    const failovers = t.events.flatMap((e) =>
      e.kind === 'failover'
        ? [[e.t, e.from, e.to, e.cause.code, e.cause.silence ?? e.cause.node, e.chain.map((c) => c.detail)]]
        : [],
    );
    expect(failovers).toEqual([
      [13_222_656, A, B, 'master-down-timer', 'silent', ['SIGSTOP: paused']],
      [20_500_000, B, A, 'higher-priority', B, []],
    ]);
  });
});

describe('§1.4 VRRPv3 over IPv6 and §5.3 unsolicited NA', () => {
  it('adverts from the link-local address to ff02::12, NAs for the VIP; the higher link-local wins equal priority', () => {
    const r = pair(
      100,
      99,
      { vips: [{ address: 'fe80::50', prefix: 64, family: 'ipv6' }], family: 'ipv6', version: 3 },
      { vips: [{ address: 'fe80::50', prefix: 64, family: 'ipv6' }], family: 'ipv6', version: 3 },
    );
    const t = runWorld(r, [], 6);
    const p = t.packets[adverts(t, A)[0].index];
    expect([p.src, p.dst, p.dstMac, p.vrrp!.version, p.vrrp!.checksumStatus]).toEqual([
      'fe80::ff:fe00:1',
      'ff02::12',
      '33:33:00:00:00:12',
      3,
      'good',
    ]);
    const na = t.packets.filter((x) => x.type === 'ndp');
    expect(na.length).toBe(5);
    expect([na[0].src, na[0].dst, na[0].announce!.mac]).toEqual(['fe80::50', 'ff02::1', '02:00:00:00:00:01']);
  });
});

describe('§2.6 higher_prio_send_advert and §1.8 use_vmac', () => {
  it('higher_prio_send_advert: the yielding master sends one more advert with its own priority', () => {
    const t = runWorld(
      pair(99, 100, { higherPrioSendAdvert: true }),
      [{ at: 5, action: 'start-keepalived', node: B }],
      12,
    );
    const yielded = entered(t, `${A}/VI`, 'BACKUP', 5_000_000)!;
    expect(
      adverts(t, A)
        .filter((x) => x.t === yielded)
        .map((x) => x.priority),
    ).toEqual([99]);
    const plain = runWorld(pair(99, 100), [{ at: 5, action: 'start-keepalived', node: B }], 12);
    const y2 = entered(plain, `${A}/VI`, 'BACKUP', 5_000_000)!;
    expect(adverts(plain, A).filter((x) => x.t === y2)).toEqual([]);
  });
  it('use_vmac: adverts and GARPs come from 00:00:5e:00:01:VRID, which clients then cache', () => {
    const client = {
      name: 'app',
      role: 'client' as const,
      interfaces: [{ name: 'eth2', mac: '02:00:00:00:00:10', addresses: [], linkLocal: 'fe80::10' }],
      hosts: { db: '10.0.0.100' },
    };
    const t = runWorld(pair(100, 99, { useVmac: true }), [], 5, [client]);
    expect(t.packets[adverts(t, A)[0].index].srcMac).toBe('00:00:5e:00:01:32');
    expect(garps(t, A)[0].mac).toBe('00:00:5e:00:01:32');
    expect(kinds(t, 'arp-cache')[0].mac).toBe('00:00:5e:00:01:32');
  });
});

describe('§2.4 vrrp_startup_delay and §2.9 unicast leaving FAULT', () => {
  it('vrrp_startup_delay 5: the MDI counts from the end of the delay', () => {
    const r = pair(100, 99);
    r[0].config.globalDefs.vrrpStartupDelayS = 5;
    const t = runWorld([r[0]], [], 10);
    expect(adverts(t, A)[0].t).toBe(5_000_000 + 3_609_375);
  });
  it('a unicast instance leaving FAULT sends one gratuitous ARP for its own address', () => {
    const t = runWorld(
      pair(100, 99, {}, { unicastPeers: ['10.0.0.1'] }),
      [
        { at: 2, action: 'link-down', node: B },
        { at: 4, action: 'link-up', node: B },
      ],
      6,
    );
    expect(garps(t, B).map((g) => [g.t, g.address, g.mac])).toEqual([
      [4_000_000, '10.0.0.2', '02:00:00:00:00:02'],
    ]);
  });
});
