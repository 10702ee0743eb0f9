/**
 * The Internet checksum (RFC1071) and the pseudo-headers VRRP uses (docs/vrrp-behaviour.md §1.7).
 */

/** One's complement sum of 16-bit big-endian words, not yet complemented or folded. */
export function onesComplementSum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (i < end) sum += bytes[i] << 8;
  return sum;
}

export function foldChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return foldChecksum(onesComplementSum(bytes, start, end));
}

/** Sum of the IPv4 pseudo-header (src, dst, zero, protocol, length) that VRRPv3 over IPv4 includes. */
export function ipv4PseudoHeaderSum(
  src: Uint8Array,
  dst: Uint8Array,
  protocol: number,
  length: number,
): number {
  return onesComplementSum(src, 0, 4) + onesComplementSum(dst, 0, 4) + protocol + length;
}

/** Sum of the IPv6 pseudo-header (RFC2460 §8.1): src, dst, 32-bit length, next header. */
export function ipv6PseudoHeaderSum(
  src: Uint8Array,
  dst: Uint8Array,
  nextHeader: number,
  length: number,
): number {
  return (
    onesComplementSum(src, 0, 16) +
    onesComplementSum(dst, 0, 16) +
    Math.floor(length / 0x10000) +
    (length & 0xffff) +
    nextHeader
  );
}
