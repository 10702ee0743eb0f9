import { describe, expect, it } from 'vitest';
import { carpIntervalUs, decodeCarp, encodeCarp, looksLikeCarp } from './wire';

const msg = (over: Partial<Parameters<typeof encodeCarp>[0]> = {}) =>
  encodeCarp({
    vhid: 7,
    advskew: 100,
    advbase: 1,
    counter: 2n ** 63n + 5n,
    hmac: new Uint8Array(20).fill(0xab),
    ...over,
  });

describe('CARP wire format (packet-carp.c)', () => {
  it('round-trips every field, the 64-bit counter exactly, with a good checksum', () => {
    const m = msg({ demotion: 240 });
    const c = decodeCarp(m, 0, m.length);
    expect(c).toMatchObject({
      version: 2,
      type: 1,
      vhid: 7,
      advskew: 100,
      authlen: 7,
      demotion: 240,
      advbase: 1,
    });
    expect(c.counter).toBe(2n ** 63n + 5n);
    expect(c.hmac).toBe('ab'.repeat(20));
    expect(c.checksumStatus).toBe('good');
    m[10] ^= 1;
    expect(decodeCarp(m, 0, m.length).checksumStatus).toBe('bad');
    expect(decodeCarp(m, 0, m.length, false).checksumStatus).toBe('unverified');
  });

  it("follows Wireshark's heuristic: 36 bytes, version 1 or 2, type 1, authlen 7, IPv4 only", () => {
    const m = msg();
    expect(looksLikeCarp(m, 0, 36, 4)).toBe(true);
    expect(looksLikeCarp(m, 0, 35, 4)).toBe(false);
    expect(looksLikeCarp(m, 0, 36, 6)).toBe(false);
    const v1 = m.slice();
    v1[0] = 0x11;
    expect(looksLikeCarp(v1, 0, 36, 4)).toBe(true);
    for (const b0 of [0x01, 0x31, 0x22, 0x20]) {
      const x = m.slice();
      x[0] = b0;
      expect(looksLikeCarp(x, 0, 36, 4), `byte 0 = ${b0}`).toBe(false);
    }
    const a6 = m.slice();
    a6[3] = 6;
    expect(looksLikeCarp(a6, 0, 36, 4)).toBe(false);
  });

  it('interval = advbase + advskew/256 s, the skew truncated to µs as ucarp computes it', () => {
    expect(carpIntervalUs(1, 0)).toBe(1_000_000);
    expect(carpIntervalUs(1, 100)).toBe(1_390_625);
    expect(carpIntervalUs(1, 1)).toBe(1_003_906);
  });
});
