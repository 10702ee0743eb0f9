/**
 * The CARP field table: Wireshark's `carp.*` names (packet-carp.c), offsets from the start of the CARP
 * header. The decoder (wire.ts) and the packet-detail tree both read from it.
 *
 *  0       1       2       3
 * +-------+-------+-------+-------+
 * |Ver|Typ| VHID  |AdvSkew|AuthLen|
 * +-------+-------+-------+-------+
 * |Demote |AdvBase| Checksum      |
 * +-------+-------+-------+-------+
 * | Counter (64 bits)             |
 * +-------------------------------+
 * | HMAC (SHA-1, 20 bytes)        |
 * +-------------------------------+
 */
import { defineField, type FieldSpec } from '../net/field';
import { CARP_HMAC_BYTES, CARP_TYPE_MEANINGS } from './constants';

const f = (
  filter: string,
  label: string,
  kind: FieldSpec['kind'],
  offset: number,
  size: number,
  extra: Partial<FieldSpec> = {},
): FieldSpec => defineField({ key: filter, filter, label, kind, offset, size, ...extra });

export const CARP = {
  typever: f('carp.typever', 'CARP message version and type', 'uint', 0, 1),
  version: f('carp.version', 'CARP protocol version', 'uint', 0, 1, { mask: 0xf0 }),
  type: f('carp.type', 'CARP packet type', 'uint', 0, 1, { mask: 0x0f, meanings: CARP_TYPE_MEANINGS }),
  vhid: f('carp.vhid', 'Virtual Host ID', 'uint', 1, 1),
  advskew: f('carp.advskew', 'Advertisement Skew', 'uint', 2, 1, { unit: '/256 s' }),
  authlen: f('carp.authlen', 'Auth Len', 'uint', 3, 1, { unit: '× 4 bytes' }),
  demotion: f('carp.demotion', 'Demotion indicator', 'uint', 4, 1),
  advbase: f('carp.adver_int', 'Adver Int', 'uint', 5, 1, { unit: 's' }),
  checksum: f('carp.checksum', 'Checksum', 'hex', 6, 2),
  /** 64 bits: read by the decoder as a BigInt (FieldSpec reads at most 32). */
  counter: f('carp.counter', 'Counter', 'bytes', 8, 8),
  hmac: f('carp.hmac', 'HMAC', 'bytes', 16, CARP_HMAC_BYTES),
};
