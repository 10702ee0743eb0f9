/**
 * The VRRP header's field table, shared by the advert codec (advert.ts), the capture indexer and
 * the packet-detail tree. Names follow Wireshark's display filters (`vrrp.*`).
 */
import { field as f } from '../net/field';
import { AUTH_TYPE_MEANINGS, PRIORITY_MEANINGS } from './constants';

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
