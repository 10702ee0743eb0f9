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
import type { Family } from '../trace/types';
import { AUTH_NONE, AUTH_PASS, IPPROTO_VRRP, VRRP_TYPE_ADVERTISEMENT } from './constants';
import { foldChecksum, ipv4PseudoHeaderSum, ipv6PseudoHeaderSum, onesComplementSum } from './checksum';

export type ChecksumStatus = 'good' | 'bad' | 'unverified';

/** Every field of one advertisement, with names after Wireshark's (`vrrp.*`). */
export interface AdvertFields {
  family: Family;
  /** vrrp.version */
  version: number;
  /** vrrp.type */
  type: number;
  /** vrrp.virt_rtr_id */
  vrid: number;
  /** vrrp.prio */
  priority: number;
  /** vrrp.addr_count */
  addrCount: number;
  /** vrrp.auth_type (v2 only) */
  authType?: number;
  /** v2: vrrp.adver_int in seconds; v3: vrrp.short_adver_int in centiseconds. */
  advertIntervalRaw: number;
  /** The interval in centiseconds for both versions. */
  advertIntervalCs: number;
  /** v3: the 4 reserved bits. */
  reserved?: number;
  /** vrrp.checksum */
  checksum: number;
  checksumStatus: ChecksumStatus;
  /** v3 over IPv4 only: which variant matched (vendors disagree, §1.7). */
  checksumVariant?: 'pseudo-header' | 'no-pseudo-header';
  /** vrrp.ip_addr / vrrp.ipv6_addr */
  addresses: string[];
  /** v2 PASS: the text up to the first NUL (vrrp.auth_string). */
  authString?: string;
  /** Bytes of the VRRP message. */
  length: number;
}

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
  const len = input.version === 2 ? 16 + 4 * n : 8 + alen * n;
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
 * Decodes a VRRP message from `bytes[offset, offset + length)`. Never throws: a short buffer yields
 * `{ ok: false }` with how many bytes were needed.
 */
export function decodeAdvert(
  bytes: Uint8Array,
  offset: number,
  length: number,
  ctx: DecodeAdvertContext,
): DecodeAdvertResult {
  if (length < 8) return { ok: false, reason: 'too-short', needed: 8, available: length };
  const version = bytes[offset] >> 4;
  const type = bytes[offset] & 0x0f;
  const vrid = bytes[offset + 1];
  const priority = bytes[offset + 2];
  const addrCount = bytes[offset + 3];
  const alen = ctx.family === 'ipv4' ? 4 : 16;
  const isV2 = version !== 3;
  const needed = isV2 ? 16 + 4 * addrCount : 8 + alen * addrCount;
  if (length < needed) return { ok: false, reason: 'truncated', needed, available: length };
  const checksum = (bytes[offset + 6] << 8) | bytes[offset + 7];
  const addresses: string[] = [];
  for (let i = 0; i < addrCount; i++) {
    const at = offset + 8 + i * (isV2 ? 4 : alen);
    addresses.push(isV2 || alen === 4 ? formatIPv4(bytes, at) : formatIPv6(bytes, at));
  }
  const fields: AdvertFields = {
    family: ctx.family,
    version,
    type,
    vrid,
    priority,
    addrCount,
    advertIntervalRaw: 0,
    advertIntervalCs: 0,
    checksum,
    checksumStatus: 'unverified',
    addresses,
    length: needed,
  };
  if (isV2) {
    fields.authType = bytes[offset + 4];
    fields.advertIntervalRaw = bytes[offset + 5];
    fields.advertIntervalCs = fields.advertIntervalRaw * 100;
    if (fields.authType === AUTH_PASS) {
      const auth = bytes.subarray(offset + 8 + 4 * addrCount, offset + 16 + 4 * addrCount);
      const end = auth.indexOf(0);
      fields.authString = new TextDecoder('latin1').decode(end >= 0 ? auth.subarray(0, end) : auth);
    }
  } else {
    fields.reserved = bytes[offset + 4] >> 4;
    fields.advertIntervalRaw = ((bytes[offset + 4] & 0x0f) << 8) | bytes[offset + 5];
    fields.advertIntervalCs = fields.advertIntervalRaw;
  }
  if (ctx.complete !== false) verifyChecksum(bytes.subarray(offset, offset + needed), fields, ctx);
  return { ok: true, fields };
}

function verifyChecksum(msg: Uint8Array, fields: AdvertFields, ctx: DecodeAdvertContext): void {
  const plain = foldChecksum(onesComplementSum(msg)) === 0;
  if (fields.version !== 3) {
    fields.checksumStatus = plain ? 'good' : 'bad';
    return;
  }
  if (!ctx.src || !ctx.dst) return;
  const withPseudo = foldChecksum(checksumSum(msg, 3, ctx.family, ctx.src, ctx.dst, true)) === 0;
  if (withPseudo) {
    fields.checksumStatus = 'good';
    fields.checksumVariant = 'pseudo-header';
  } else if (plain && ctx.family === 'ipv4') {
    fields.checksumStatus = 'good';
    fields.checksumVariant = 'no-pseudo-header';
  } else {
    fields.checksumStatus = 'bad';
  }
}

/** The VIP set of an advert, canonical and sorted, for comparisons between routers. */
export function vipSetKey(addresses: readonly string[]): string {
  return addresses
    .map((a) => canonicalIP(a) ?? a)
    .sort()
    .join(',');
}
