/**
 * keepalived 2.4's auth_hmac trailer (layout from keepalived's source, src/lib/vrrp/auth-ext.ts): an
 * advert with one is decoded with its key id, timestamp and MAC, never as malformed, and tshark still
 * agrees on every VRRP field of it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dissect, type DetailNode } from '../../../src/lib/pcap/dissect';
import { writePcap } from '../../../src/lib/pcap/writer';
import { encodeAdvert } from '../../../src/lib/vrrp/advert';
import { advertFrame } from '../../../src/lib/vrrp/wire';
import { hasTshark } from './capture-files';
import { expectAgreesWithTshark } from './tshark-diff';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-hmac-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ext_type 1, key 3, reserved 0, sec 0x6ab13c80, subsec 0x8000 (½ s), ctr 7, a 16-byte MAC. */
const trailer = Uint8Array.from([
  1,
  3,
  0,
  0,
  0x6a,
  0xb1,
  0x3c,
  0x80,
  0x80,
  0x00,
  0x00,
  0x07,
  ...Array.from({ length: 16 }, (_, i) => 0xa0 + i),
]);

function withTrailer(version: 2 | 3): Uint8Array {
  const src = '192.168.50.11';
  const dst = '224.0.0.18';
  const pdu = encodeAdvert({
    version,
    family: 'ipv4',
    vrid: 50,
    priority: 100,
    advertIntervalCs: 100,
    addresses: ['192.168.50.100'],
    src,
    dst,
  });
  const vrrp = new Uint8Array(pdu.length + trailer.length);
  vrrp.set(pdu);
  vrrp.set(trailer, pdu.length);
  return advertFrame({ family: 'ipv4', srcMac: '02:00:00:00:50:11', src, dst, vrrp });
}

const flat = (nodes: DetailNode[]): DetailNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

describe('keepalived 2.4 auth_hmac trailer', () => {
  for (const version of [2, 3] as const)
    it(`VRRPv${version}: key id, timestamp and MAC decoded, nothing malformed`, () => {
      const nodes = flat(dissect(withTrailer(version), 1));
      expect(nodes.some((n) => n.key === '_ws.malformed')).toBe(false);
      const v = (k: string) => nodes.find((n) => n.key === k)?.value;
      expect(v('vrrp.auth_ext.type')).toBe(1);
      expect(v('vrrp.auth_ext.key_id')).toBe(3);
      expect(v('vrrp.auth_ext.sec')).toBe(0x6ab13c80);
      expect(v('vrrp.auth_ext.ctr')).toBe(7);
      expect(v('vrrp.auth_ext.hmac')).toBe('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
      const root = nodes.find((n) => n.key === 'vrrp.auth_ext')!;
      expect(root.display).toContain(`key 3, sent ${new Date(0x6ab13c80 * 1000 + 500).toISOString()}`);
      expect(root.display).toContain('.500Z');
    });

  it('without the trailer (27 or 29 extra bytes) no trailer is shown', () => {
    const f = withTrailer(2);
    const cut = f.subarray(0, f.length - 1);
    expect(flat(dissect(cut, 1)).some((n) => n.key === 'vrrp.auth_ext')).toBe(false);
  });

  it.skipIf(!hasTshark)('tshark agrees on every VRRP field of trailer adverts', async () => {
    const file = join(dir, 'trailer.pcap');
    writeFileSync(
      file,
      writePcap([2, 3].map((v, i) => ({ tsUs: 1_790_000_000_000_000 + i, data: withTrailer(v as 2 | 3) }))),
    );
    expect(await expectAgreesWithTshark(file)).toBe(2);
  });
});
