/**
 * Malformed and fragmented frames are not adverts. Wireshark dissects VRRP only in an unfragmented
 * datagram (a lone first fragment stays "Fragmented IP protocol"), so `vrrpPackets` must count what
 * `tshark -Y vrrp` counts; fragments stay in the index (for the packet list and diagnostics) but
 * never make master runs, and no failover ever goes from a source to itself.
 */
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, analyzeCaptureIndex } from '../../../src/lib/analysis/index';
import { fileSource } from '../../../src/lib/pcap/node-source';
import { writePcap, type WriteFrame } from '../../../src/lib/pcap/writer';
import { sharedPath } from '../../shared-path';
import { TSHARK_PREFS, hasTshark, malformedCaptures } from './capture-files';
import * as S from './synthetic-captures';

const tsharkVrrpCount = (file: string): number =>
  execFileSync('tshark', ['-r', file, ...TSHARK_PREFS, '-Y', 'vrrp', '-T', 'fields', '-e', 'frame.number'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .split('\n')
    .filter((x) => x.length > 0).length;

describe.skipIf(!hasTshark)('malformed captures: the VRRP count agrees with tshark', () => {
  it.each(malformedCaptures().map((f) => [basename(f), f]))('%s', async (_, file) => {
    const src = await fileSource(file);
    try {
      const { report } = await analyzeCaptureIndex(src, { name: basename(file), traceRows: 0 });
      expect(report.vrrpPackets).toBe(tsharkVrrpCount(file));
      for (const r of report.routers) for (const f of r.failovers) expect(f.from).not.toBe(f.to);
    } finally {
      await src.close?.();
    }
  });
});

describe('fragments and truncation', () => {
  it('tcpdump vrrp_print-oobr-2: lone first fragments make no router, only positioned diagnostics', async () => {
    const src = await fileSource(sharedPath('captures/public/malformed/tcpdump-vrrp-vrrp_print-oobr-2.pcap'));
    try {
      const { report, indexer } = await analyzeCaptureIndex(src, { traceRows: 0 });
      expect(report.vrrpPackets).toBe(0);
      expect(report.routers).toEqual([]);
      expect(report.anomalies).toEqual([]);
      // Still indexed: the packet list shows them.
      expect(indexer.index.length).toBeGreaterThan(0);
      const frag = report.diagnostics.find((d) => d.code === 'ip.fragmented-vrrp');
      expect(frag?.at).toMatchObject({ packetIndex: expect.any(Number), byteOffset: expect.any(Number) });
    } finally {
      await src.close?.();
    }
  });

  const T0 = 1_795_627_444_000_000;
  const A = { src: '192.168.3.4', mac: 'bc:76:4e:05:6c:1c' };
  const at = (s: number, data: Uint8Array): WriteFrame => ({ tsUs: T0 + Math.round(s * 1e6), data });
  /** The same advert with IPv4 MF set: a first fragment. */
  const fragment = (frame: Uint8Array) => {
    const f = frame.slice();
    f[14 + 6] |= 0x20;
    return f;
  };

  it('a fragmented advert from another source neither counts nor splits the master run', async () => {
    const frames = [0, 1, 2, 3, 4].map((t) => at(t, S.advert({ ...A })));
    frames.splice(
      2,
      0,
      at(1.5, fragment(S.advert({ src: '192.168.3.9', mac: '02:00:00:00:00:09', priority: 200 }))),
    );
    const { report, trace } = await analyzeCapture(writePcap(frames), { name: 'frag.pcap' });
    expect(report.vrrpPackets).toBe(5);
    expect(report.routers[0].masters).toMatchObject([{ source: '192.168.3.4', adverts: 5 }]);
    expect(report.routers[0].failovers).toEqual([]);
    expect(trace.packets).toHaveLength(6);
  });

  it('no failover from a source to itself: resuming after priority 0, or a second MAC on one address', async () => {
    const { report } = await analyzeCapture(
      writePcap([
        at(0, S.advert({ ...A })),
        at(1, S.advert({ ...A })),
        at(1.5, S.advert({ ...A, priority: 0 })),
        at(3, S.advert({ ...A })),
        at(4, S.advert({ ...A, mac: '02:00:00:00:00:99' })),
        at(5, S.advert({ ...A })),
      ]),
      { name: 'self.pcap' },
    );
    const r = report.routers[0];
    expect(r.failovers).toEqual([]);
    expect(r.masters.map((m) => m.source)).toEqual(r.masters.map(() => '192.168.3.4'));
  });
});
