/**
 * keepalived 2.4's `auth_hmac` trailer (keepalived/include/vrrp_auth_hmac.h `vrrp_auth_ext_t`,
 * vrrp_auth_hmac.c, vrrp.c): 28 bytes appended right after the VRRP PDU (v2: after its 8 auth bytes),
 * found by length alone (IP payload = PDU + 28). Not a Wireshark protocol: the names below are
 * vrrpscope's. The HMAC is keyed, so it cannot be verified here.
 */
import { defineField, type FieldSpec } from '../net/field';

export const AUTH_EXT_BYTES = 28;
/** VRRP_AUTH_HMAC_TYPE_SHA256: HMAC-SHA256 truncated to 128 bits. */
export const AUTH_EXT_HMAC_SHA256 = 1;

const f = (key: string, label: string, kind: FieldSpec['kind'], offset: number, size: number): FieldSpec =>
  defineField({ key, filter: key, label, kind, offset, size });

export const AUTH_EXT = {
  type: f('vrrp.auth_ext.type', 'Extension type', 'uint', 0, 1),
  keyId: f('vrrp.auth_ext.key_id', 'Key ID', 'uint', 1, 1),
  reserved: f('vrrp.auth_ext.reserved', 'Reserved', 'hex', 2, 2),
  sec: f('vrrp.auth_ext.sec', 'Timestamp (UTC seconds)', 'uint', 4, 4),
  subsec: f('vrrp.auth_ext.subsec', 'Subseconds (1/65536 s)', 'uint', 8, 2),
  ctr: f('vrrp.auth_ext.ctr', 'Counter', 'uint', 10, 2),
  hmac: f('vrrp.auth_ext.hmac', 'HMAC-SHA256/128', 'bytes', 12, 16),
};

/** True when the `extra` bytes after a VRRP PDU at `at` are exactly one HMAC-SHA256 trailer. */
export function hasAuthTrailer(bytes: Uint8Array, at: number, extra: number): boolean {
  return extra === AUTH_EXT_BYTES && bytes[at] === AUTH_EXT_HMAC_SHA256;
}
