/**
 * The field tables of every layer vrrpscope decodes. Names follow Wireshark's display filters, so a
 * tree built from these tables can be compared with `tshark -T fields` one name at a time.
 * Offsets are from the start of each layer (docs/vrrp-behaviour.md §1, §5.3).
 */
import { AUTH_TYPE_MEANINGS, PRIORITY_MEANINGS } from '../vrrp/constants';
import { defineField, type FieldSpec } from './field';

const f = (
  filter: string,
  label: string,
  kind: FieldSpec['kind'],
  offset: number,
  size: number,
  extra: Partial<FieldSpec> = {},
): FieldSpec => defineField({ key: filter, filter, label, kind, offset, size, ...extra });

export const ETHER_TYPES: Record<number, string> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q Virtual LAN',
  0x88a8: '802.1ad Provider Bridge (Q-in-Q)',
  0x9100: 'QinQ (old)',
};

export const IP_PROTOCOLS: Record<number, string> = {
  0: 'IPv6 Hop-by-Hop Option',
  43: 'Routing Header for IPv6',
  44: 'Fragment Header for IPv6',
  51: 'Authentication Header',
  58: 'ICMPv6',
  59: 'No Next Header for IPv6',
  60: 'Destination Options for IPv6',
  112: 'VRRP',
};

export const ETH = {
  dst: f('eth.dst', 'Destination', 'mac', 0, 6),
  src: f('eth.src', 'Source', 'mac', 6, 6),
  type: f('eth.type', 'Type', 'hex', 12, 2, { meanings: ETHER_TYPES }),
};
export const ETH_HEADER_BYTES = 14;

/** One 802.1Q / 802.1ad tag, offsets from the TCI (the 2 bytes after the tag's TPID). */
export const VLAN = {
  priority: f('vlan.priority', 'Priority', 'uint', 0, 2, { mask: 0xe000 }),
  dei: f('vlan.dei', 'DEI', 'uint', 0, 2, { mask: 0x1000 }),
  id: f('vlan.id', 'ID', 'uint', 0, 2, { mask: 0x0fff }),
  etype: f('vlan.etype', 'Type', 'hex', 2, 2, { meanings: ETHER_TYPES }),
};
export const VLAN_TAG_BYTES = 4;
/** An 802.1ad (S-tag, TPID 0x88a8) tag: Wireshark names it ieee8021ad. */
export const QINQ_STAG = {
  priority: f('ieee8021ad.priority', 'Priority', 'uint', 0, 2, { mask: 0xe000 }),
  dei: f('ieee8021ad.dei', 'DEI', 'uint', 0, 2, { mask: 0x1000 }),
  id: f('ieee8021ad.id', 'ID', 'uint', 0, 2, { mask: 0x0fff }),
  etype: f('vlan.etype', 'Type', 'hex', 2, 2, { meanings: ETHER_TYPES }),
};

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 16 bytes). */
export const SLL = {
  pkttype: f('sll.pkttype', 'Packet type', 'uint', 0, 2),
  hatype: f('sll.hatype', 'Link-layer address type', 'uint', 2, 2),
  halen: f('sll.halen', 'Link-layer address length', 'uint', 4, 2),
  src: f('sll.src.eth', 'Source', 'mac', 6, 6),
  etype: f('sll.etype', 'Protocol', 'hex', 14, 2, { meanings: ETHER_TYPES }),
};
export const SLL_HEADER_BYTES = 16;

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 20 bytes). */
export const SLL2 = {
  etype: f('sll.etype', 'Protocol', 'hex', 0, 2, { meanings: ETHER_TYPES }),
  ifindex: f('sll.ifindex', 'Interface index', 'uint', 4, 4),
  hatype: f('sll.hatype', 'Link-layer address type', 'uint', 8, 2),
  pkttype: f('sll.pkttype', 'Packet type', 'uint', 10, 1),
  halen: f('sll.halen', 'Link-layer address length', 'uint', 11, 1),
  src: f('sll.src.eth', 'Source', 'mac', 12, 6),
};
export const SLL2_HEADER_BYTES = 20;

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

/** The fixed 8 bytes of a VRRP header (RFC3768 §5.1, RFC5798 §5.1; §1.2–§1.4). */
export const VRRP = {
  version: f('vrrp.version', 'Version', 'uint', 0, 1, { mask: 0xf0 }),
  type: f('vrrp.type', 'Packet type', 'uint', 0, 1, { mask: 0x0f, meanings: { 1: 'Advertisement' } }),
  vrid: f('vrrp.virt_rtr_id', 'Virtual Rtr ID', 'uint', 1, 1),
  prio: f('vrrp.prio', 'Priority', 'uint', 2, 1, { meanings: PRIORITY_MEANINGS }),
  addrCount: f('vrrp.addr_count', 'Addr Count', 'uint', 3, 1),
  /** v2 only. */
  authType: f('vrrp.auth_type', 'Auth Type', 'uint', 4, 1, { meanings: AUTH_TYPE_MEANINGS }),
  /** v2 only, whole seconds. */
  adverInt: f('vrrp.adver_int', 'Adver Int', 'uint', 5, 1, { unit: 's' }),
  /** v3 only. */
  reserved: f('vrrp.reserved_mbz', 'Reserved', 'uint', 4, 1, { mask: 0xf0 }),
  /** v3 only, centiseconds. */
  shortAdverInt: f('vrrp.short_adver_int', 'Adver Int', 'uint', 4, 2, { mask: 0x0fff, unit: 'cs' }),
  checksum: f('vrrp.checksum', 'Checksum', 'hex', 6, 2),
};
export const VRRP_HEADER_BYTES = 8;
export const VRRP_V2_AUTH_BYTES = 8;
/** Field specs of the variable part, located by the decoder. */
export const VRRP_VAR = {
  ip: f('vrrp.ip_addr', 'IP Address', 'ipv4', 0, 4),
  ipv6: f('vrrp.ipv6_addr', 'IPv6 Address', 'ipv6', 0, 16),
  authString: f('vrrp.auth_string', 'Authentication String', 'string', 0, 8),
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

/** BSD loopback / null: a 4-byte address family (host order for NULL, network order for LOOP). */
export const NULL_HEADER = {
  family: f('null.family', 'Family', 'uint', 0, 4, {
    meanings: { 2: 'IP', 24: 'IPv6', 28: 'IPv6', 30: 'IPv6' },
  }),
};
