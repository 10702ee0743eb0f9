/**
 * Finds the layers of one captured frame — link header, VLAN tags, IPv4/IPv6 with options and
 * extension headers, AH — and records where each starts. It allocates nothing: the caller passes a
 * reusable `FrameLayout`, so the hot loop over millions of frames stays allocation-free. The field
 * tables (fields.ts) give every offset it reads.
 */
import { fieldUint } from '../net/field';
import { AH, IPV4, IPV4_MIN_HEADER_BYTES, IPV6, IPV6_EXT, IPV6_HEADER_BYTES } from '../net/headers';
import {
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  ETHERTYPE_QINQ,
  ETHERTYPE_QINQ_OLD,
  ETHERTYPE_VLAN,
  IPPROTO_AH,
  IPPROTO_DSTOPTS,
  IPPROTO_FRAGMENT,
  IPPROTO_HOPOPTS,
  IPPROTO_ROUTING,
} from '../net/numbers';
import {
  ETH,
  ETH_HEADER_BYTES,
  SLL,
  SLL2,
  SLL2_HEADER_BYTES,
  SLL_HEADER_BYTES,
  VLAN,
  VLAN_TAG_BYTES,
} from './fields';
import * as LT from './linktype';

/** 802.1Q, 802.1ad and the old QinQ TPID (compared as numbers: no Set lookup per frame). */
const isVlanTpid = (type: number) =>
  type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD;
export const MAX_EXT_HEADERS = 8;

/** Where the layers of one frame start. Offsets are into the frame; -1 means absent. */
export interface FrameLayout {
  linkType: number;
  /** Where the frame's captured bytes end (its length when the frame starts at 0). */
  end: number;
  macSrc: number;
  macDst: number;
  /** Offset of the first VLAN TCI (tags are contiguous, 4 bytes apart) and their number. */
  vlanTci: number;
  vlanCount: number;
  /** Ethertype of the network layer (0 when unknown). */
  etherType: number;
  net: number;
  ipVersion: 0 | 4 | 6;
  ipHeaderLen: number;
  /** Offsets of the source and destination addresses. */
  src: number;
  dst: number;
  ttl: number;
  /** The upper-layer protocol after extension headers and AH. */
  proto: number;
  /** IPv6 extension headers (and AH) in order: offsets and their header type. */
  extCount: number;
  extOffsets: Int32Array;
  extTypes: Int32Array;
  /** Offset of an AH header, -1 if none. */
  ah: number;
  /** The upper-layer payload: start, and its end as declared by the IP length (clipped to `end`). */
  l4: number;
  l4End: number;
  /** False when the IP datagram was cut by the snap length. */
  l4Complete: boolean;
  /** Fragmented datagram: MF set or a non-zero offset (only the first fragment has the header). */
  fragment: boolean;
  firstFragment: boolean;
  /** A problem that stopped decoding: a stable code, and the offset where it was found. */
  error: string;
  errorAt: number;
}

export function newLayout(): FrameLayout {
  return {
    linkType: 0,
    end: 0,
    macSrc: -1,
    macDst: -1,
    vlanTci: -1,
    vlanCount: 0,
    etherType: 0,
    net: -1,
    ipVersion: 0,
    ipHeaderLen: 0,
    src: -1,
    dst: -1,
    ttl: 0,
    proto: -1,
    extCount: 0,
    extOffsets: new Int32Array(MAX_EXT_HEADERS),
    extTypes: new Int32Array(MAX_EXT_HEADERS),
    ah: -1,
    l4: -1,
    l4End: -1,
    l4Complete: false,
    fragment: false,
    firstFragment: true,
    error: '',
    errorAt: 0,
  };
}

function reset(l: FrameLayout, linkType: number, end: number): void {
  l.linkType = linkType;
  l.end = end;
  l.macSrc = l.macDst = l.vlanTci = l.net = l.src = l.dst = l.proto = l.ah = l.l4 = l.l4End = -1;
  l.vlanCount = l.etherType = l.ipHeaderLen = l.ttl = l.extCount = l.errorAt = 0;
  l.ipVersion = 0;
  l.l4Complete = l.fragment = false;
  l.firstFragment = true;
  l.error = '';
}

function fail(l: FrameLayout, code: string, at: number): false {
  l.error = code;
  l.errorAt = at;
  return false;
}

/**
 * Fills `l` for the frame `bytes[start, end)` (offsets in `l`, `errorAt` included, are then indexes
 * into `bytes`). Returns false (with `l.error`) when the frame stops early.
 */
export function layoutFrame(
  bytes: Uint8Array,
  end: number,
  linkType: number,
  l: FrameLayout,
  start = 0,
): boolean {
  reset(l, linkType, end);
  if (!linkLayer(bytes, start, end, linkType, l)) return false;
  if (l.etherType === ETHERTYPE_IPV4) return ipv4(bytes, l);
  if (l.etherType === ETHERTYPE_IPV6) return ipv6(bytes, l);
  return true;
}

function linkLayer(bytes: Uint8Array, s: number, end: number, linkType: number, l: FrameLayout): boolean {
  switch (linkType) {
    case LT.LINKTYPE_ETHERNET:
      return ethernet(bytes, s, end, l);
    case LT.LINKTYPE_LINUX_SLL:
      if (end - s < SLL_HEADER_BYTES) return fail(l, 'frame.truncated-link-header', s);
      if (fieldUint(bytes, s, SLL.halen) === 6) l.macSrc = s + SLL.src.offset;
      l.etherType = fieldUint(bytes, s, SLL.etype);
      l.net = s + SLL_HEADER_BYTES;
      return true;
    case LT.LINKTYPE_LINUX_SLL2:
      if (end - s < SLL2_HEADER_BYTES) return fail(l, 'frame.truncated-link-header', s);
      if (fieldUint(bytes, s, SLL2.halen) === 6) l.macSrc = s + SLL2.src.offset;
      l.etherType = fieldUint(bytes, s, SLL2.etype);
      l.net = s + SLL2_HEADER_BYTES;
      return true;
    case LT.LINKTYPE_NULL:
    case LT.LINKTYPE_LOOP:
      return nullHeader(bytes, s, end, linkType, l);
    case LT.LINKTYPE_RAW:
    case LT.LINKTYPE_RAW_12:
    case LT.LINKTYPE_RAW_14:
      if (end - s < 1) return fail(l, 'frame.truncated-link-header', s);
      return rawIp(bytes[s] >> 4, s, l);
    case LT.LINKTYPE_FRELAY:
      return frameRelay(bytes, s, end, l);
    case LT.LINKTYPE_IPV4:
      return rawIp(4, s, l);
    case LT.LINKTYPE_IPV6:
      return rawIp(6, s, l);
    default:
      return fail(l, 'frame.unsupported-link-type', s);
  }
}

/** Q.933 NLPIDs of the protocols we decode after a Frame Relay UI header (RFC 2427). */
const NLPID_IPV4 = 0xcc;
const NLPID_IPV6 = 0x8e;
const NLPID_SNAP = 0x80;
const FR_CONTROL_UI = 0x03;

/**
 * Frame Relay (LINKTYPE_FRELAY): a Q.922 address of 2–4 octets (the last has EA = 1), then either
 * RFC 2427's UI control + NLPID (IPv4, IPv6 or SNAP with an ethertype) or, as Wireshark also
 * accepts, a Cisco-style 2-byte ethertype.
 */
function frameRelay(bytes: Uint8Array, s: number, end: number, l: FrameLayout): boolean {
  let at = s;
  while (at < end && at < s + 4 && (bytes[at] & 1) === 0) at++;
  at++;
  if (at < s + 2 || at > s + 4 || at + 2 > end) return fail(l, 'frame.truncated-link-header', s);
  if (bytes[at] !== FR_CONTROL_UI) {
    l.etherType = (bytes[at] << 8) | bytes[at + 1];
    l.net = at + 2;
    return true;
  }
  at++;
  if (bytes[at] === 0) at++; // optional padding octet before the NLPID
  if (at >= end) return fail(l, 'frame.truncated-link-header', at);
  const nlpid = bytes[at];
  if (nlpid === NLPID_SNAP) {
    if (at + 6 > end) return fail(l, 'frame.truncated-link-header', at);
    l.etherType = (bytes[at + 4] << 8) | bytes[at + 5];
    l.net = at + 6;
  } else {
    l.etherType = nlpid === NLPID_IPV4 ? ETHERTYPE_IPV4 : nlpid === NLPID_IPV6 ? ETHERTYPE_IPV6 : 0;
    l.net = at + 1;
  }
  return true;
}

function rawIp(version: number, s: number, l: FrameLayout): boolean {
  l.net = s;
  l.etherType = version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
  return true;
}

const ETH_TYPE_AT = ETH.type.offset;

function ethernet(bytes: Uint8Array, s: number, end: number, l: FrameLayout): boolean {
  if (end - s < ETH_HEADER_BYTES) return fail(l, 'frame.truncated-link-header', s);
  l.macDst = s + ETH.dst.offset;
  l.macSrc = s + ETH.src.offset;
  let at = s + ETH_TYPE_AT;
  let type = (bytes[at] << 8) | bytes[at + 1];
  while (isVlanTpid(type)) {
    if (l.vlanCount === 0) l.vlanTci = at + 2;
    if (at + 2 + VLAN_TAG_BYTES > end) return fail(l, 'frame.truncated-link-header', at);
    l.vlanCount++;
    type = fieldUint(bytes, at + 2, VLAN.etype);
    at += VLAN_TAG_BYTES;
  }
  l.etherType = type;
  l.net = at + 2;
  return true;
}

/** BSD loopback: the family is in host order for NULL (guess the order), network order for LOOP. */
function nullHeader(bytes: Uint8Array, s: number, end: number, linkType: number, l: FrameLayout): boolean {
  if (end - s < 4) return fail(l, 'frame.truncated-link-header', s);
  const be = ((bytes[s] << 24) | (bytes[s + 1] << 16) | (bytes[s + 2] << 8) | bytes[s + 3]) >>> 0;
  const le = ((bytes[s + 3] << 24) | (bytes[s + 2] << 16) | (bytes[s + 1] << 8) | bytes[s]) >>> 0;
  const family = linkType === LT.LINKTYPE_LOOP || be <= 0xffff ? be : le;
  l.net = s + 4;
  l.etherType =
    family === 2 ? ETHERTYPE_IPV4 : family === 24 || family === 28 || family === 30 ? ETHERTYPE_IPV6 : 0;
  return true;
}

const V4_VERSION_AT = IPV4.version.offset;
const V4_VERSION_MASK = IPV4.version.mask ?? 0xff;
const V4_VERSION_SHIFT = IPV4.version.shift ?? 0;
const V4_HLEN_AT = IPV4.hdrLen.offset;
const V4_HLEN_MASK = IPV4.hdrLen.mask ?? 0xff;
const V4_HLEN_SHIFT = IPV4.hdrLen.shift ?? 0;
const V4_LEN_AT = IPV4.len.offset;
const V4_MF_AT = IPV4.mf.offset;
const V4_MF_MASK = IPV4.mf.mask ?? 0xff;
const V4_FRAG_AT = IPV4.fragOffset.offset;
const V4_FRAG_MASK = IPV4.fragOffset.mask ?? 0xffff;

function ipv4(bytes: Uint8Array, l: FrameLayout): boolean {
  const at = l.net;
  if (at + IPV4_MIN_HEADER_BYTES > l.end) return fail(l, 'ip.truncated-header', at);
  // Offsets and masks hoisted from the table: this runs for every frame.
  if ((bytes[at + V4_VERSION_AT] & V4_VERSION_MASK) >>> V4_VERSION_SHIFT !== 4)
    return fail(l, 'ip.bad-version', at);
  const hlen = ((bytes[at + V4_HLEN_AT] & V4_HLEN_MASK) >>> V4_HLEN_SHIFT) * 4;
  const total = (bytes[at + V4_LEN_AT] << 8) | bytes[at + V4_LEN_AT + 1];
  if (hlen < IPV4_MIN_HEADER_BYTES || total < hlen) return fail(l, 'ip.bad-header-length', at);
  if (at + hlen > l.end) return fail(l, 'ip.truncated-header', at);
  l.ipVersion = 4;
  l.ipHeaderLen = hlen;
  l.src = at + IPV4.src.offset;
  l.dst = at + IPV4.dst.offset;
  l.ttl = bytes[at + IPV4.ttl.offset];
  l.proto = bytes[at + IPV4.proto.offset];
  const fragOffset = ((bytes[at + V4_FRAG_AT] << 8) | bytes[at + V4_FRAG_AT + 1]) & V4_FRAG_MASK;
  l.fragment = (bytes[at + V4_MF_AT] & V4_MF_MASK) !== 0 || fragOffset !== 0;
  l.firstFragment = fragOffset === 0;
  l.l4 = at + hlen;
  l.l4End = Math.min(l.end, at + total);
  l.l4Complete = at + total <= l.end;
  if (l.proto === IPPROTO_AH && l.firstFragment) return ah(bytes, l);
  return true;
}

function ah(bytes: Uint8Array, l: FrameLayout): boolean {
  const at = l.l4;
  if (at + 12 > l.l4End) return fail(l, 'ah.truncated', at);
  const len = (fieldUint(bytes, at, AH.len) + 2) * 4;
  if (at + len > l.l4End) return fail(l, 'ah.truncated', at);
  l.ah = at;
  if (l.extCount < MAX_EXT_HEADERS) {
    l.extOffsets[l.extCount] = at;
    l.extTypes[l.extCount++] = IPPROTO_AH;
  }
  l.proto = fieldUint(bytes, at, AH.nxt);
  l.l4 = at + len;
  return true;
}

function ipv6(bytes: Uint8Array, l: FrameLayout): boolean {
  const at = l.net;
  if (at + IPV6_HEADER_BYTES > l.end) return fail(l, 'ip.truncated-header', at);
  if (fieldUint(bytes, at, IPV6.version) !== 6) return fail(l, 'ip.bad-version', at);
  const plen = fieldUint(bytes, at, IPV6.plen);
  l.ipVersion = 6;
  l.ipHeaderLen = IPV6_HEADER_BYTES;
  l.src = at + IPV6.src.offset;
  l.dst = at + IPV6.dst.offset;
  l.ttl = bytes[at + IPV6.hlim.offset];
  l.l4End = plen === 0 ? l.end : Math.min(l.end, at + IPV6_HEADER_BYTES + plen);
  l.l4Complete = plen === 0 || at + IPV6_HEADER_BYTES + plen <= l.end;
  let next = bytes[at + IPV6.nxt.offset];
  let p = at + IPV6_HEADER_BYTES;
  for (;;) {
    if (next === IPPROTO_AH) {
      l.l4 = p;
      if (!ah(bytes, l)) return false;
      next = l.proto;
      p = l.l4;
      continue;
    }
    if (
      next !== IPPROTO_HOPOPTS &&
      next !== IPPROTO_ROUTING &&
      next !== IPPROTO_DSTOPTS &&
      next !== IPPROTO_FRAGMENT
    )
      break;
    if (p + 8 > l.l4End) return fail(l, 'ipv6.truncated-extension', p);
    if (l.extCount >= MAX_EXT_HEADERS) return fail(l, 'ipv6.too-many-extensions', p);
    l.extOffsets[l.extCount] = p;
    l.extTypes[l.extCount++] = next;
    if (next === IPPROTO_FRAGMENT) {
      const offMf = (bytes[p + 2] << 8) | bytes[p + 3];
      l.fragment = true;
      l.firstFragment = offMf >> 3 === 0;
    }
    const len = next === IPPROTO_FRAGMENT ? 8 : (fieldUint(bytes, p, IPV6_EXT.len) + 1) * 8;
    // An extension longer than the payload is reported where it starts: its claimed end may lie
    // past the frame, and past the file.
    if (p + len > l.l4End) return fail(l, 'ipv6.truncated-extension', p);
    next = bytes[p];
    p += len;
  }
  l.proto = next;
  l.l4 = p;
  return true;
}
