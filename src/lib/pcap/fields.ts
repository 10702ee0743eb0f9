/**
 * The field tables of the link layers a capture file can hold (Ethernet, VLAN tags, Linux cooked,
 * BSD null). The network layers are in net/headers.ts, VRRP's in vrrp/fields.ts. Names follow
 * Wireshark's display filters, so a tree built from these tables can be compared with
 * `tshark -T fields` one name at a time. Offsets are from the start of each layer.
 */
import { field as f } from '../net/field';
import { ETHER_TYPES } from '../net/numbers';

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

/** BSD loopback / null: a 4-byte address family (host order for NULL, network order for LOOP). */
export const NULL_HEADER = {
  family: f('null.family', 'Family', 'uint', 0, 4, {
    meanings: { 2: 'IP', 24: 'IPv6', 28: 'IPv6', 30: 'IPv6' },
  }),
};
