/**
 * CARP advertisements on the wire: the heuristic that tells them from VRRP on IP protocol 112, as
 * Wireshark's packet-carp.c does (`test_carp_packet`), and byte-exact decoding and encoding.
 */
import { fieldUint } from '../net/field';
import { foldChecksum, onesComplementSum } from '../vrrp/checksum';
import type { CarpFields } from '../trace/types';
import { US_PER_S } from '../trace/time';
import {
  CARP_AUTHLEN,
  CARP_COUNTER_BYTES,
  CARP_HEADER_BYTES,
  CARP_HMAC_BYTES,
  CARP_SKEW_UNITS_PER_S,
  CARP_TYPE_ADVERTISEMENT,
  CARP_VERSION,
} from './constants';
import { CARP } from './fields';

export type { CarpFields } from '../trace/types';

/**
 * Wireshark's CARP heuristic (packet-carp.c `test_carp_packet`): at least 36 bytes captured, version
 * 1 or 2, type Advertisement and an auth length of 7. tshark runs it before the VRRP dissector only
 * with `-o ip.try_heuristic_first:TRUE`; that setting is the oracle vrrpscope follows. The heuristic
 * is registered on IPv4 only ("ip"), so protocol 112 over IPv6 is always VRRP to tshark, and here.
 */
export function looksLikeCarp(
  bytes: Uint8Array,
  offset: number,
  captured: number,
  ipVersion: number,
): boolean {
  if (ipVersion !== 4 || captured < CARP_HEADER_BYTES) return false;
  const version = bytes[offset] >> 4;
  if (version === 0 || version > CARP_VERSION) return false;
  if ((bytes[offset] & 0x0f) !== CARP_TYPE_ADVERTISEMENT) return false;
  return bytes[offset + 3] === CARP_AUTHLEN;
}

/**
 * Decodes the CARP message at `bytes[offset, offset + length)` (`length` as the IP header declares;
 * the checksum covers all of it, as Wireshark's does). The caller has checked `looksLikeCarp`, so the
 * 36 header bytes are present. `complete` false (cut by the snap length, or a fragment) leaves the
 * checksum unverified.
 */
export function decodeCarp(bytes: Uint8Array, offset: number, length: number, complete = true): CarpFields {
  let counter = 0n;
  const c = offset + CARP.counter.offset;
  for (let i = 0; i < CARP_COUNTER_BYTES; i++) counter = (counter << 8n) | BigInt(bytes[c + i]);
  const h = offset + CARP.hmac.offset;
  let hmac = '';
  for (let i = 0; i < CARP_HMAC_BYTES; i++) hmac += bytes[h + i].toString(16).padStart(2, '0');
  const verified = complete && offset + length <= bytes.length;
  return {
    version: fieldUint(bytes, offset, CARP.version),
    type: fieldUint(bytes, offset, CARP.type),
    vhid: fieldUint(bytes, offset, CARP.vhid),
    advskew: fieldUint(bytes, offset, CARP.advskew),
    authlen: fieldUint(bytes, offset, CARP.authlen),
    demotion: fieldUint(bytes, offset, CARP.demotion),
    advbase: fieldUint(bytes, offset, CARP.advbase),
    checksum: fieldUint(bytes, offset, CARP.checksum),
    checksumStatus: !verified
      ? 'unverified'
      : foldChecksum(onesComplementSum(bytes, offset, offset + length)) === 0
        ? 'good'
        : 'bad',
    counter,
    hmac,
    length,
  };
}

/**
 * The advertisement interval in µs: advbase + advskew/256 s, with the skew part truncated to whole µs
 * as ucarp and the BSD kernels compute it (`tv_usec = advskew * 1000000 / 256`).
 */
export function carpIntervalUs(advbase: number, advskew: number): number {
  return advbase * US_PER_S + Math.floor((advskew * US_PER_S) / CARP_SKEW_UNITS_PER_S);
}

export interface EncodeCarpInput {
  vhid: number;
  advskew: number;
  advbase: number;
  demotion?: number;
  counter: bigint;
  /** 20 bytes; CARP keys it with the passphrase, which a synthetic capture does not need to know. */
  hmac: Uint8Array;
}

/** Builds a CARP advertisement (36 bytes) with its checksum. */
export function encodeCarp(input: EncodeCarpInput): Uint8Array {
  const out = new Uint8Array(CARP_HEADER_BYTES);
  out[0] = (CARP_VERSION << 4) | CARP_TYPE_ADVERTISEMENT;
  out[1] = input.vhid;
  out[2] = input.advskew;
  out[3] = CARP_AUTHLEN;
  out[4] = input.demotion ?? 0;
  out[5] = input.advbase;
  let c = input.counter;
  for (let i = CARP_COUNTER_BYTES - 1; i >= 0; i--) {
    out[CARP.counter.offset + i] = Number(c & 0xffn);
    c >>= 8n;
  }
  out.set(input.hmac.subarray(0, CARP_HMAC_BYTES), CARP.hmac.offset);
  const sum = foldChecksum(onesComplementSum(out));
  out[6] = sum >> 8;
  out[7] = sum & 0xff;
  return out;
}
