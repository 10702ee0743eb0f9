import { describe, expect, it } from 'vitest';
import { carpHmac, sha1 } from './hmac';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('CARP HMAC (ucarp carp.c)', () => {
  it('SHA-1 gives the FIPS 180 test vectors, across block boundaries', () => {
    expect(hex(sha1(new TextEncoder().encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    const two = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
    expect(hex(sha1(new TextEncoder().encode(two)))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it('is the HMAC ucarp 1.5.2 sent (captures/carp/ucarp-kill.pcap: --pass=s3cret --vhid=7 --addr=192.168.50.100)', () => {
    expect(hex(carpHmac('s3cret', 7, '192.168.50.100', 9958740154421935040n))).toBe(
      '3ff3709462539b443e5618f772fa8d6bb38f3deb',
    );
    expect(hex(carpHmac('s3cret', 7, '192.168.50.100', 7766953853789792278n))).toBe(
      'd856925934a8091bd5518c4a3516a24a820d31a1',
    );
  });

  it('changes with the passphrase, the vhid and the address', () => {
    const base = hex(carpHmac('s3cret', 7, '192.168.50.100', 1n));
    expect(hex(carpHmac('s3cre', 7, '192.168.50.100', 1n))).not.toBe(base);
    expect(hex(carpHmac('s3cret', 8, '192.168.50.100', 1n))).not.toBe(base);
    expect(hex(carpHmac('s3cret', 7, '192.168.50.101', 1n))).not.toBe(base);
  });
});
