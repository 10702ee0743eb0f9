/**
 * The protocol numbers every layer shares: Ethernet types (IEEE 802), IP protocol / IPv6 next-header
 * numbers (IANA) and the pcap link type of an Ethernet frame. Defined once here; the frame builders
 * (vrrp/wire.ts), the capture layout walk (pcap/layout.ts) and the field tables all read them.
 */

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
/** 802.1Q customer tag. */
export const ETHERTYPE_VLAN = 0x8100;
/** 802.1ad service tag (Q-in-Q). */
export const ETHERTYPE_QINQ = 0x88a8;
/** The pre-standard Q-in-Q TPID some switches still send. */
export const ETHERTYPE_QINQ_OLD = 0x9100;

/** Ethernet types by name, as Wireshark shows them. */
export const ETHER_TYPES: Record<number, string> = {
  [ETHERTYPE_IPV4]: 'IPv4',
  [ETHERTYPE_ARP]: 'ARP',
  [ETHERTYPE_IPV6]: 'IPv6',
  [ETHERTYPE_VLAN]: '802.1Q Virtual LAN',
  [ETHERTYPE_QINQ]: '802.1ad Provider Bridge (Q-in-Q)',
  [ETHERTYPE_QINQ_OLD]: 'QinQ (old)',
};

export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_AH = 51;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;
export const IPPROTO_VRRP = 112;

/** IP protocol numbers by name, as Wireshark shows them. */
export const IP_PROTOCOLS: Record<number, string> = {
  [IPPROTO_HOPOPTS]: 'IPv6 Hop-by-Hop Option',
  [IPPROTO_ROUTING]: 'Routing Header for IPv6',
  [IPPROTO_FRAGMENT]: 'Fragment Header for IPv6',
  [IPPROTO_AH]: 'Authentication Header',
  [IPPROTO_ICMPV6]: 'ICMPv6',
  [IPPROTO_NONE]: 'No Next Header for IPv6',
  [IPPROTO_DSTOPTS]: 'Destination Options for IPv6',
  [IPPROTO_VRRP]: 'VRRP',
};

/** pcap LINKTYPE_ETHERNET: the link type of every frame the simulator builds. */
export const LINKTYPE_ETHERNET = 1;
