/**
 * Synthetic captures for tests: keepalived-style frames (src/lib/vrrp/wire.ts) re-wrapped in every
 * link layer the reader supports, with VLAN tags, IPv4 options, IPv6 extension headers and AH.
 */
import { encodeAdvert } from '../../../src/lib/vrrp/advert';
import { advertFrame, garpFrame, unsolicitedNaFrame } from '../../../src/lib/vrrp/wire';
import { internetChecksum } from '../../../src/lib/vrrp/checksum';
import { encodeCarp } from '../../../src/lib/carp/wire';

export interface AdvertSpec {
  version?: 2 | 3;
  family?: 'ipv4' | 'ipv6';
  vrid?: number;
  priority?: number;
  intervalCs?: number;
  vips?: string[];
  src?: string;
  mac?: string;
  ttl?: number;
  authPass?: string;
}

/** An Ethernet advert frame as keepalived builds it (§1.1–§1.4). */
export function advert(s: AdvertSpec = {}): Uint8Array {
  const family = s.family ?? 'ipv4';
  const src = s.src ?? (family === 'ipv4' ? '192.168.3.4' : 'fe80::1');
  const dst = family === 'ipv4' ? '224.0.0.18' : 'ff02::12';
  const vrrp = encodeAdvert({
    version: s.version ?? (family === 'ipv6' ? 3 : 2),
    family,
    vrid: s.vrid ?? 200,
    priority: s.priority ?? 100,
    advertIntervalCs: s.intervalCs ?? 100,
    addresses: s.vips ?? [family === 'ipv4' ? '192.168.3.200' : 'fe80::200'],
    authType: s.authPass ? 1 : 0,
    authPass: s.authPass,
    src,
    dst,
  });
  return advertFrame({ family, srcMac: s.mac ?? '02:00:00:00:00:04', src, dst, ttl: s.ttl, vrrp });
}

export { garpFrame, unsolicitedNaFrame };

export interface CarpSpec {
  family?: 'ipv4' | 'ipv6';
  vhid?: number;
  advskew?: number;
  advbase?: number;
  demotion?: number;
  counter?: bigint;
  src?: string;
  /** Flip a checksum bit. */
  badChecksum?: boolean;
}

/** A CARP advert as ucarp sends it: from the virtual MAC 00:00:5e:00:00:VHID (the recordings show it). */
export function carp(s: CarpSpec = {}): Uint8Array {
  const family = s.family ?? 'ipv4';
  const vhid = s.vhid ?? 7;
  const msg = encodeCarp({
    vhid,
    advskew: s.advskew ?? 0,
    advbase: s.advbase ?? 1,
    demotion: s.demotion,
    counter: s.counter ?? 0x6d7261dc89c07914n,
    hmac: Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + vhid) & 0xff),
  });
  if (s.badChecksum) msg[7] ^= 1;
  const src = s.src ?? (family === 'ipv4' ? '192.168.50.11' : 'fe80::11');
  const dst = family === 'ipv4' ? '224.0.0.18' : 'ff02::12';
  const mac = `00:00:5e:00:00:${vhid.toString(16).padStart(2, '0')}`;
  return advertFrame({ family, srcMac: mac, src, dst, vrrp: msg });
}

const ETH = 14;
const l3 = (eth: Uint8Array) => eth.subarray(ETH);
const etype = (eth: Uint8Array) => (eth[12] << 8) | eth[13];

/** Inserts 802.1ad + 802.1Q tags (QinQ) after the MACs. */
export function qinq(eth: Uint8Array, outer: number, inner: number): Uint8Array {
  const out = new Uint8Array(eth.length + 8);
  out.set(eth.subarray(0, 12), 0);
  out.set([0x88, 0xa8, outer >> 8, outer & 0xff, 0x81, 0x00, inner >> 8, inner & 0xff], 12);
  out.set(eth.subarray(12), 20);
  return out;
}

export function sll(eth: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + eth.length - ETH);
  out.set([0, 2, 0, 1, 0, 6], 0);
  out.set(eth.subarray(6, 12), 6);
  out[14] = etype(eth) >> 8;
  out[15] = etype(eth) & 0xff;
  out.set(l3(eth), 16);
  return out;
}

export function sll2(eth: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + eth.length - ETH);
  out[0] = etype(eth) >> 8;
  out[1] = etype(eth) & 0xff;
  out.set([0, 0, 0, 3, 0, 1, 2, 6], 4);
  out.set(eth.subarray(6, 12), 12);
  out.set(l3(eth), 20);
  return out;
}

/** BSD loopback: family 2 (IPv4) or 24/30 (IPv6), little-endian for NULL, big-endian for LOOP. */
export function bsdNull(eth: Uint8Array, bigEndian: boolean): Uint8Array {
  const fam = etype(eth) === 0x86dd ? 30 : 2;
  const out = new Uint8Array(4 + eth.length - ETH);
  if (bigEndian) out[3] = fam;
  else out[0] = fam;
  out.set(l3(eth), 4);
  return out;
}

export const rawIp = (eth: Uint8Array) => l3(eth).slice();

/**
 * The IP packet of an Ethernet frame behind Frame Relay (LINKTYPE_FRELAY, DLCI 100): RFC 2427's
 * UI control and NLPID, or the Cisco-style ethertype.
 */
export function frameRelay(eth: Uint8Array, style: 'rfc2427' | 'cisco'): Uint8Array {
  const v6 = eth[12] === 0x86;
  const head = style === 'rfc2427' ? [0x18, 0x41, 0x03, v6 ? 0x8e : 0xcc] : [0x18, 0x41, eth[12], eth[13]];
  const ip = l3(eth);
  const out = new Uint8Array(head.length + ip.length);
  out.set(head);
  out.set(ip, head.length);
  return out;
}

/** Adds 4 bytes of IPv4 options (router alert) to an Ethernet/IPv4 frame and fixes the header checksum. */
export function withIpOptions(eth: Uint8Array): Uint8Array {
  const out = new Uint8Array(eth.length + 4);
  out.set(eth.subarray(0, ETH + 20), 0);
  out.set([0x94, 0x04, 0, 0], ETH + 20);
  out.set(eth.subarray(ETH + 20), ETH + 24);
  out[ETH] = 0x46;
  const total = ((out[ETH + 2] << 8) | out[ETH + 3]) + 4;
  out[ETH + 2] = total >> 8;
  out[ETH + 3] = total & 0xff;
  out[ETH + 10] = out[ETH + 11] = 0;
  const c = internetChecksum(out, ETH, ETH + 24);
  out[ETH + 10] = c >> 8;
  out[ETH + 11] = c & 0xff;
  return out;
}

/** Inserts an IPv6 hop-by-hop header (8 bytes of PadN) before the upper layer. */
export function withHopByHop(eth: Uint8Array): Uint8Array {
  const out = new Uint8Array(eth.length + 8);
  out.set(eth.subarray(0, ETH + 40), 0);
  out.set([eth[ETH + 6], 0, 1, 4, 0, 0, 0, 0], ETH + 40);
  out.set(eth.subarray(ETH + 40), ETH + 48);
  out[ETH + 6] = 0;
  const plen = ((out[ETH + 4] << 8) | out[ETH + 5]) + 8;
  out[ETH + 4] = plen >> 8;
  out[ETH + 5] = plen & 0xff;
  return out;
}

/** keepalived's `auth_type AH` over IPv4 (§1.6): a 24-byte AH between IP and VRRP, protocol 51. */
export function withAh(eth: Uint8Array, seq: number): Uint8Array {
  const out = new Uint8Array(eth.length + 24);
  out.set(eth.subarray(0, ETH + 20), 0);
  const ah = new Uint8Array(24);
  ah.set([112, 4, 0, 0], 0);
  ah.set(eth.subarray(ETH + 12, ETH + 16), 4);
  ah.set([seq >>> 24, (seq >> 16) & 0xff, (seq >> 8) & 0xff, seq & 0xff], 8);
  for (let i = 12; i < 24; i++) ah[i] = (i * 37) & 0xff;
  out.set(ah, ETH + 20);
  out.set(eth.subarray(ETH + 20), ETH + 44);
  out[ETH + 9] = 51;
  const total = ((out[ETH + 2] << 8) | out[ETH + 3]) + 24;
  out[ETH + 2] = total >> 8;
  out[ETH + 3] = total & 0xff;
  out[ETH + 10] = out[ETH + 11] = 0;
  const c = internetChecksum(out, ETH, ETH + 20);
  out[ETH + 10] = c >> 8;
  out[ETH + 11] = c & 0xff;
  return out;
}

/** A v3-over-IPv4 advert whose checksum leaves the pseudo-header out (some vendors, §1.7). */
export function v3NoPseudoHeader(): Uint8Array {
  const f = advert({ version: 3, vrid: 77 });
  const v = ETH + 20;
  f[v + 6] = f[v + 7] = 0;
  const c = internetChecksum(f, v, f.length);
  f[v + 6] = c >> 8;
  f[v + 7] = c & 0xff;
  return f;
}
