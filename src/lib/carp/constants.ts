/**
 * CARP protocol constants (OpenBSD/FreeBSD netinet/ip_carp.h; ucarp's carp_p.h), as Wireshark's
 * packet-carp.c reads them. CARP shares IP protocol 112 and group 224.0.0.18 with VRRP
 * (net/numbers.ts IPPROTO_VRRP, vrrp/constants.ts).
 */

export const CARP_VERSION = 2;
export const CARP_TYPE_ADVERTISEMENT = 1;
/** carp_authlen: the counter and the HMAC in 32-bit words (8 + 20 bytes). */
export const CARP_AUTHLEN = 7;
/** The whole CARP header: 8 fixed bytes, checksum included, an 8-byte counter, a 20-byte SHA-1 HMAC. */
export const CARP_HEADER_BYTES = 36;
export const CARP_COUNTER_BYTES = 8;
export const CARP_HMAC_BYTES = 20;
/** CARP_DFLTINTV: advbase, in seconds. */
export const CARP_DEFAULT_ADVBASE = 1;
/** ucarp's DEFAULT_DEAD_RATIO (and the kernel's fixed 3): a backup waits 3 intervals. */
export const CARP_DEAD_RATIO = 3;
/** advskew is in 1/256 s. */
export const CARP_SKEW_UNITS_PER_S = 256;

/** Meanings of carp.type (Wireshark's carp_type_vals). */
export const CARP_TYPE_MEANINGS: Record<number, string> = { 1: 'Advertisement' };

/** The HMAC is keyed with the passphrase, which is never on the wire. */
export const CARP_HMAC_UNVERIFIABLE = 'cannot be verified without the passphrase';
