/**
 * Capture analysis: master runs, failovers and their causes, GARPs and anomalies — against the
 * tshark-derived facts of ../shared/captures/public/expected.json and against synthetic captures
 * built from keepalived's own frames (docs/vrrp-behaviour.md §1, §5, §8).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { writePcap, type WriteFrame } from '../../../src/lib/pcap/writer';
import { sharedPath } from '../../shared-path';
import * as S from './synthetic-captures';

interface Expected {
  packets: number;
  vrrp_packets: number;
  per_vrid: Record<
    string,
    { master_changes: number; sources: { src: string; prio: number }[]; families: string[] }
  >;
}
const expected = JSON.parse(readFileSync(sharedPath('captures/public/expected.json'), 'utf8')) as Record<
  string,
  Expected
>;

describe('real captures agree with expected.json (tshark)', () => {
  for (const [file, exp] of Object.entries(expected)) {
    if (file === '_meta') continue;
    it(file, async () => {
      const { report } = await analyzeCapture(
        new Uint8Array(readFileSync(sharedPath('captures/public', file))),
        { name: file },
      );
      expect(report.packets).toBe(exp.packets);
      if (file.startsWith('malformed/')) return;
      expect(report.vrrpPackets).toBe(exp.vrrp_packets);
      for (const [vrid, v] of Object.entries(exp.per_vrid)) {
        const family = v.families[0] === 'IPv6' ? 'ipv6' : 'ipv4';
        const r = report.routers.find((x) => x.vrid === Number(vrid) && x.family === family)!;
        // tshark's master changes are changes of the advertising source: the master runs' definition.
        const sourceChanges = r.masters.filter((m, k) => k > 0 && m.source !== r.masters[k - 1].source);
        expect(sourceChanges.length, `VRID ${vrid} master changes`).toBe(v.master_changes);
        const pairs: string[] = [];
        for (const m of r.masters)
          for (const p of m.priorities)
            if (!pairs.includes(`${m.source}/${p}`)) pairs.push(`${m.source}/${p}`);
        expect(pairs).toEqual(v.sources.map((s) => `${s.src}/${s.prio}`));
      }
    });
  }

  it('packetlife failover: the master goes silent, then .30 and .20 contend and the higher address wins', async () => {
    const { report } = await analyzeCapture(
      new Uint8Array(readFileSync(sharedPath('captures/public/packetlife-VRRP_failover.pcap'))),
    );
    const r = report.routers[0];
    // One change of master: .20's runs interleave with .30's (a dual master), and .30 keeps it.
    expect(r.failovers.map((f) => f.cause)).toEqual(['master-down-timer']);
    expect(r.failovers[0]).toMatchObject({ from: '192.168.0.10', to: '192.168.0.30', gap: 3.640832 });
    expect(r.failovers[0].why).toContain('192.168.0.10 went silent');
    expect(report.anomalies.map((a) => a.code)).toEqual(['dual-master']);
  });

  it('networklessons: preemption followed by gratuitous ARP, no anomaly', async () => {
    const { report, trace } = await analyzeCapture(
      new Uint8Array(readFileSync(sharedPath('captures/public/networklessons-vrrp-gratuitous-arp.pcapng'))),
    );
    expect(report.routers[0].failovers).toMatchObject([
      { from: '192.168.1.2', to: '192.168.1.1', cause: 'master-down-timer' },
    ]);
    // Preemption as keepalived runs it: the higher backup discarded the lower adverts until its timer
    // ran out (§2.5), the cause the simulator gives the same takeover.
    expect(trace.events.find((e) => e.kind === 'failover')).toMatchObject({
      cause: { code: 'master-down-timer', silence: 'lower-priority' },
    });
    expect(report.anomalies).toEqual([]);
    expect(trace.events.filter((e) => e.kind === 'garp-sent').length).toBe(2);
  });
});

const T0 = 1_795_627_444_000_000;
const A = { src: '192.168.3.4', mac: 'bc:76:4e:05:6c:1c' };
const B = { src: '192.168.3.5', mac: 'bc:76:4e:05:6c:1d' };
const at = (s: number, data: Uint8Array): WriteFrame => ({ tsUs: T0 + Math.round(s * 1e6), data });
const every = (from: number, to: number, step: number, make: () => Uint8Array) => {
  const out: WriteFrame[] = [];
  for (let t = from; t <= to + 1e-9; t += step) out.push(at(t, make()));
  return out;
};
const garps = (s: number, who: typeof A) =>
  Array.from({ length: 5 }, (_, i) => at(s + 0.00001 * (i + 1), S.garpFrame(who.mac, '192.168.3.200')));
async function analyse(frames: WriteFrame[], opts = {}) {
  return analyzeCapture(writePcap(frames.sort((x, y) => x.tsUs - y.tsUs)), { name: 't.pcap', ...opts });
}

describe('failover causes and anomalies on synthetic keepalived captures', () => {
  it('priority 0 on shutdown: B takes over after the skew, with GARPs (§2.10, §5.2)', async () => {
    const { report, trace } = await analyse([
      ...every(0, 5, 1, () => S.advert({ ...A, priority: 100 })),
      at(5.2, S.advert({ ...A, priority: 0 })),
      at(5.81, S.advert({ ...B, priority: 90 })),
      ...garps(5.81, B),
      ...every(6.81, 12.81, 1, () => S.advert({ ...B, priority: 90 })),
    ]);
    const r = report.routers[0];
    expect(r.masters.map((m) => [m.source, m.adverts, m.priorities])).toEqual([
      ['192.168.3.4', 6, [100]],
      ['192.168.3.5', 8, [90]],
    ]);
    // The gap counts from the priority-0 advert, the old master's last one (issue 15 item 4).
    expect(r.failovers).toMatchObject([
      {
        at: 5.81,
        from: '192.168.3.4',
        fromNode: null,
        to: '192.168.3.5',
        toNode: null,
        gap: 0.61,
        cause: 'master-down-timer',
      },
    ]);
    expect(r.failovers[0].why).toContain('192.168.3.4 sent a priority-0 advert at 5.200 s');
    expect(report.anomalies).toEqual([]);
    const states = trace.events
      .filter((e) => e.kind === 'state')
      .map((e) => e.kind === 'state' && [e.t, e.node, e.to]);
    expect(states).toEqual([
      [0, '192.168.3.4', 'MASTER'],
      // After its priority-0 advert the capture cannot tell STOPPED from FAULT: unknown.
      [5_200_000, '192.168.3.4', 'INIT'],
      [5_810_000, '192.168.3.5', 'MASTER'],
    ]);
    expect(trace.events.filter((e) => e.kind === 'failover')).toMatchObject([
      {
        t: 5_810_000,
        from: '192.168.3.4',
        to: '192.168.3.5',
        gapUs: 610_000,
        cause: { code: 'master-down-timer', silence: 'silent', lastAdvert: { priority: 0 } },
      },
    ]);
    expect(trace.events.filter((e) => e.kind === 'garp-sent').length).toBe(5);
    expect(trace.events.filter((e) => e.kind === 'arp-cache')).toMatchObject([
      { address: '192.168.3.200', mac: B.mac, previous: null },
    ]);
  });

  it('silence without GARP: cause "silence" and a no-garp anomaly', async () => {
    const { report } = await analyse([
      ...every(0, 5, 1, () => S.advert({ ...A })),
      at(0.5, S.garpFrame(A.mac, '192.168.3.200')),
      ...every(8.61, 14.61, 1, () => S.advert({ ...B, priority: 90 })),
    ]);
    expect(report.routers[0].failovers).toMatchObject([{ cause: 'master-down-timer', gap: 3.61 }]);
    expect(report.anomalies.map((a) => a.code)).toEqual(['no-garp-after-takeover']);
  });

  it('split brain: alternating runs and one dual-master anomaly (§8.2)', async () => {
    const { report } = await analyse([
      ...every(0, 10, 1, () => S.advert({ ...A })),
      ...every(3.5, 10.5, 1, () => S.advert({ ...B, priority: 90 })),
    ]);
    const r = report.routers[0];
    expect(r.masters.length).toBeGreaterThan(10);
    const dual = report.anomalies.filter((a) => a.code === 'dual-master');
    expect(dual.length).toBe(1);
    expect(dual[0].at).toBe(3.5);
    expect(dual[0].message).toMatch(/192\.168\.3\.4 and 192\.168\.3\.5|192\.168\.3\.5 and 192\.168\.3\.4/);
  });

  it('TTL, checksum, VRID clash, interval, version, auth, non-owner 255 and late adverts', async () => {
    const bad = S.advert({ ...A, vrid: 5 });
    bad[bad.length - 1] ^= 0xff;
    const { report } = await analyse([
      ...every(0, 3, 1, () => S.advert({ ...A, vrid: 1, ttl: 64 })),
      at(0.1, bad),
      ...every(0, 3, 1, () => S.advert({ ...A, vrid: 2 })),
      at(3.4, S.advert({ src: '10.0.0.9', mac: '02:00:00:00:00:09', vrid: 2, vips: ['10.0.0.250'] })),
      ...every(0, 3, 1, () => S.advert({ ...A, vrid: 3 })),
      at(3.3, S.advert({ ...B, vrid: 3, intervalCs: 200 })),
      ...every(0, 3, 1, () => S.advert({ ...A, vrid: 4 })),
      at(3.3, S.advert({ ...B, vrid: 4, version: 3 })),
      ...every(0, 3, 1, () => S.advert({ ...A, vrid: 6, authPass: 'secret' })),
      at(3.3, S.advert({ ...B, vrid: 6, authPass: 'other' })),
      at(0, S.advert({ ...A, vrid: 7, priority: 255 })),
      ...[0, 1, 2, 4.5, 5.5].map((s) => at(s, S.advert({ ...A, vrid: 8 }))),
    ]);
    const codes = report.anomalies.map((a) => `${a.vrid}:${a.code}`).sort();
    expect(codes).toEqual(
      [
        '1:ttl-not-255',
        // Different VIP lists: each drops the other's adverts (§1.10 #12, §8.3), so 10.0.0.9 entered
        // MASTER beside the master that was advertising 0.4 s before, which did not yield.
        '2:dual-master',
        '2:vrid-clash',
        // v2 routers with different intervals drop each other's adverts: B became master while A was
        // still master (§8.4), and the capture ends before either is seen to leave.
        '3:dual-master',
        '3:interval-mismatch',
        '4:version-mismatch',
        '5:bad-checksum',
        '6:auth-mismatch',
        '7:owner-255-non-owner',
        '8:late-adverts',
      ].sort(),
    );
    const late = report.anomalies.find((a) => a.code === 'late-adverts')!;
    expect(late.message).toContain('worst 1.5 s late');
    expect(late.message).toMatch(/≥500 ms: 1/);
  });

  it('names routers from a hosts file and keepalived.conf files', async () => {
    const conf = (id: string, prio: number) =>
      `global_defs {\n router_id ${id}\n}\nvrrp_instance VI_DB {\n  virtual_router_id 200\n  priority ${prio}\n  virtual_ipaddress {\n    192.168.3.200/24\n  }\n}\n`;
    const frames = [
      ...every(0, 2, 1, () => S.advert({ ...A })),
      ...every(3.6, 5.6, 1, () => S.advert({ ...B, priority: 99 })),
    ];
    const byHosts = await analyse(frames.slice(), {
      hosts: '192.168.3.4 prod-haproxy-000\n# comment\n192.168.3.5 prod-haproxy-001 alias\n',
    });
    expect(byHosts.trace.nodes.map((n) => n.id)).toEqual(['prod-haproxy-000', 'prod-haproxy-001']);
    expect(byHosts.report.routers[0].masters.map((m) => m.node)).toEqual([
      'prod-haproxy-000',
      'prod-haproxy-001',
    ]);
    expect(byHosts.report.routers[0].failovers[0]).toMatchObject({
      fromNode: 'prod-haproxy-000',
      toNode: 'prod-haproxy-001',
    });
    const byConf = await analyse(frames.slice(), {
      configs: [
        { file: 'a.conf', text: conf('node-a', 100) },
        { file: 'b.conf', text: conf('node-b', 99) },
      ],
    });
    expect(byConf.trace.instances.map((i) => i.id)).toEqual(['node-a/VI_DB', 'node-b/VI_DB']);
    expect(byConf.report.routers[0].masters.map((m) => m.node)).toEqual(['node-a', 'node-b']);
  });

  it('a hosts name shared by two addresses: one machine when only VMACs are seen, two (and said so) with two NIC MACs', async () => {
    // use_vmac: both addresses of one machine send from the VRID's VMAC (§1.8), so only the name tells.
    const vmac = '00:00:5e:00:01:c8';
    const oneMachine = await analyse(
      [
        ...every(0, 2, 1, () => S.advert({ src: '192.168.3.4', mac: vmac })),
        ...every(0.5, 2.5, 1, () => S.advert({ src: '192.168.3.14', mac: vmac, vrid: 201 })),
      ],
      { hosts: '192.168.3.4 prod-haproxy-000\n192.168.3.14 prod-haproxy-000\n' },
    );
    expect(oneMachine.trace.nodes.map((n) => n.id)).toEqual(['prod-haproxy-000']);
    expect(oneMachine.trace.nodes[0].interfaces[0].addresses).toEqual(['192.168.3.4', '192.168.3.14']);
    const twoMachines = await analyse(
      [
        ...every(0, 2, 1, () => S.advert({ ...A })),
        ...every(3.6, 5.6, 1, () => S.advert({ ...B, priority: 99 })),
      ],
      { hosts: '192.168.3.4 n1\n192.168.3.5 n1\n' },
    );
    expect(twoMachines.trace.nodes.map((n) => n.id)).toEqual(['n1', 'n1′']);
    const said = twoMachines.trace.diagnostics.find((d) => d.code === 'analysis.name-shared');
    expect(said?.message).toContain('192.168.3.5 and 192.168.3.4 are both named n1');
    expect(said?.message).toContain('shown as two nodes, n1 and n1′');
  });

  it('more than 60 000 distinct ARP senders: the rest are dropped with one diagnostic, VRRP still analysed', async () => {
    const garp = (k: number) =>
      S.garpFrame('02:00:00:00:00:07', `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`);
    const { report, trace } = await analyse([
      ...Array.from({ length: 70_000 }, (_, k) => at(k / 1000, garp(k))),
      at(80, S.advert({ ...A })),
    ]);
    expect(report.diagnostics.find((d) => d.code === 'analysis.too-many-endpoints')).toMatchObject({
      count: 70_000 - 60_000,
    });
    expect(report.routers[0].masters[0].source).toBe('192.168.3.4');
    expect(trace.events.filter((e) => e.kind === 'arp-cache').length).toBe(60_000);
  });
});
