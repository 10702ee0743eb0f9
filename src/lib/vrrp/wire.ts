/**
 * Whole Ethernet frames as keepalived 2.2.7 puts them on the wire (docs/vrrp-behaviour.md §1.1, §1.4,
 * §5.3): adverts over IPv4 (TOS 0xc0, per-instance IP id, TTL 255, DF clear) and IPv6 (traffic class
 * 0xc0, hop limit 255), gratuitous ARP and unsolicited neighbour advertisements.
 */
import { parseIP, parseMac } from '../net/address';
import type { Family } from '../trace/types';
import { foldChecksum, internetChecksum, ipv6PseudoHeaderSum, onesComplementSum } from './checksum';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, IPPROTO_ICMPV6, IPPROTO_VRRP } from '../net/numbers';
import { VRRP_MCAST_MAC_V4, VRRP_MCAST_MAC_V6, VRRP_TOS, VRRP_TTL } from './constants';

function ethernet(dstMac: string, srcMac: string, etherType: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(14 + payload.length);
  out.set(parseMac(dstMac)!, 0);
  out.set(parseMac(srcMac)!, 6);
  out[12] = etherType >> 8;
  out[13] = etherType & 0xff;
  out.set(payload, 14);
  return out;
}

/** The Ethernet multicast MAC of an IPv4 (RFC1112) or IPv6 (RFC2464) group address. */
export function multicastMac(family: Family, group: string): string {
  const b = parseIP(group)!.bytes;
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  if (family === 'ipv4') return `01:00:5e:${hex(b[1] & 0x7f)}:${hex(b[2])}:${hex(b[3])}`;
  return `33:33:${hex(b[12])}:${hex(b[13])}:${hex(b[14])}:${hex(b[15])}`;
}

export interface IPv4HeaderInput {
  src: string;
  dst: string;
  protocol: number;
  id: number;
  ttl: number;
  tos: number;
  payloadLength: number;
}

/** Recomputes the IPv4 header checksum of an Ethernet frame after a header field was patched. */
export function refreshIpv4Checksum(frame: Uint8Array): void {
  frame[24] = 0;
  frame[25] = 0;
  const c = internetChecksum(frame, 14, 34);
  frame[24] = c >> 8;
  frame[25] = c & 0xff;
}

export function ipv4Header(h: IPv4HeaderInput): Uint8Array {
  const out = new Uint8Array(20);
  out[0] = 0x45;
  out[1] = h.tos;
  const total = 20 + h.payloadLength;
  out[2] = total >> 8;
  out[3] = total & 0xff;
  out[4] = (h.id >> 8) & 0xff;
  out[5] = h.id & 0xff;
  out[8] = h.ttl;
  out[9] = h.protocol;
  out.set(parseIP(h.src)!.bytes, 12);
  out.set(parseIP(h.dst)!.bytes, 16);
  const c = internetChecksum(out);
  out[10] = c >> 8;
  out[11] = c & 0xff;
  return out;
}

export interface AdvertFrameInput {
  family: Family;
  srcMac: string;
  /** Destination MAC: the multicast MAC when omitted. */
  dstMac?: string;
  src: string;
  dst: string;
  /** IPv4 identification (keepalived's per-instance counter). */
  ipId?: number;
  ttl?: number;
  vrrp: Uint8Array;
}

/** Wraps a VRRP message in IPv4 or IPv6 and Ethernet. */
export function advertFrame(f: AdvertFrameInput): Uint8Array {
  const ttl = f.ttl ?? VRRP_TTL;
  if (f.family === 'ipv4') {
    const ip = ipv4Header({
      src: f.src,
      dst: f.dst,
      protocol: IPPROTO_VRRP,
      id: f.ipId ?? 0,
      ttl,
      tos: VRRP_TOS,
      payloadLength: f.vrrp.length,
    });
    const packet = new Uint8Array(20 + f.vrrp.length);
    packet.set(ip, 0);
    packet.set(f.vrrp, 20);
    return ethernet(f.dstMac ?? VRRP_MCAST_MAC_V4, f.srcMac, ETHERTYPE_IPV4, packet);
  }
  const packet = new Uint8Array(40 + f.vrrp.length);
  packet[0] = 0x60 | (VRRP_TOS >> 4);
  packet[1] = (VRRP_TOS & 0x0f) << 4;
  packet[4] = f.vrrp.length >> 8;
  packet[5] = f.vrrp.length & 0xff;
  packet[6] = IPPROTO_VRRP;
  packet[7] = ttl;
  packet.set(parseIP(f.src)!.bytes, 8);
  packet.set(parseIP(f.dst)!.bytes, 24);
  packet.set(f.vrrp, 40);
  return ethernet(f.dstMac ?? VRRP_MCAST_MAC_V6, f.srcMac, ETHERTYPE_IPV6, packet);
}

/**
 * Gratuitous ARP as keepalived sends it (§5.3): broadcast, opcode request, sender = target = the VIP,
 * target MAC ff:ff:ff:ff:ff:ff.
 */
export function garpFrame(mac: string, address: string): Uint8Array {
  const arp = new Uint8Array(28);
  arp.set([0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01], 0);
  arp.set(parseMac(mac)!, 8);
  arp.set(parseIP(address)!.bytes, 14);
  arp.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 18);
  arp.set(parseIP(address)!.bytes, 24);
  return ethernet('ff:ff:ff:ff:ff:ff', mac, ETHERTYPE_ARP, arp);
}

/**
 * Unsolicited neighbour advertisement for an IPv6 VIP (RFC4861 §7.2.6): to ff02::1, hop limit 255,
 * override flag set, with the target link-layer address option.
 */
export function unsolicitedNaFrame(mac: string, src: string, address: string, router = true): Uint8Array {
  const icmp = new Uint8Array(32);
  icmp[0] = 136;
  icmp[4] = (router ? 0x80 : 0) | 0x20;
  icmp.set(parseIP(address)!.bytes, 8);
  icmp[24] = 2;
  icmp[25] = 1;
  icmp.set(parseMac(mac)!, 26);
  const dst = 'ff02::1';
  const srcBytes = parseIP(src)!.bytes;
  const dstBytes = parseIP(dst)!.bytes;
  const sum = onesComplementSum(icmp) + ipv6PseudoHeaderSum(srcBytes, dstBytes, IPPROTO_ICMPV6, icmp.length);
  const c = foldChecksum(sum);
  icmp[2] = c >> 8;
  icmp[3] = c & 0xff;
  const packet = new Uint8Array(40 + icmp.length);
  packet[0] = 0x60;
  packet[5] = icmp.length;
  packet[6] = IPPROTO_ICMPV6;
  packet[7] = 255;
  packet.set(srcBytes, 8);
  packet.set(dstBytes, 24);
  packet.set(icmp, 40);
  return ethernet('33:33:00:00:00:01', mac, ETHERTYPE_IPV6, packet);
}
