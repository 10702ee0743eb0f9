/**
 * VRRP advertisement encoding and decoding (RFC3768 §5.1, RFC5798 §5.1), byte for byte as keepalived
 * 2.2.7 builds them (docs/vrrp-behaviour.md §1.2–§1.7).
 *
 * VRRPv2 (IPv4)                           VRRPv3 (IPv4 / IPv6)
 *  0       1       2       3               0       1       2       3
 * +-------+-------+-------+-------+       +-------+-------+-------+-------+
 * |Ver|Typ| VRID  | Prio  |Count  |       |Ver|Typ| VRID  | Prio  |Count  |
 * +-------+-------+-------+-------+       +-------+-------+-------+-------+
 * |AuthTyp|AdvInt | Checksum      |       |Rsv|Max Adver Int  | Checksum      |
 * +-------+-------+-------+-------+       +-------+-------+-------+-------+
 * | IPv4 addresses (4 × count)    |       | IPvX addresses (4 or 16 × count)|
 * | Auth data (8 bytes)           |       +-------------------------------+
 * +-------------------------------+
 */
import { canonicalIP, formatIPv4, formatIPv6, parseIP } from '../net/address';
import type { AdvertFields, ChecksumStatus, Family } from '../trace/types';
import { IPPROTO_VRRP } from '../net/numbers';
import { AUTH_NONE, AUTH_PASS, VRRP_TYPE_ADVERTISEMENT } from './constants';
import { foldChecksum, ipv4PseudoHeaderSum, ipv6PseudoHeaderSum, onesComplementSum } from './checksum';
import { fieldUint } from '../net/field';
import { VRRP, VRRP_HEADER_BYTES, VRRP_V2_AUTH_BYTES } from './fields';

export type { AdvertFields, ChecksumStatus };

export interface EncodeAdvertInput {
  version: 2 | 3;
  family: Family;
  vrid: number;
  priority: number;
  advertIntervalCs: number;
  addresses: string[];
  authType?: number;
  authPass?: string;
  /** IP source and destination, for the v3 pseudo-header. */
  src: string;
  dst: string;
}

function addrLen(family: Family): number {
  return family === 'ipv4' ? 4 : 16;
}

/** Builds the VRRP message with its checksum. */
export function encodeAdvert(input: EncodeAdvertInput): Uint8Array {
  const alen = addrLen(input.family);
  const n = input.addresses.length;
  const len = advertLength(input.version, input.family, n);
  const out = new Uint8Array(len);
  out[0] = (input.version << 4) | VRRP_TYPE_ADVERTISEMENT;
  out[1] = input.vrid;
  out[2] = input.priority;
  out[3] = n;
  if (input.version === 2) {
    out[4] = input.authType ?? AUTH_NONE;
    out[5] = Math.floor(input.advertIntervalCs / 100);
  } else {
    out[4] = (input.advertIntervalCs >> 8) & 0x0f;
    out[5] = input.advertIntervalCs & 0xff;
  }
  input.addresses.forEach((a, i) => {
    const ip = parseIP(a);
    if (ip) out.set(ip.bytes.subarray(0, alen), 8 + i * alen);
  });
  if (input.version === 2 && input.authType === AUTH_PASS && input.authPass) {
    const pass = new TextEncoder().encode(input.authPass).subarray(0, 8);
    out.set(pass, 8 + 4 * n);
  }
  const sum = checksumSum(out, input.version, input.family, input.src, input.dst, true);
  const c = foldChecksum(sum);
  out[6] = c >> 8;
  out[7] = c & 0xff;
  return out;
}

function checksumSum(
  msg: Uint8Array,
  version: number,
  family: Family,
  src: string | Uint8Array,
  dst: string | Uint8Array,
  pseudo: boolean,
): number {
  let sum = onesComplementSum(msg);
  if (version === 3 && pseudo) {
    const s = typeof src === 'string' ? parseIP(src)?.bytes : src;
    const d = typeof dst === 'string' ? parseIP(dst)?.bytes : dst;
    if (s && d) {
      sum +=
        family === 'ipv4'
          ? ipv4PseudoHeaderSum(s, d, IPPROTO_VRRP, msg.length)
          : ipv6PseudoHeaderSum(s, d, IPPROTO_VRRP, msg.length);
    }
  }
  return sum;
}

export interface DecodeAdvertContext {
  family: Family;
  /** IP source and destination bytes, for the v3 pseudo-header; without them v3 is unverified. */
  src?: Uint8Array;
  dst?: Uint8Array;
  /** False when the frame was cut by the snap length: the checksum is then unverified. */
  complete?: boolean;
}

export type DecodeAdvertResult =
  | { ok: true; fields: AdvertFields }
  | { ok: false; reason: 'too-short' | 'truncated'; needed: number; available: number };

/**
 * Decodes a VRRP message from `bytes[offset, offset + length)`, where `length` is what the IP header
 * declares (the checksum covers all of it, as in Wireshark). Never throws: a buffer too short for the
 * header and addresses yields `{ ok: false }` with the full message length that was expected.
 */
export function decodeAdvert(
  bytes: Uint8Array,
  offset: number,
  length: number,
  ctx: DecodeAdvertContext,
): DecodeAdvertResult {
  if (length < VRRP_HEADER_BYTES)
    return { ok: false, reason: 'too-short', needed: VRRP_HEADER_BYTES, available: length };
  const version = fieldUint(bytes, offset, VRRP.version);
  const addrCount = fieldUint(bytes, offset, VRRP.addrCount);
  const isV2 = version !== 3;
  const alen = isV2 || ctx.family === 'ipv4' ? 4 : 16;
  const needed = advertLength(version, ctx.family, addrCount);
  // The addresses must be there; v2's 8 auth bytes may be missing (Wireshark still decodes such
  // adverts, and checksums whatever the IP length declares).
  if (length < VRRP_HEADER_BYTES + alen * addrCount)
    return { ok: false, reason: 'truncated', needed, available: length };
  const addresses: string[] = [];
  for (let i = 0; i < addrCount; i++) {
    const at = offset + VRRP_HEADER_BYTES + i * alen;
    addresses.push(alen === 4 ? formatIPv4(bytes, at) : formatIPv6(bytes, at));
  }
  const fields: AdvertFields = {
    family: ctx.family,
    version,
    type: fieldUint(bytes, offset, VRRP.type),
    vrid: fieldUint(bytes, offset, VRRP.vrid),
    priority: fieldUint(bytes, offset, VRRP.prio),
    addrCount,
    advertIntervalRaw: 0,
    advertIntervalCs: 0,
    checksum: fieldUint(bytes, offset, VRRP.checksum),
    checksumStatus: 'unverified',
    addresses,
    length: Math.min(length, needed),
  };
  if (isV2) {
    fields.authType = fieldUint(bytes, offset, VRRP.authType);
    fields.advertIntervalRaw = fieldUint(bytes, offset, VRRP.adverInt);
    fields.advertIntervalCs = fields.advertIntervalRaw * 100;
    if (fields.authType === AUTH_PASS && length >= needed)
      fields.authString = authText(bytes, offset + VRRP_HEADER_BYTES + 4 * addrCount);
  } else {
    fields.reserved = fieldUint(bytes, offset, VRRP.reserved);
    fields.advertIntervalRaw = fieldUint(bytes, offset, VRRP.shortAdverInt);
    fields.advertIntervalCs = fields.advertIntervalRaw;
  }
  if (ctx.complete !== false) {
    const c = advertChecksum(bytes.subarray(offset, offset + length), version, ctx.family, ctx.src, ctx.dst);
    fields.checksumStatus = c.status;
    if (c.variant) fields.checksumVariant = c.variant;
  }
  return { ok: true, fields };
}

/** Bytes of a VRRP message with `addrCount` addresses (§1.2–§1.4); v2 carries 8 auth bytes. */
export function advertLength(version: number, family: Family, addrCount: number): number {
  return version !== 3
    ? VRRP_HEADER_BYTES + 4 * addrCount + VRRP_V2_AUTH_BYTES
    : VRRP_HEADER_BYTES + addrLen(family) * addrCount;
}

/** The PASS text of the 8 auth bytes at `at`, up to the first NUL (Wireshark's vrrp.auth_string). */
export function authText(bytes: Uint8Array, at: number): string {
  let s = '';
  for (let i = 0; i < VRRP_V2_AUTH_BYTES && bytes[at + i] !== 0; i++) s += String.fromCharCode(bytes[at + i]);
  return s;
}

export interface ChecksumCheck {
  status: ChecksumStatus;
  variant?: 'pseudo-header' | 'no-pseudo-header';
}

/**
 * Verifies a whole VRRP message (§1.7). v2: no pseudo-header. v3: both variants are computed —
 * with the IPv4/IPv6 pseudo-header (RFC5798, keepalived ≥ 1.3.7) and, over IPv4, without it (some
 * vendors) — and the one that matches is reported. Without addresses v3 stays unverified.
 */
export function advertChecksum(
  msg: Uint8Array,
  version: number,
  family: Family,
  src?: Uint8Array,
  dst?: Uint8Array,
): ChecksumCheck {
  const plain = foldChecksum(onesComplementSum(msg)) === 0;
  if (version !== 3) return { status: plain ? 'good' : 'bad' };
  if (!src || !dst) return { status: 'unverified' };
  if (foldChecksum(checksumSum(msg, 3, family, src, dst, true)) === 0)
    return { status: 'good', variant: 'pseudo-header' };
  if (plain && family === 'ipv4') return { status: 'good', variant: 'no-pseudo-header' };
  return { status: 'bad' };
}

/** The VIP set of an advert, canonical and sorted, for comparisons between routers. */
export function vipSetKey(addresses: readonly string[]): string {
  return addresses
    .map((a) => canonicalIP(a) ?? a)
    .sort()
    .join(',');
}
