/**
 * What keepalived 2.2.7 makes of a CARP advert that reaches it. CARP shares IP protocol 112 and the
 * group 224.0.0.18 with VRRP, so keepalived's raw socket reads ucarp's adverts as VRRP: the CARP header
 * bytes sit where the VRRP ones are (version 2, type 1; vhid as the VRID; advskew as the priority;
 * carp_authlen as the address count; carp_demote as the auth type; advbase as the interval).
 *
 * vrrp_scheduler.c:vrrp_dispatcher_read() looks the VRID up among the instances of the socket and hands
 * the packet to the instance of that VRID (§1.10 steps 1–3), whose vrrp_check_packet() then refuses it
 * at its length check (§1.10 #2): 56 bytes where 7 addresses and the v2 auth data make 64. Refused, it
 * still counts as a packet handed over: a MASTER's advert deadline restarts (§2.11), a BACKUP keeps its
 * deadline (§2.5). That is why, in captures/carp/ucarp-keepalived, keepalived's master n1 sent nothing
 * while u1's CARP adverts for vhid 7 came every second (README, "Supported implementations").
 */
import { CARP_AUTHLEN, CARP_HEADER_BYTES, CARP_VERSION } from '../carp/constants';
import { parseIPv4 } from '../net/address';
import { IPV4_MIN_HEADER_BYTES } from '../net/headers';
import { US_PER_S } from '../trace/time';
import { US_PER_CS, VRRP_MCAST_V4 } from '../vrrp/constants';
import { VRRP_HEADER_BYTES, VRRP_V2_AUTH_BYTES } from '../vrrp/fields';
import type { AdvertOnWire, CarpOnWire } from './types';

/** ucarp sends no IP options (carp.c carp_send_ad) and never a demotion (carp_demote 0). */
const CARP_IP_BYTES = IPV4_MIN_HEADER_BYTES + CARP_HEADER_BYTES;
const UCARP_DEMOTE = 0;

/**
 * The advert keepalived reads from a CARP frame, or null when its socket never sees it: only a CARP
 * advert sent to VRRP's group reaches the group keepalived joined (ucarp --mcast can pick another).
 */
export function carpAsVrrp(f: CarpOnWire): AdvertOnWire | null {
  if (f.dst !== VRRP_MCAST_V4) return null;
  const srcBytes = parseIPv4(f.src);
  if (!srcBytes) return null;
  // expected_vrrp_pkt_len(): the VRRP header, v2's auth data, and one IPv4 address per "naddr".
  const expected = IPV4_MIN_HEADER_BYTES + VRRP_HEADER_BYTES + VRRP_V2_AUTH_BYTES + CARP_AUTHLEN * 4;
  return {
    kind: 'vrrp',
    packet: f.packet,
    fromNode: f.fromNode,
    iface: f.iface,
    family: 'ipv4',
    vrid: f.vhid,
    version: CARP_VERSION,
    priority: f.advskew,
    intervalCs: (f.advbase * US_PER_S) / US_PER_CS,
    vips: [],
    authType: UCARP_DEMOTE,
    authPass: '',
    ttl: f.ttl,
    src: f.src,
    srcBytes,
    dst: f.dst,
    multicast: true,
    length: { received: CARP_IP_BYTES, expected },
  };
}
