/**
 * One kept frame → a TracePacket: addresses, TTL, the decoded advert, or the address an ARP /
 * neighbour advertisement announces (§5.3).
 */
import { ETHERTYPE_ARP, IPPROTO_ICMPV6, IPPROTO_VRRP } from '../net/numbers';
import { formatIPv4, formatIPv6, formatMac } from '../net/address';
import { layoutFrame, type FrameLayout } from '../pcap/layout';
import type { TracePacket } from '../trace/types';
import { decodeAdvert } from '../vrrp/advert';
import { decodeCarp, looksLikeCarp } from '../carp/wire';
import type { KeptFrame } from './indexer';

export function packetOf(k: KeptFrame, index: number, t: number, l: FrameLayout): TracePacket {
  const b = k.bytes;
  layoutFrame(b, b.length, k.linkType, l);
  const v6 = l.ipVersion === 6;
  const addr = (at: number) => (at < 0 ? '' : v6 ? formatIPv6(b, at) : formatIPv4(b, at));
  const p: TracePacket = {
    index,
    t,
    type: 'other',
    src: addr(l.src),
    dst: addr(l.dst),
    bytes: b,
    linkType: k.linkType,
  };
  if (l.macSrc >= 0) p.srcMac = formatMac(b, l.macSrc);
  if (l.macDst >= 0) p.dstMac = formatMac(b, l.macDst);
  if (k.comment) p.comment = k.comment;
  if (l.ipVersion !== 0) p.ttl = l.ttl;
  if (l.etherType === ETHERTYPE_ARP) {
    p.type = 'arp';
    p.src = formatIPv4(b, l.net + 14);
    p.dst = formatIPv4(b, l.net + 24);
    p.announce = { address: p.src, mac: formatMac(b, l.net + 8), gratuitous: p.src === p.dst };
  } else if (l.proto === IPPROTO_VRRP && looksLikeCarp(b, l.l4, l.l4End - l.l4, l.ipVersion)) {
    p.type = 'carp';
    p.carp = decodeCarp(b, l.l4, l.l4End - l.l4, l.l4Complete && !l.fragment);
  } else if (l.proto === IPPROTO_VRRP) {
    p.type = 'vrrp';
    const d = decodeAdvert(b, l.l4, l.l4End - l.l4, {
      family: v6 ? 'ipv6' : 'ipv4',
      src: b.subarray(l.src, l.src + (v6 ? 16 : 4)),
      dst: b.subarray(l.dst, l.dst + (v6 ? 16 : 4)),
      complete: l.l4Complete && !l.fragment,
    });
    if (d.ok) p.vrrp = d.fields;
  } else if (l.proto === IPPROTO_ICMPV6) {
    p.type = 'ndp';
    let mac = p.srcMac ?? '';
    for (let q = l.l4 + 24; q + 8 <= l.l4End && b[q + 1] > 0; q += b[q + 1] * 8)
      if (b[q] === 2) mac = formatMac(b, q + 2);
    p.announce = { address: formatIPv6(b, l.l4 + 8), mac, gratuitous: (b[l.l4 + 4] & 0x40) === 0 };
  }
  return p;
}
