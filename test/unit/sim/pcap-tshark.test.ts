/**
 * The simulator's frames written as pcap and pcapng, checked by Wireshark's dissectors (tshark is the
 * oracle): zero malformed packets, good IPv4 and VRRP checksums, comments on the fault packets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePcap, writePcapng } from '../../../src/lib/export/pcap-writer';
import { packetsWithFaultComments } from '../../../src/lib/export/fault-comments';
import { runWorld } from './harness';
import { config, instance, router } from './model-fixtures';
import { pandaRouters } from './model-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(file: string, fields: string[]): string[][] {
  const out = execFileSync(
    'tshark',
    ['-r', file, '-o', 'ip.check_checksum:TRUE', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return out
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t'));
}

describe('simulated captures in tshark', () => {
  const trace = runWorld(
    pandaRouters(),
    [
      { at: 20.3, action: 'kill-process', node: 'prod-haproxy-000', process: 'haproxy' },
      { at: 40.3, action: 'stop-keepalived', node: 'prod-haproxy-001' },
    ],
    60,
  );
  const epochUs = 1_795_627_444_946_744;

  it('pcap: every frame decodes, no malformed packet, IPv4 and VRRP checksums good, times from the epoch', () => {
    const file = join(dir, 'panda.pcap');
    writeFileSync(file, writePcap(trace.packets, { epochUs }));
    const rows = tshark(file, [
      'frame.number',
      '_ws.malformed',
      'ip.checksum.status',
      'vrrp.checksum.status',
      'vrrp.prio',
      'frame.time_epoch',
      'arp.isgratuitous',
    ]);
    expect(rows.length).toBe(trace.packets.length);
    expect(rows.filter((r) => r[1] !== '')).toEqual([]);
    const vrrp = rows.filter((r) => r[4] !== '');
    expect(vrrp.length).toBe(trace.packets.filter((p) => p.type === 'vrrp').length);
    expect(vrrp.every((r) => r[2] === '1' && r[3] === '1')).toBe(true);
    expect(vrrp.map((r) => Number(r[4]))).toEqual(
      trace.packets.filter((p) => p.vrrp).map((p) => p.vrrp!.priority),
    );
    expect(Number(rows[0][5])).toBeCloseTo((epochUs + trace.packets[0].t) / 1e6, 5);
    expect(rows.filter((r) => r[6] === '1').length).toBe(
      trace.packets.filter((p) => p.type === 'arp').length,
    );
  });

  it('pcapng: same frames, fault comments on the packets that follow the faults', () => {
    const file = join(dir, 'panda.pcapng');
    writeFileSync(
      file,
      writePcapng(packetsWithFaultComments(trace), { epochUs, comments: ['vrrpscope test'] }),
    );
    const rows = tshark(file, ['frame.number', '_ws.malformed', 'frame.comment', 'vrrp.checksum.status']);
    expect(rows.length).toBe(trace.packets.length);
    expect(rows.filter((r) => r[1] !== '')).toEqual([]);
    const comments = rows.filter((r) => r[2] !== '').map((r) => r[2]);
    expect(comments).toContain('20.300 s: haproxy killed on prod-haproxy-000');
    expect(comments).toContain('40.300 s: keepalived stopped (SIGTERM) on prod-haproxy-001');
  });

  it('VRRPv3 over IPv6 with unsolicited NAs: good VRRP and ICMPv6 checksums', () => {
    const v6 = (prio: number) =>
      config([instance('VI6', 31, prio, ['fe80::31', '2001:db8::31'], { advertIntervalCs: 50 })]);
    const t = runWorld(
      [
        router('a', '02:00:00:00:00:01', '10.0.0.1/24', v6(100)),
        router('b', '02:00:00:00:00:02', '10.0.0.2/24', v6(99)),
      ],
      [{ at: 5.1, action: 'stop-keepalived', node: 'a' }],
      8,
    );
    const file = join(dir, 'v6.pcap');
    writeFileSync(file, writePcap(t.packets, { epochUs: 0 }));
    const rows = tshark(file, [
      '_ws.malformed',
      'vrrp.checksum.status',
      'icmpv6.checksum.status',
      'icmpv6.type',
    ]);
    expect(rows.length).toBe(t.packets.length);
    expect(rows.filter((r) => r[0] !== '')).toEqual([]);
    expect(rows.filter((r) => r[1] !== '').every((r) => r[1] === '1')).toBe(true);
    const na = rows.filter((r) => r[3] === '136');
    expect(na.length).toBe(t.packets.filter((p) => p.type === 'ndp').length);
    expect(na.every((r) => r[2] === '1')).toBe(true);
  });
});
