/**
 * Whole Ethernet frames as ucarp 1.5.2 writes them (carp.c `carp_send_ad`, garp.c): the advert from
 * the virtual MAC 00:00:5e:00:00:VHID to the group's multicast MAC (broadcast with --nomcast), IPv4
 * with TOS 0x10 (IPTOS_LOWDELAY), DF set and TTL 255; the gratuitous ARP from the node's own MAC with
 * its own MAC as target hardware address. captures/carp/ shows both byte for byte.
 */
import { parseIP, parseMac } from '../net/address';
import { ETHERTYPE_ARP } from '../net/numbers';
import { advertFrame, multicastMac, refreshIpv4Checksum } from '../vrrp/wire';
import { carpHmac } from './hmac';
import { encodeCarp } from './wire';

/** IPTOS_LOWDELAY, and the DF bit of the flags/fragment word. */
const UCARP_TOS = 0x10;
const IP_DF = 0x40;

export interface UcarpAdvertInput {
  vhid: number;
  advbase: number;
  advskew: number;
  counter: bigint;
  /** The passphrase and `--addr`, which key the HMAC. */
  pass: string;
  vaddr: string;
  src: string;
  dst: string;
  ipId: number;
  nomcast?: boolean;
}

/** The virtual MAC ucarp sends its adverts from: 00:00:5e:00:00:VHID. */
export function carpVirtualMac(vhid: number): string {
  return `00:00:5e:00:00:${(vhid & 0xff).toString(16).padStart(2, '0')}`;
}

export function ucarpAdvertFrame(a: UcarpAdvertInput): Uint8Array {
  const msg = encodeCarp({
    vhid: a.vhid,
    advbase: a.advbase,
    advskew: a.advskew,
    counter: a.counter,
    hmac: carpHmac(a.pass, a.vhid, a.vaddr, a.counter),
  });
  const frame = advertFrame({
    family: 'ipv4',
    srcMac: carpVirtualMac(a.vhid),
    dstMac: a.nomcast ? 'ff:ff:ff:ff:ff:ff' : multicastMac('ipv4', a.dst),
    src: a.src,
    dst: a.dst,
    ipId: a.ipId,
    vrrp: msg,
  });
  frame[15] = UCARP_TOS;
  frame[20] = IP_DF;
  refreshIpv4Checksum(frame);
  return frame;
}

/** ucarp's gratuitous ARP: a broadcast request, sender and target both `vip` at the node's `mac`. */
export function ucarpGarpFrame(mac: string, vip: string): Uint8Array {
  const hw = parseMac(mac)!;
  const ip = parseIP(vip)!.bytes;
  const out = new Uint8Array(42);
  out.fill(0xff, 0, 6);
  out.set(hw, 6);
  out[12] = ETHERTYPE_ARP >> 8;
  out[13] = ETHERTYPE_ARP & 0xff;
  out.set([0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01], 14);
  out.set(hw, 22);
  out.set(ip, 28);
  out.set(hw, 32);
  out.set(ip, 38);
  return out;
}
