/**
 * A cluster where some keepalived nodes append the 2.4 auth_hmac trailer and others do not is flagged
 * (anomaly `auth-trailer-mixed`), on synthetic captures: the trailer's layout is keepalived's own
 * (src/lib/vrrp/auth-ext.ts); no keepalived 2.4 ran here.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis';
import { writePcap } from '../../../src/lib/pcap/writer';
import { encodeAdvert } from '../../../src/lib/vrrp/advert';
import { advertFrame } from '../../../src/lib/vrrp/wire';

const TRAILER = Uint8Array.from([
  1,
  3,
  0,
  0,
  0x6a,
  0xb1,
  0x3c,
  0x80,
  0x80,
  0,
  0,
  7,
  ...new Array(16).fill(0xa5),
]);

function advert(src: string, priority: number, trailer: boolean, version: 2 | 3 = 2): Uint8Array {
  const dst = '224.0.0.18';
  const pdu = encodeAdvert({
    version,
    family: 'ipv4',
    vrid: 50,
    priority,
    advertIntervalCs: 100,
    addresses: ['192.168.50.100'],
    src,
    dst,
  });
  const vrrp = trailer ? Uint8Array.from([...pdu, ...TRAILER]) : pdu;
  const mac = `02:00:00:00:50:${src.split('.')[3]}`;
  return advertFrame({ family: 'ipv4', srcMac: mac, src, dst, vrrp });
}

/** n1 master for 5 s, then n2 (n1 silent), each advertising every second. */
async function anomalies(n1Trailer: boolean, n2Trailer: boolean, version: 2 | 3 = 2) {
  const frames = [
    ...Array.from({ length: 5 }, (_, k) => ({
      tsUs: 1e15 + k * 1e6,
      data: advert('192.168.50.11', 100, n1Trailer, version),
    })),
    ...Array.from({ length: 5 }, (_, k) => ({
      tsUs: 1e15 + (9 + k) * 1e6,
      data: advert('192.168.50.12', 99, n2Trailer, version),
    })),
  ];
  const { report } = await analyzeCapture(writePcap(frames), { name: 'mixed.pcap' });
  return report.anomalies;
}

describe('a cluster where only some nodes send the auth_hmac trailer', () => {
  for (const version of [2, 3] as const)
    it(`VRRPv${version}: flagged once, naming who sends it and who does not`, async () => {
      const list = (await anomalies(true, false, version)).filter((a) => a.code === 'auth-trailer-mixed');
      expect(list).toHaveLength(1);
      expect(list[0].message).toMatch(
        /VRID 50: .*192\.168\.50\.11.* appends keepalived 2\.4's auth_hmac trailer .*192\.168\.50\.12.* does not/,
      );
    });

  it('not flagged when every node sends it, nor when none does', async () => {
    for (const [a, b] of [
      [true, true],
      [false, false],
    ] as const)
      expect((await anomalies(a, b)).map((x) => x.code)).not.toContain('auth-trailer-mixed');
  });
});
