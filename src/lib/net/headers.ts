/**
 * The field tables of the network layers between a link header and VRRP: IPv4, IPv6 and its
 * extension headers, AH, ARP and ICMPv6 neighbour advertisements (docs/vrrp-behaviour.md §1, §5.3).
 * Names follow Wireshark's display filters; offsets are from the start of each layer.
 */
import { field as f } from './field';
import { ETHER_TYPES, IP_PROTOCOLS } from './numbers';

export const IPV4 = {
  version: f('ip.version', 'Version', 'uint', 0, 1, { mask: 0xf0 }),
  hdrLen: f('ip.hdr_len', 'Header Length', 'uint', 0, 1, { mask: 0x0f, unit: '× 4 bytes' }),
  dsfield: f('ip.dsfield', 'Differentiated Services Field', 'hex', 1, 1),
  len: f('ip.len', 'Total Length', 'uint', 2, 2, { unit: 'bytes' }),
  id: f('ip.id', 'Identification', 'hex', 4, 2),
  flags: f('ip.flags', 'Flags', 'hex', 6, 1, { mask: 0xe0 }),
  df: f('ip.flags.df', "Don't fragment", 'bool', 6, 1, { mask: 0x40 }),
  mf: f('ip.flags.mf', 'More fragments', 'bool', 6, 1, { mask: 0x20 }),
  fragOffset: f('ip.frag_offset', 'Fragment Offset', 'uint', 6, 2, { mask: 0x1fff, unit: '× 8 bytes' }),
  ttl: f('ip.ttl', 'Time to Live', 'uint', 8, 1),
  proto: f('ip.proto', 'Protocol', 'uint', 9, 1, { meanings: IP_PROTOCOLS }),
  checksum: f('ip.checksum', 'Header Checksum', 'hex', 10, 2),
  src: f('ip.src', 'Source Address', 'ipv4', 12, 4),
  dst: f('ip.dst', 'Destination Address', 'ipv4', 16, 4),
};
export const IPV4_MIN_HEADER_BYTES = 20;

export const IPV6 = {
  version: f('ipv6.version', 'Version', 'uint', 0, 1, { mask: 0xf0 }),
  tclass: f('ipv6.tclass', 'Traffic Class', 'hex', 0, 2, { mask: 0x0ff0 }),
  flow: f('ipv6.flow', 'Flow Label', 'hex', 1, 3, { mask: 0x0fffff }),
  plen: f('ipv6.plen', 'Payload Length', 'uint', 4, 2, { unit: 'bytes' }),
  nxt: f('ipv6.nxt', 'Next Header', 'uint', 6, 1, { meanings: IP_PROTOCOLS }),
  hlim: f('ipv6.hlim', 'Hop Limit', 'uint', 7, 1),
  src: f('ipv6.src', 'Source Address', 'ipv6', 8, 16),
  dst: f('ipv6.dst', 'Destination Address', 'ipv6', 24, 16),
};
export const IPV6_HEADER_BYTES = 40;

/** A generic IPv6 extension header (hop-by-hop, routing, destination options). */
export const IPV6_EXT = {
  nxt: f('ipv6.opt.nxt', 'Next Header', 'uint', 0, 1, { meanings: IP_PROTOCOLS }),
  len: f('ipv6.opt.len', 'Length', 'uint', 1, 1, { unit: '× 8 bytes, not counting the first 8' }),
};

/** IPsec Authentication Header (RFC4302; keepalived's `auth_type AH`, §1.6). */
export const AH = {
  nxt: f('ah.next_header', 'Next header', 'uint', 0, 1, { meanings: IP_PROTOCOLS }),
  len: f('ah.length', 'Length', 'uint', 1, 1, { unit: '× 4 bytes, minus 2' }),
  spi: f('ah.spi', 'AH SPI', 'hex', 4, 4),
  seq: f('ah.sequence', 'AH Sequence', 'uint', 8, 4),
};

export const ARP_OPCODES: Record<number, string> = { 1: 'request', 2: 'reply' };

export const ARP = {
  htype: f('arp.hw.type', 'Hardware type', 'uint', 0, 2, { meanings: { 1: 'Ethernet' } }),
  ptype: f('arp.proto.type', 'Protocol type', 'hex', 2, 2, { meanings: ETHER_TYPES }),
  hlen: f('arp.hw.size', 'Hardware size', 'uint', 4, 1),
  plen: f('arp.proto.size', 'Protocol size', 'uint', 5, 1),
  opcode: f('arp.opcode', 'Opcode', 'uint', 6, 2, { meanings: ARP_OPCODES }),
  sha: f('arp.src.hw_mac', 'Sender MAC address', 'mac', 8, 6),
  spa: f('arp.src.proto_ipv4', 'Sender IP address', 'ipv4', 14, 4),
  tha: f('arp.dst.hw_mac', 'Target MAC address', 'mac', 18, 6),
  tpa: f('arp.dst.proto_ipv4', 'Target IP address', 'ipv4', 24, 4),
};
export const ARP_IPV4_BYTES = 28;

export const ICMPV6_TYPES: Record<number, string> = {
  133: 'Router Solicitation',
  134: 'Router Advertisement',
  135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement',
};

/** ICMPv6 neighbour advertisement (RFC4861 §4.4; §5.3 unsolicited NA). */
export const ICMPV6_NA = {
  type: f('icmpv6.type', 'Type', 'uint', 0, 1, { meanings: ICMPV6_TYPES }),
  code: f('icmpv6.code', 'Code', 'uint', 1, 1),
  checksum: f('icmpv6.checksum', 'Checksum', 'hex', 2, 2),
  router: f('icmpv6.nd.na.flag.r', 'Router', 'bool', 4, 1, { mask: 0x80 }),
  solicited: f('icmpv6.nd.na.flag.s', 'Solicited', 'bool', 4, 1, { mask: 0x40 }),
  override: f('icmpv6.nd.na.flag.o', 'Override', 'bool', 4, 1, { mask: 0x20 }),
  target: f('icmpv6.nd.na.target_address', 'Target Address', 'ipv6', 8, 16),
};
export const ICMPV6_NA_BYTES = 24;
/** An NDP option (type, length in 8-byte units), then for type 2 the target link-layer address. */
export const NDP_OPT = {
  type: f('icmpv6.opt.type', 'Type', 'uint', 0, 1, {
    meanings: { 1: 'Source link-layer address', 2: 'Target link-layer address' },
  }),
  len: f('icmpv6.opt.length', 'Length', 'uint', 1, 1, { unit: '× 8 bytes' }),
  linkaddr: f('icmpv6.opt.linkaddr', 'Link-layer address', 'mac', 2, 6),
};
