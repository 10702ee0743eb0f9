/**
 * Synthetic captures in every supported framing — pcap µs/ns in both byte orders, pcapng with two
 * sections of opposite byte order and several interfaces (each with its own link type and
 * if_tsresol) — carrying keepalived frames over Ethernet, QinQ, SLL, SLL2, raw IP, BSD loopback,
 * Frame Relay, with IPv4 options, IPv6 extension headers and AH. tshark is the oracle for every VRRP field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dissect, type DetailNode } from '../../../src/lib/pcap/dissect';
import { writePcap, writePcapng, type WriteFrame } from '../../../src/lib/pcap/writer';
import { hasTshark, readFrames } from './capture-files';
import * as S from './synthetic-captures';
import { expectAgreesWithTshark } from './tshark-diff';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-links-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_795_627_444_946_744;
const eth = [
  S.advert(),
  S.advert({ version: 3, intervalCs: 50, vips: ['192.168.3.200', '192.168.3.201'] }),
  S.advert({ family: 'ipv6', vips: ['fe80::200', '2001:db8::200'] }),
  S.advert({ authPass: 'secret12', vrid: 9, ttl: 64 }),
  S.garpFrame('02:00:00:00:00:04', '192.168.3.200'),
  S.unsolicitedNaFrame('02:00:00:00:00:04', 'fe80::200', 'fe80::200'),
  S.withIpOptions(S.advert({ vrid: 11 })),
  S.withHopByHop(S.advert({ family: 'ipv6', vrid: 12 })),
  S.withAh(S.advert({ vrid: 13 }), 1),
  S.v3NoPseudoHeader(),
  // FRR's vrrpd as its source builds adverts (vrrpd/vrrp_packet.c, vrrp.c): from the macvlan's VMAC
  // 00:00:5e:00:01:VRID (IPv6: 00:00:5e:00:02:VRID), v3 with the RFC 5798 pseudo-header checksum,
  // or v2. Not checked against the real daemon: it needs macvlan, which the recording machine lacks.
  S.advert({ version: 3, vrid: 5, mac: '00:00:5e:00:01:05', src: '192.168.50.21', vips: ['192.168.50.5'] }),
  S.advert({ family: 'ipv6', vrid: 5, mac: '00:00:5e:00:02:05', src: 'fe80::21', vips: ['fe80::5'] }),
  S.advert({ version: 2, vrid: 6, mac: '00:00:5e:00:01:06', src: '192.168.50.21', vips: ['192.168.50.6'] }),
  // CARP (told from VRRP as tshark's heuristic does), and VRRP that its heuristic also claims.
  S.carp(),
  S.carp({ vhid: 20, advskew: 100, advbase: 2, demotion: 240 }),
  S.carp({ vhid: 9, badChecksum: true }),
  S.advert({ vrid: 14, vips: Array.from({ length: 7 }, (_, i) => `192.168.3.${210 + i}`) }),
  S.advert({ vrid: 15, vips: Array.from({ length: 6 }, (_, i) => `192.168.3.${220 + i}`) }),
];
const v4 = eth.filter((f) => f[12] === 0x08 && f[13] === 0x00);
const v6 = eth.filter((f) => f[12] === 0x86);
const ip = [...v4, ...v6];

const frames = (list: Uint8Array[], interfaceId = 0, step = 1000): WriteFrame[] =>
  list.map((data, i) => ({ tsUs: T0 + i * step, data, interfaceId, comment: i === 0 ? 'first' : undefined }));

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const cases: [string, () => Uint8Array][] = [
  ['pcap µs little-endian Ethernet', () => writePcap(frames(eth))],
  [
    'pcap ns big-endian QinQ',
    () => writePcap(frames(eth.map((f) => S.qinq(f, 100, 200))), { nanoseconds: true, bigEndian: true }),
  ],
  ['pcap Linux SLL', () => writePcap(frames(eth.map(S.sll)), { linkType: 113 })],
  ['pcap Linux SLL2', () => writePcap(frames(eth.map(S.sll2)), { linkType: 276 })],
  ['pcap raw IP (101)', () => writePcap(frames(ip.map(S.rawIp)), { linkType: 101 })],
  ['pcap BSD NULL', () => writePcap(frames(ip.map((f) => S.bsdNull(f, false))), { linkType: 0 })],
  ['pcap BSD LOOP', () => writePcap(frames(ip.map((f) => S.bsdNull(f, true))), { linkType: 108 })],
  [
    'pcap Frame Relay (RFC 2427 NLPID)',
    () => writePcap(frames(ip.map((f) => S.frameRelay(f, 'rfc2427'))), { linkType: 107 }),
  ],
  [
    'pcap Frame Relay (Cisco ethertype)',
    () => writePcap(frames(ip.map((f) => S.frameRelay(f, 'cisco'))), { linkType: 107 }),
  ],
  ['pcap IPv4 (228)', () => writePcap(frames(v4.map(S.rawIp)), { linkType: 228 })],
  ['pcap IPv6 (229)', () => writePcap(frames(v6.map(S.rawIp)), { linkType: 229 })],
  [
    'pcapng: two sections (LE then BE), several interfaces and resolutions',
    () => {
      const a = writePcapng(
        [{ linkType: 1 }, { linkType: 113, tsresol: 9 }, { linkType: 276 }],
        [...frames(eth, 0), ...frames(eth.map(S.sll), 1, 7), ...frames(eth.map(S.sll2), 2)],
      );
      const b = writePcapng(
        [{ linkType: 101, tsresol: 9 }, { linkType: 1 }],
        [
          ...frames(ip.map(S.rawIp), 0),
          ...frames(
            eth.map((f) => S.qinq(f, 5, 6)),
            1,
          ),
        ],
        { bigEndian: true },
      );
      const out = new Uint8Array(a.length + b.length);
      out.set(a);
      out.set(b, a.length);
      return out;
    },
  ],
];

if (!hasTshark)
  console.warn(
    'tshark is not installed: the link-layer differential test is skipped (apt-get install tshark)',
  );

describe.skipIf(!hasTshark)('every link layer and file framing agrees with tshark', () => {
  for (const [name, make] of cases) {
    it(name, async () => {
      const file = write(`${name.replace(/\W+/g, '-')}.cap`, make());
      expect(await expectAgreesWithTshark(file)).toBeGreaterThan(0);
    });
  }
});

describe('timestamps and comments', () => {
  it('ns pcap and pcapng if_tsresol=9 keep µs exactly', async () => {
    const ns = await readFrames(
      write('ns.pcap', writePcap(frames(eth), { nanoseconds: true, bigEndian: true })),
    );
    expect(ns.map((f) => f.tsUs)).toEqual(eth.map((_, i) => T0 + i * 1000));
    const ng = await readFrames(write('ns.pcapng', writePcapng([{ linkType: 1, tsresol: 9 }], frames(eth))));
    expect(ng.map((f) => f.tsUs)).toEqual(eth.map((_, i) => T0 + i * 1000));
  });
});

describe('VRRP checksum status (§1.7)', () => {
  const find = (nodes: DetailNode[], key: string): DetailNode | undefined => {
    for (const n of nodes) {
      if (n.key === key) return n;
      const c = find(n.children, key);
      if (c) return c;
    }
    return undefined;
  };
  const status = (frame: Uint8Array) => {
    const tree = dissect(frame, 1);
    return [find(tree, 'vrrp.checksum.status')?.value, find(tree, 'vrrp.checksum.variant')?.value];
  };

  it('v3 over IPv4: with the pseudo-header (keepalived), or without it (some vendors) — both good', () => {
    expect(status(S.advert({ version: 3 }))).toEqual([1, 'pseudo-header']);
    expect(status(S.v3NoPseudoHeader())).toEqual([1, 'no-pseudo-header']);
  });

  it('a wrong checksum is bad; a frame cut by the snap length is unverified', () => {
    const bad = S.advert({ version: 3 });
    bad[bad.length - 1] ^= 1;
    expect(status(bad)).toEqual([0, undefined]);
    const v2 = S.advert();
    const cut = new Uint8Array(v2.length + 4);
    cut.set(v2);
    // Claim 4 more IP bytes than the frame holds: the datagram is incomplete.
    cut[17] += 4;
    expect(status(cut.subarray(0, v2.length))[0]).toBe(2);
  });
});
