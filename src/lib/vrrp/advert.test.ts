import { describe, expect, it } from 'vitest';
import { parseIP } from '../net/address';
import { decodeAdvert, encodeAdvert } from './advert';
import { AUTH_PASS } from './constants';
import { advertFrame, garpFrame } from './wire';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

// Byte-exact lab fixtures of docs/vrrp-behaviour.md §9.4.
describe('advert codec against the lab bytes (§9.4)', () => {
  it('v2, VRID 61, prio 100, 1 s, no auth', () => {
    const b = encodeAdvert({
      version: 2,
      family: 'ipv4',
      vrid: 61,
      priority: 100,
      advertIntervalCs: 100,
      addresses: ['192.168.50.61'],
      src: '192.168.50.11',
      dst: '224.0.0.18',
    });
    expect(hex(b)).toBe('21 3d 64 01 00 01 87 da c0 a8 32 3d 00 00 00 00 00 00 00 00');
  });

  it('v2 unicast with PASS auth "secret12"', () => {
    const b = encodeAdvert({
      version: 2,
      family: 'ipv4',
      vrid: 60,
      priority: 100,
      advertIntervalCs: 100,
      addresses: ['192.168.50.60'],
      authType: AUTH_PASS,
      authPass: 'secret12345',
      src: '192.168.50.11',
      dst: '192.168.50.12',
    });
    expect(hex(b)).toBe('21 3c 64 01 01 01 19 5e c0 a8 32 3c 73 65 63 72 65 74 31 32');
    const d = decodeAdvert(b, 0, b.length, { family: 'ipv4' });
    expect(d.ok && d.fields.authString).toBe('secret12');
  });

  it('v3 over IPv4 includes the pseudo-header', () => {
    const b = encodeAdvert({
      version: 3,
      family: 'ipv4',
      vrid: 30,
      priority: 100,
      advertIntervalCs: 100,
      addresses: ['192.168.50.30'],
      src: '192.168.50.11',
      dst: '224.0.0.18',
    });
    expect(hex(b)).toBe('31 1e 64 01 00 64 a4 72 c0 a8 32 1e');
    const d = decodeAdvert(b, 0, b.length, {
      family: 'ipv4',
      src: parseIP('192.168.50.11')!.bytes,
      dst: parseIP('224.0.0.18')!.bytes,
    });
    expect(d.ok && [d.fields.checksumStatus, d.fields.checksumVariant]).toEqual(['good', 'pseudo-header']);
  });

  it('v3 over IPv6, two addresses', () => {
    const b = encodeAdvert({
      version: 3,
      family: 'ipv6',
      vrid: 31,
      priority: 100,
      advertIntervalCs: 50,
      addresses: ['fe80::31', '2001:db8::31'],
      src: 'fe80::1c89:9aff:fe37:a81e',
      dst: 'ff02::12',
    });
    expect(hex(b.subarray(0, 8))).toBe('31 1f 64 02 00 32 e2 02');
    const d = decodeAdvert(b, 0, b.length, {
      family: 'ipv6',
      src: parseIP('fe80::1c89:9aff:fe37:a81e')!.bytes,
      dst: parseIP('ff02::12')!.bytes,
    });
    expect(d.ok && d.fields.addresses).toEqual(['fe80::31', '2001:db8::31']);
    expect(d.ok && d.fields.checksumStatus).toBe('good');
  });

  it('GARP for 192.168.50.30 (42 bytes)', () => {
    expect(hex(garpFrame('1e:89:9a:37:a8:1e', '192.168.50.30'))).toBe(
      'ff ff ff ff ff ff 1e 89 9a 37 a8 1e 08 06 00 01 08 00 06 04 00 01 1e 89 9a 37 a8 1e c0 a8 32 1e ff ff ff ff ff ff c0 a8 32 1e',
    );
  });

  it('IPv4 envelope: TOS 0xc0, TTL 255, protocol 112, 54-byte frame (§1.1)', () => {
    const vrrp = encodeAdvert({
      version: 2,
      family: 'ipv4',
      vrid: 61,
      priority: 100,
      advertIntervalCs: 100,
      addresses: ['192.168.50.61'],
      src: '192.168.50.11',
      dst: '224.0.0.18',
    });
    const f = advertFrame({
      family: 'ipv4',
      srcMac: '02:00:00:00:00:01',
      src: '192.168.50.11',
      dst: '224.0.0.18',
      ipId: 1,
      vrrp,
    });
    expect(f.length).toBe(54);
    expect([f[15], f[22], f[23]]).toEqual([0xc0, 255, 112]);
    expect(hex(f.subarray(0, 6))).toBe('01 00 5e 00 00 12');
  });

  it('never throws on short input', () => {
    expect(decodeAdvert(new Uint8Array(3), 0, 3, { family: 'ipv4' }).ok).toBe(false);
    const b = new Uint8Array([0x21, 1, 100, 9, 0, 1, 0, 0]);
    const d = decodeAdvert(b, 0, b.length, { family: 'ipv4' });
    expect(d).toMatchObject({ ok: false, reason: 'truncated', needed: 52 });
  });
});
