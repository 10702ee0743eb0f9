/**
 * tcpdump's own text of the recorded bridge captures (-n, -n -v, -n -e -tttt), checked against
 * tshark reading the same capture, and fed through the capture analysis as a capture without the
 * bytes: it must find the same failovers as the pcap itself.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCaptureIndex } from '../../../src/lib/analysis/index';
import { tcpdumpCapture } from '../../../src/lib/evidence/tcpdump-frames';
import { readTcpdumpText } from '../../../src/lib/evidence/tcpdump-text';
import { EVIDENCE_DIR, evidenceFile, recordings, text } from './samples';

function tshark(rec: string): string[][] {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      join(EVIDENCE_DIR, rec, 'switch.pcap'),
      '-T',
      'fields',
      '-e',
      'frame.time_epoch',
      '-e',
      'ip.src',
      '-e',
      'vrrp.virt_rtr_id',
      '-e',
      'vrrp.prio',
      '-e',
      'ip.ttl',
      '-e',
      'ip.id',
    ],
    { encoding: 'utf8' },
  );
  return out
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
}

describe('tcpdump text', () => {
  for (const rec of recordings())
    it(`${rec}: every packet of every text form agrees with tshark on the pcap`, () => {
      const oracle = tshark(rec);
      for (const form of ['n', 'v', 'e']) {
        const r = readTcpdumpText(evidenceFile(rec, `switch.tcpdump-${form}.txt`));
        expect(r.otherLines).toBe(0);
        expect(r.packets).toHaveLength(oracle.length);
        r.packets.forEach((p, i) => {
          const [, src, vrid, prio, ttl, id] = oracle[i];
          if (p.type === 'vrrp') {
            expect([i, src, Number(vrid), Number(prio)]).toEqual([i, p.src, p.vrrp!.vrid, p.vrrp!.priority]);
            if (form === 'v') expect([i, p.ttl, p.ipId]).toEqual([i, Number(ttl), Number(id)]);
          }
        });
        if (form === 'e') {
          // -tttt: the date and time, read as UTC (the recording machine's zone).
          const t0 = Math.round(Number(oracle[0][0]) * 1e6);
          expect(r.packets[0].tUs).toBe(t0);
        }
      }
    });

  it('feeds the capture analysis: the same failovers as the pcap', async () => {
    const pcap = await analyzeCaptureIndex(evidenceFile('haproxy', 'switch.pcap'), { traceRows: 0 });
    const r = readTcpdumpText(evidenceFile('haproxy', 'switch.tcpdump-e.txt'));
    const fromText = await analyzeCaptureIndex(tcpdumpCapture(r).pcap, { traceRows: 0 });
    const sig = (a: typeof pcap) =>
      a.report.routers.map((v) => [v.vrid, v.failovers.map((f) => [f.from, f.to, f.cause, f.at])]);
    expect(sig(fromText)).toEqual(sig(pcap));
    expect(fromText.report.vrrpPackets).toBe(pcap.report.vrrpPackets);
  });

  it('reads CARP and ICMPv6 lines, keeps and counts the rest', () => {
    const r = readTcpdumpText(
      text(
        [
          '18:13:26.000001 IP 10.0.0.1 > 224.0.0.18: CARPv2-advertise 36: vhid=1 advbase=1 advskew=0 authlen=7 counter=1',
          '18:13:26.000002 IP6 fe80::1 > ff02::1: ICMP6, neighbor advertisement, tgt is fd00:50::100, length 32',
          '18:13:26.000003 IP6 fe80::1 > ff02::12: VRRPv3, Advertisement, vrid 60, prio 100, intvl 100cs, length 12',
          '18:13:26.000004 IP 10.0.0.1.22 > 10.0.0.2.5000: Flags [P.], length 10',
          'garbage',
        ].join('\n'),
      ),
    );
    expect(r.packets.map((p) => p.type)).toEqual(['carp', 'ndp', 'vrrp']);
    expect(r.packets[2].vrrp).toMatchObject({ version: 3, vrid: 60, intervalCs: 100 });
    expect(r.otherLines).toBe(2);
    expect(r.diagnostics[0]).toMatchObject({ code: 'evidence.tcpdump-other', count: 2, at: { line: 4 } });
  });
});
