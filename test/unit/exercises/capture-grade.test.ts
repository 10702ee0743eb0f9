/**
 * Grading a student's own capture: the recording of the namespace lab (captures/student/, real
 * keepalived, a third host pinging the VIP) passes; the same capture without its ICMP is reported
 * missing the pings, with the tcpdump command that would have captured them. tshark is the oracle
 * for the ICMP echoes the grader reads.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeCapture, readEchoes } from '../../../src/lib/exercises';
import { readCapture } from '../../../src/lib/pcap/reader';
import { bytesSource } from '../../../src/lib/pcap/source';
import { writePcap, type WriteFrame } from '../../../src/lib/pcap/writer';
import { layoutFrame, newLayout } from '../../../src/lib/pcap/layout';
import { hasTshark } from '../capture-files';

const CAPTURE = 'captures/student/student-ping.pcap';
const bytes = new Uint8Array(readFileSync(CAPTURE));

/** The capture again, without the frames `drop` selects (IP protocol of each frame). */
async function without(drop: (proto: number, etherType: number) => boolean): Promise<Uint8Array> {
  const frames: WriteFrame[] = [];
  const l = newLayout();
  await readCapture(bytesSource(bytes), (r) => {
    layoutFrame(r.buf, r.dataStart + r.dataLength, r.linkType, l, r.dataStart);
    if (!drop(l.proto, l.etherType)) frames.push({ tsUs: r.tsUs, data: r.data.slice() });
  });
  return writePcap(frames, { linkType: 1 });
}

describe('gradeCapture', () => {
  it('passes the lab recording and measures the failover and the ping gap', async () => {
    const g = await gradeCapture(bytes, { name: 'student-ping.pcap' });
    expect(g.findings.filter((f) => !f.ok)).toEqual([]);
    expect(g.passed).toBe(true);
    expect(g.vip).toBe('192.168.50.100');
    // SIGTERM: priority 0, then n2 (priority 99) takes over after its skew, 0.613 s (§2.10).
    // A graceful stop: the backup's master-down timer ran only the skew after the priority-0 advert.
    expect(g.report.routers[0].failovers[0].cause).toBe('master-down-timer');
    expect(g.report.routers[0].failovers[0].why).toMatch(/sent a priority-0 advert/);
    expect(g.failoverAt).toBeGreaterThan(0);
    // The ping gap is at least the skew and at most a few ping intervals more.
    expect(g.pingGap).toBeGreaterThan(0.6);
    expect(g.pingGap).toBeLessThan(2);
    expect(g.findings.find((f) => f.check === 'garps')!.message).toMatch(
      /gratuitous ARPs from the new master \(02:00:00:00:50:12\)/,
    );
  });

  it.skipIf(!hasTshark)('reads the same ICMP echoes as tshark', async () => {
    const ours = await readEchoes(bytesSource(bytes));
    const theirs = execFileSync(
      'tshark',
      [
        '-r',
        CAPTURE,
        '-Y',
        'icmp.type == 0 || icmp.type == 8',
        '-T',
        'fields',
        '-e',
        'icmp.type',
        '-e',
        'ip.src',
        '-e',
        'ip.dst',
        '-e',
        'eth.src',
      ],
      {
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(ours.map((e) => [e.request ? '8' : '0', e.src, e.dst, e.srcMac])).toEqual(theirs);
  });

  it('reports the same capture without ICMP as missing the pings, with the tcpdump command', async () => {
    const stripped = await without((proto) => proto === 1);
    const g = await gradeCapture(stripped);
    expect(g.passed).toBe(false);
    const missing = g.findings.filter((f) => !f.ok).map((f) => f.check);
    expect(missing).toEqual(['icmp-old-mac', 'icmp-new-mac']);
    for (const f of g.findings.filter((x) => !x.ok)) {
      expect(f.message).toBe('the capture holds no ICMP echo');
      expect(f.fix).toContain(
        "tcpdump -i eth0 -w failover.pcap 'vrrp or arp or (icmp and host 192.168.50.100)'",
      );
    }
    expect(g.pingGap).toBeNull();
  });

  it('names missing ARP, and a capture with no VRRP at all', async () => {
    const noArp = await gradeCapture(await without((_p, etherType) => etherType === 0x0806));
    expect(noArp.findings.filter((f) => !f.ok).map((f) => f.check)).toEqual(['garps']);
    const noVrrp = await gradeCapture(await without((proto) => proto === 112));
    expect(noVrrp.findings.find((f) => f.check === 'adverts-both')).toMatchObject({
      ok: false,
      message: 'the capture holds no VRRP advert',
    });
    expect(noVrrp.findings.every((f) => !f.ok)).toBe(true);
  });

  it('never throws on junk', async () => {
    for (const junk of [new Uint8Array(0), new Uint8Array([1, 2, 3]), bytes.slice(0, 1000)]) {
      const g = await gradeCapture(junk);
      expect(g.passed).toBe(false);
    }
  });
});
