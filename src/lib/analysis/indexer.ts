/**
 * Fills the packet index from capture records: the hot loop of `analyze`. It walks each frame
 * with the allocation-free layout (pcap/layout.ts), reads fields through the field tables, and
 * verifies checksums in place (no views, no strings per packet).
 */
import { fieldUint } from '../net/field';
import { ARP, ARP_IPV4_BYTES, ICMPV6_NA, ICMPV6_NA_BYTES, NDP_OPT } from '../net/headers';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, IPPROTO_ICMPV6 } from '../net/numbers';
import { VRRP, VRRP_HEADER_BYTES } from '../vrrp/fields';
import { hasAuthTrailer } from '../vrrp/auth-ext';
import { layoutFrame, newLayout, type FrameLayout } from '../pcap/layout';
import { isSupportedLinkType, linkTypeName } from '../pcap/linktype';
import { chunkBytesOf, pooledBytes, type CaptureRecord } from '../pcap/reader';
import type { ByteSource } from '../pcap/source';
import type { DiagnosticSink } from '../pcap/diagnostics';
import { foldChecksum, onesComplementSum } from '../vrrp/checksum';
import { IPPROTO_VRRP } from '../net/numbers';
import { BytesInterner } from './interner';
import { looksLikeCarp } from '../carp/wire';
import { CARP } from '../carp/fields';
import * as P from './packet-index';
import { compareMemory } from './frame-compare';
import { REPEAT_CACHE_BYTES, RepeatCache } from './repeat-cache';

const NO_MAC = new Uint8Array(6);
/** Endpoint ids ARP/NA rows may use; the rest of the 16-bit space is kept for VRRP senders. */
export const ARP_ENDPOINT_LIMIT = 60_000;
const EMPTY = new Uint8Array(0);
/** VRRP header offsets and masks from the field table, hoisted for the per-packet path. */
const V_VERSION_AT = VRRP.version.offset;
const V_VERSION_MASK = VRRP.version.mask ?? 0xff;
const V_VERSION_SHIFT = VRRP.version.shift ?? 0;
const V_TYPE_MASK = VRRP.type.mask ?? 0xff;
const V_TYPE_SHIFT = VRRP.type.shift ?? 0;
const V_VRID_AT = VRRP.vrid.offset;
const V_PRIO_AT = VRRP.prio.offset;
const V_COUNT_AT = VRRP.addrCount.offset;
const V_ADVER_INT_AT = VRRP.adverInt.offset;
const V_SHORT_INT_AT = VRRP.shortAdverInt.offset;
const V_SHORT_INT_MASK = VRRP.shortAdverInt.mask ?? 0xffff;

/** A frame kept whole for the Trace (the UI's detail pane and hex view). */
export interface KeptFrame {
  row: number;
  bytes: Uint8Array;
  linkType: number;
  comment: string | null;
}

export class Indexer {
  readonly index: P.PacketIndex;
  /** (address ‖ MAC) of senders and of announced ARP/NA mappings. */
  readonly endpoints = new BytesInterner();
  /** (family byte ‖ addresses) of VRRP adverts. */
  readonly vipSets = new BytesInterner();
  /** (auth type ‖ auth data) of VRRPv2 adverts. */
  readonly auths = new BytesInterner();
  readonly kept: KeptFrame[] = [];
  packets = 0;
  vrrpPackets = 0;
  /** CARP adverts (what `tshark -o ip.try_heuristic_first:TRUE -Y carp` counts). */
  carpPackets = 0;
  firstTsUs = NaN;
  lastTsUs = 0;
  private readonly layout: FrameLayout = newLayout();
  private readonly one = new Uint8Array(1);
  /** Per (sender, VRID): the last VIP-set id and auth id, -1 when unknown. */
  private memo = new Int32Array(2 * 256 * 16).fill(-1);
  private readonly recent = new Int32Array(1024).fill(-1);
  private readonly v4Id = new Int32Array(1024).fill(-1);
  private readonly v4Ip = new Int32Array(1024);
  private readonly v4MacHi = new Int32Array(1024);
  private readonly v4MacLo = new Int32Array(1024);
  private repeats = new RepeatCache();
  /** A view of the buffer records come in, made again when the reader moves to another. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;

  constructor(
    private readonly sink: DiagnosticSink,
    /** Rows whose frames are copied for the Trace. */
    private readonly keepRows: number,
    capacityHint: number,
    /** Called with each new row once it is complete: the analysis runs as the file is read. */
    private readonly onRow: (ix: P.PacketIndex, row: number) => void = () => {},
    /** Keep only the rows the analysis cites (PacketIndex.keep), not one per packet. */
    citedOnly = false,
  ) {
    this.index = new P.PacketIndex(Math.max(1024, capacityHint), citedOnly);
  }

  /**
   * The reader's two buffers (ReadOptions.pools) for `source`, in a memory the repeat cache compares
   * frames in with WebAssembly (frame-compare.ts); none when there is no second chunk to read into
   * them (the first is read before the reader has its buffers) or the memory cannot be made. Call
   * before the first record.
   */
  readPools(source: ByteSource, chunkBytes?: number): Uint8Array[] {
    const chunk = chunkBytesOf(source, chunkBytes);
    if (!source.readInto || source.size <= chunk) return [];
    const memory = compareMemory(REPEAT_CACHE_BYTES, pooledBytes(chunk));
    if (!memory) return [];
    this.repeats = new RepeatCache(memory);
    return memory.pools;
  }

  /** Indexes one record (the reader's callback). */
  add(r: CaptureRecord): void {
    this.packets++;
    if (Number.isNaN(this.firstTsUs)) this.firstTsUs = r.tsUs;
    this.lastTsUs = r.tsUs;
    const l = this.layout;
    // The frame is read in place in the reader's buffer: offsets in `l` index `r.buf`.
    const b = r.buf;
    const start = r.dataStart;
    const len = r.dataLength;
    if (b !== this.viewOf) {
      this.viewOf = b;
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const set = this.repeats.set(b, start, len);
    const slot = this.repeats.find(set, b, this.view, start, len, r.linkType);
    let row = -1;
    if (slot >= 0) {
      // The same advert as one decoded before (repeat-cache.ts): its row, with this record's own fields.
      this.vrrpPackets++;
      row = this.index.push();
      this.place(r, row);
      this.repeats.fill(slot, this.index, row, b, start);
    } else {
      if (!layoutFrame(b, start + len, r.linkType, l, start)) {
        this.frameProblem(r, l);
        return;
      }
      if (l.etherType === ETHERTYPE_ARP) row = this.arp(r, l);
      else if (l.ipVersion !== 0 && l.firstFragment) {
        // CARP shares protocol 112; Wireshark's heuristic tells it apart (ip.try_heuristic_first).
        if (l.proto === IPPROTO_VRRP) {
          if (looksLikeCarp(b, l.l4, l.l4End - l.l4, l.ipVersion)) row = this.carp(r, l);
          else {
            row = this.vrrp(r, l);
            // Only a whole advert read without a diagnostic (a fragment has one) is a model for repeats.
            if (row >= 0 && !l.fragment)
              this.repeats.remember(
                set,
                b,
                start,
                len,
                r.linkType,
                l.ipVersion === 4 ? l.net + 4 - start : -1,
                this.index,
                row,
              );
          }
        } else if (l.proto === IPPROTO_ICMPV6 && l.ipVersion === 6 && l.l4 < l.l4End && b[l.l4] === 136)
          row = this.na(r, l);
      }
      if (row < 0) return;
    }
    if (row < this.keepRows)
      this.kept.push({ row, bytes: b.slice(start, start + len), linkType: r.linkType, comment: r.comment });
    this.onRow(this.index, row);
    this.index.settle(row);
  }

  /**
   * Row `i` (the last) was filled from rows another thread decoded (split-read.ts): analyse it as
   * `add` does its own. Only for an index without Trace frames (`keepRows` 0).
   */
  adoptRow(i: number): void {
    this.onRow(this.index, i);
    this.index.settle(i);
  }

  private frameProblem(r: CaptureRecord, l: FrameLayout): void {
    if (l.error === 'frame.unsupported-link-type') {
      const name = linkTypeName(r.linkType);
      this.sink.add(
        `frame.unsupported-link-type.${r.linkType}`,
        'warning',
        `Link type ${name} is not decoded; its frames are counted but not analysed`,
        r.packetIndex,
        r.dataOffset,
      );
    } else if (isSupportedLinkType(r.linkType)) {
      this.sink.add(
        l.error,
        'warning',
        `Frame not decoded: ${l.error} at frame byte ${l.errorAt - r.dataStart}`,
        r.packetIndex,
        r.dataOffset + l.errorAt - r.dataStart,
      );
    }
  }

  /** Sets the columns of row `i` that come from the record, not the frame. */
  private place(r: CaptureRecord, i: number): void {
    const ix = this.index;
    ix.frame[i] = r.packetIndex;
    ix.tUs[i] = r.tsUs - this.firstTsUs;
    ix.setOffset(i, r.byteOffset);
  }

  private row(r: CaptureRecord, kind: number): number {
    const i = this.index.push();
    const ix = this.index;
    this.place(r, i);
    ix.kind[i] = kind;
    // A row dropped after analysis leaves its values behind: every column starts from zero.
    ix.vrid[i] = ix.prio[i] = ix.ttl[i] = ix.flags[i] = ix.demote[i] = 0;
    ix.intervalCs[i] = ix.source[i] = ix.vips[i] = ix.auth[i] = ix.trailer[i] = ix.ipId[i] = 0;
    return i;
  }

  private memoSlot(source: number, vrid: number): number {
    const slot = (source * 256 + vrid) * 2;
    if (slot + 1 >= this.memo.length) {
      const grown = new Int32Array(Math.max(slot + 2, this.memo.length * 2)).fill(-1);
      grown.set(this.memo);
      this.memo = grown;
    }
    return slot;
  }

  /** A CARP advert: one row, its checksum verified over what the IP header declares (as Wireshark). */
  private carp(r: CaptureRecord, l: FrameLayout): number {
    const b = r.buf;
    const base = l.l4;
    if (!l.fragment) this.carpPackets++;
    const i = this.row(r, P.KIND_CARP);
    const ix = this.index;
    ix.vrid[i] = b[base + CARP.vhid.offset];
    ix.prio[i] = b[base + CARP.advskew.offset];
    ix.demote[i] = b[base + CARP.demotion.offset];
    ix.intervalCs[i] = b[base + CARP.advbase.offset] * 100;
    ix.ttl[i] = l.ttl;
    let flags = (l.ipVersion === 6 ? P.FLAG_IPV6 : 0) | (l.fragment ? P.FLAG_FRAGMENT : 0);
    if (l.l4Complete && !l.fragment)
      flags |= foldChecksum(onesComplementSum(b, base, l.l4End)) === 0 ? P.FLAG_CK_GOOD : P.FLAG_CK_BAD;
    ix.flags[i] = flags;
    const source = l.ipVersion === 6 ? this.senderV6(b, l) : this.senderV4(b, l);
    ix.source[i] = source;
    return this.fits(r, i, source);
  }

  private vrrp(r: CaptureRecord, l: FrameLayout): number {
    const b = r.buf;
    const base = l.l4;
    const len = l.l4End - base;
    // Wireshark's count: it dissects VRRP (malformed or not) in every unfragmented datagram with a
    // payload, and never in a lone fragment (it would need the reassembled datagram).
    if (!l.fragment && len > 0) this.vrrpPackets++;
    if (len < VRRP_HEADER_BYTES) {
      this.sink.add(
        'vrrp.truncated',
        'warning',
        `VRRP message shorter than its 8-byte header (${len} bytes)`,
        r.packetIndex,
        r.dataOffset + base - r.dataStart,
      );
      return -1;
    }
    // Header bytes read once, at the offsets of the field table (no per-field call on this path).
    const b0 = b[base + V_VERSION_AT];
    const version = (b0 & V_VERSION_MASK) >>> V_VERSION_SHIFT;
    const v6 = l.ipVersion === 6;
    const n = b[base + V_COUNT_AT];
    const alen = version === 3 && v6 ? 16 : 4;
    if (len < VRRP_HEADER_BYTES + n * alen) {
      this.sink.add(
        'vrrp.truncated',
        'warning',
        `VRRP message too short for its ${n} addresses (${len} bytes)`,
        r.packetIndex,
        r.dataOffset + base - r.dataStart,
      );
      return -1;
    }
    const type = (b0 & V_TYPE_MASK) >>> V_TYPE_SHIFT;
    if (type !== 1) {
      this.sink.add(
        'vrrp.unknown-type',
        'warning',
        `VRRP packet type ${type} is not an advertisement`,
        r.packetIndex,
        r.dataOffset + base - r.dataStart,
      );
      return -1;
    }
    const i = this.row(r, P.KIND_VRRP);
    const ix = this.index;
    const vrid = b[base + V_VRID_AT];
    ix.vrid[i] = vrid;
    ix.prio[i] = b[base + V_PRIO_AT];
    ix.ttl[i] = l.ttl;
    if (!v6) ix.ipId[i] = (b[l.net + 4] << 8) | b[l.net + 5];
    ix.intervalCs[i] =
      version === 3
        ? ((b[base + V_SHORT_INT_AT] << 8) | b[base + V_SHORT_INT_AT + 1]) & V_SHORT_INT_MASK
        : b[base + V_ADVER_INT_AT] * 100;
    let flags =
      (version === 3 ? P.FLAG_V3 : 0) |
      (v6 ? P.FLAG_IPV6 : 0) |
      (l.fragment ? P.FLAG_FRAGMENT : 0) |
      (l.ah >= 0 ? P.FLAG_AH : 0);
    if (l.l4Complete && !l.fragment) flags |= this.checksumFlags(b, l, version);
    ix.flags[i] = flags;
    const source = v6 ? this.senderV6(b, l) : this.senderV4(b, l);
    ix.source[i] = source;
    if (this.fits(r, i, source) < 0) return -1;
    this.one[0] = alen;
    // A sender repeats the same VIPs and auth: remember its last ids per VRID.
    const memo = this.memoSlot(ix.source[i], ix.vrid[i]);
    const vips = this.vipSets.internGuess(
      this.memo[memo],
      this.one,
      0,
      1,
      b,
      base + VRRP_HEADER_BYTES,
      n * alen,
    );
    ix.vips[i] = this.memo[memo] = vips;
    if (version !== 3) {
      const authAt = base + VRRP_HEADER_BYTES + 4 * n;
      const authLen = Math.min(8, Math.max(0, l.l4End - authAt));
      const data = authLen > 0 ? b : EMPTY;
      const auth = this.auths.internGuess(
        this.memo[memo + 1],
        b,
        base + VRRP.authType.offset,
        1,
        data,
        authLen > 0 ? authAt : 0,
        authLen,
      );
      ix.auth[i] = this.memo[memo + 1] = auth;
    }
    // keepalived 2.4's auth_hmac trailer: exactly 28 bytes after the PDU (v2: after its auth data).
    const pduEnd = base + VRRP_HEADER_BYTES + n * alen + (version === 3 ? 0 : 8);
    ix.trailer[i] = l.l4Complete && hasAuthTrailer(b, pduEnd, l.l4End - pduEnd) ? 1 : 0;
    if (l.fragment)
      this.sink.add(
        'ip.fragmented-vrrp',
        'warning',
        'Fragmented VRRP datagram (keepalived never fragments adverts); checksum not verified',
        r.packetIndex,
        r.byteOffset,
      );
    return i;
  }

  /**
   * The endpoint id of an IPv4 sender: a direct-mapped cache keyed by the address as a uint32 and
   * the MAC as two numbers answers repeats with three integer compares; misses go to the interner.
   */
  private senderV4(b: Uint8Array, l: FrameLayout): number {
    const s = l.src;
    const ip = (b[s] << 24) | (b[s + 1] << 16) | (b[s + 2] << 8) | b[s + 3] | 0;
    const m = l.macSrc;
    const macHi = m >= 0 ? (b[m] << 8) | b[m + 1] : 0;
    const macLo = m >= 0 ? (b[m + 2] << 24) | (b[m + 3] << 16) | (b[m + 4] << 8) | b[m + 5] | 0 : 0;
    const slot = (ip ^ (macLo << 3) ^ (macLo >>> 8)) & 1023;
    const id = this.v4Id[slot];
    if (id >= 0 && this.v4Ip[slot] === ip && this.v4MacLo[slot] === macLo && this.v4MacHi[slot] === macHi)
      return id;
    const fresh = this.endpoints.intern(b, s, 4, m >= 0 ? b : NO_MAC, m >= 0 ? m : 0, 6);
    this.v4Id[slot] = fresh;
    this.v4Ip[slot] = ip;
    this.v4MacHi[slot] = macHi;
    this.v4MacLo[slot] = macLo;
    return fresh;
  }

  /** The endpoint id of an IPv6 sender (cache keyed by the low bytes of address and MAC). */
  private senderV6(b: Uint8Array, l: FrameLayout): number {
    const mac = l.macSrc >= 0 ? b : NO_MAC;
    const macAt = l.macSrc >= 0 ? l.macSrc : 0;
    const slot = (b[l.src + 15] ^ (mac[macAt + 5] << 3) ^ mac[macAt + 4]) & 1023;
    return (this.recent[slot] = this.endpoints.internGuess(this.recent[slot], b, l.src, 16, mac, macAt, 6));
  }

  /** Checksum flags of a complete advert (§1.7): v2 plain; v3 with the pseudo-header, else without. */
  private checksumFlags(b: Uint8Array, l: FrameLayout, version: number): number {
    let plain = 0;
    let p = l.l4;
    for (; p + 1 < l.l4End; p += 2) plain += (b[p] << 8) | b[p + 1];
    if (p < l.l4End) plain += b[p] << 8;
    if (version !== 3) return foldChecksum(plain) === 0 ? P.FLAG_CK_GOOD : P.FLAG_CK_BAD;
    const aLen = l.ipVersion === 6 ? 16 : 4;
    const vlen = l.l4End - l.l4;
    let pseudo =
      onesComplementSum(b, l.src, l.src + aLen) + onesComplementSum(b, l.dst, l.dst + aLen) + IPPROTO_VRRP;
    pseudo += aLen === 16 ? Math.floor(vlen / 0x10000) + (vlen & 0xffff) : vlen;
    if (foldChecksum(plain + pseudo) === 0) return P.FLAG_CK_GOOD;
    if (aLen === 4 && foldChecksum(plain) === 0) return P.FLAG_CK_GOOD | P.FLAG_CK_NO_PSEUDO;
    return P.FLAG_CK_BAD;
  }

  private arp(r: CaptureRecord, l: FrameLayout): number {
    const b = r.buf;
    const at = l.net;
    if (at + ARP_IPV4_BYTES > l.end) return -1;
    if (fieldUint(b, at, ARP.htype) !== 1 || fieldUint(b, at, ARP.ptype) !== ETHERTYPE_IPV4) return -1;
    const i = this.row(r, P.KIND_ARP);
    const grat = fieldUint(b, at, ARP.spa) === fieldUint(b, at, ARP.tpa);
    this.index.flags[i] = grat ? P.FLAG_GRATUITOUS : 0;
    this.index.prio[i] = fieldUint(b, at, ARP.opcode) & 0xff;
    const room = this.endpoints.size < ARP_ENDPOINT_LIMIT;
    const id = this.endpoints.intern(b, at + ARP.spa.offset, 4, b, at + ARP.sha.offset, 6, room);
    this.index.source[i] = id;
    return this.fits(r, i, id);
  }

  private na(r: CaptureRecord, l: FrameLayout): number {
    const b = r.buf;
    const at = l.l4;
    if (at + ICMPV6_NA_BYTES > l.l4End) return -1;
    let macAt = l.macSrc;
    for (let p = at + ICMPV6_NA_BYTES; p + 8 <= l.l4End && b[p + 1] > 0; p += b[p + 1] * 8) {
      if (fieldUint(b, p, NDP_OPT.type) === 2) macAt = p + NDP_OPT.linkaddr.offset;
    }
    const i = this.row(r, P.KIND_NA);
    this.index.flags[i] = P.FLAG_IPV6 | (fieldUint(b, at, ICMPV6_NA.solicited) ? 0 : P.FLAG_GRATUITOUS);
    this.index.ttl[i] = l.ttl;
    const id = this.endpoints.intern(
      b,
      at + ICMPV6_NA.target.offset,
      16,
      macAt >= 0 ? b : NO_MAC,
      macAt >= 0 ? macAt : 0,
      6,
      this.endpoints.size < ARP_ENDPOINT_LIMIT,
    );
    this.index.source[i] = id;
    return this.fits(r, i, id);
  }

  /**
   * Rows hold 16-bit endpoint ids: past 65 536 distinct (address, MAC) pairs a row is dropped. ARP and
   * NA senders stop earlier (`ARP_ENDPOINT_LIMIT`), so a busy LAN never crowds out VRRP routers.
   */
  private fits(r: CaptureRecord, i: number, id: number): number {
    if (id >= 0 && id <= 0xffff) return i;
    const ix = this.index;
    ix.vrid[i] =
      ix.prio[i] =
      ix.ttl[i] =
      ix.flags[i] =
      ix.intervalCs[i] =
      ix.vips[i] =
      ix.auth[i] =
      ix.trailer[i] =
      ix.ipId[i] =
        0;
    ix.demote[i] = 0;
    ix.source[i] = 0;
    ix.length--;
    this.sink.add(
      'analysis.too-many-endpoints',
      'warning',
      'Too many distinct (address, MAC) pairs (60 000 for ARP/NA, 65 536 in all): later new ones are not analysed',
      r.packetIndex,
      r.byteOffset,
    );
    return -1;
  }
}
