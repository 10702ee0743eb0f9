/**
 * The CARP HMAC as ucarp 1.5.2 computes it (carp.c `carp_hmac_prepare`, `carp_hmac_generate`): an
 * HMAC-SHA1 keyed with the passphrase (with its NUL, in a 20-byte key, zero-padded to 64) over the
 * version, type, vhid, the virtual address and the 64-bit counter. Lets the simulator send the bytes
 * ucarp would, and a reader who knows the passphrase check an advert. SHA-1 is written out here
 * because src/lib runs in the browser as well as in Node, without a crypto dependency.
 */
import { parseIPv4 } from '../net/address';
import { CARP_TYPE_ADVERTISEMENT, CARP_VERSION } from './constants';

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;

/** SHA-1 (FIPS 180-4) of `data`: 20 bytes. */
export function sha1(data: Uint8Array): Uint8Array {
  const bitLen = data.length * 8;
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 2 ** 32));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20
          ? [(b & c) | (~b & d), 0x5a827999]
          : i < 40
            ? [b ^ c ^ d, 0x6ed9eba1]
            : i < 60
              ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
              : [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + (f >>> 0) + e + k + w[i]) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] = (h[0] + a) >>> 0;
    h[1] = (h[1] + b) >>> 0;
    h[2] = (h[2] + c) >>> 0;
    h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  h.forEach((x, i) => ov.setUint32(i * 4, x));
  return out;
}

/** sc_key: CARP_KEY_LEN bytes holding the passphrase and its NUL; sc_pad: CARP_HMAC_PAD bytes. */
const KEY_LEN = 20;
const PAD_LEN = 64;

/** ucarp's HMAC of one advert: `vaddr` is its `--addr`, `counter` the advert's 64-bit counter. */
export function carpHmac(pass: string, vhid: number, vaddr: string, counter: bigint): Uint8Array {
  const key = new Uint8Array(KEY_LEN);
  key.set(new TextEncoder().encode(pass).subarray(0, KEY_LEN - 1));
  const ipad = new Uint8Array(PAD_LEN);
  ipad.set(key);
  const opad = ipad.map((b) => b ^ 0x5c);
  for (let i = 0; i < PAD_LEN; i++) ipad[i] ^= 0x36;
  const addr = parseIPv4(vaddr) ?? new Uint8Array(4);
  const inner = new Uint8Array(PAD_LEN + 3 + 4 + 8);
  inner.set(ipad);
  inner.set([CARP_VERSION, CARP_TYPE_ADVERTISEMENT, vhid & 0xff], PAD_LEN);
  inner.set(addr, PAD_LEN + 3);
  let c = counter;
  for (let i = 7; i >= 0; i--) {
    inner[PAD_LEN + 7 + i] = Number(c & 0xffn);
    c >>= 8n;
  }
  const outer = new Uint8Array(PAD_LEN + 20);
  outer.set(opad);
  outer.set(sha1(inner), PAD_LEN);
  return sha1(outer);
}
