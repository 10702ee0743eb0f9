/**
 * Adverts decoded lately, kept whole, so that a repeat is indexed by comparing its bytes instead of
 * decoding it again: keepalived sends the same frame every interval, and only the IPv4
 * identification and header checksum change between two (IPv6 frames repeat exactly). Everything a
 * VRRP row holds but `ipId` is a function of the frame's other bytes and its link type, so a repeat's
 * row is the remembered one's, with the record's own frame number, time, offset and IP id.
 *
 * Direct-mapped: a slot is picked from a few bytes of the frame that stay put in the common layouts
 * (the source MAC's last bytes, the VRID of a VRRP header behind plain Ethernet and IPv4 or IPv6, the
 * length). A miss only costs the full decode; the bytes, not the slot, decide a match.
 */
import * as P from './packet-index';

const SLOTS = 256;
/** Longer frames are not remembered (an advert with 16 IPv4 addresses is 110 bytes). */
export const REPEAT_MAX_FRAME = 192;

export class RepeatCache {
  private readonly frames = new Uint8Array(SLOTS * REPEAT_MAX_FRAME);
  /** Captured length of the remembered frame, -1 for an empty slot. */
  private readonly length = new Int32Array(SLOTS).fill(-1);
  private readonly linkType = new Int32Array(SLOTS);
  /** Frame offset of the IPv4 identification (the header checksum is 6 bytes on), -1 for IPv6. */
  readonly ipIdAt = new Int32Array(SLOTS);
  // The remembered row's columns.
  private readonly vrid = new Uint8Array(SLOTS);
  private readonly prio = new Uint8Array(SLOTS);
  private readonly ttl = new Uint8Array(SLOTS);
  private readonly flags = new Uint8Array(SLOTS);
  private readonly trailer = new Uint8Array(SLOTS);
  private readonly intervalCs = new Uint16Array(SLOTS);
  private readonly source = new Uint16Array(SLOTS);
  private readonly vips = new Uint16Array(SLOTS);
  private readonly auth = new Uint16Array(SLOTS);

  /** The slot for the frame `b[s, s + len)`. */
  slot(b: Uint8Array, s: number, len: number): number {
    let h = len ^ (b[s + 11] << 1) ^ (b[s + 10] << 4);
    if (len > 35) h ^= b[s + 35] * 0x9e;
    if (len > 55) h ^= b[s + 55] * 0x3b;
    return (h ^ (h >>> 8)) & (SLOTS - 1);
  }

  /** True when `slot` holds the frame `b[s, s + len)` of `linkType`, IPv4 id and checksum aside. */
  matches(slot: number, b: Uint8Array, s: number, len: number, linkType: number): boolean {
    if (this.length[slot] !== len || this.linkType[slot] !== linkType) return false;
    const f = this.frames;
    const at = slot * REPEAT_MAX_FRAME;
    const id = this.ipIdAt[slot];
    // Three spans around the identification (id, id + 1) and the checksum (id + 6, id + 7).
    const a = id < 0 ? len : id;
    for (let k = 0; k < a; k++) if (f[at + k] !== b[s + k]) return false;
    if (id < 0) return true;
    for (let k = id + 2; k < id + 6; k++) if (f[at + k] !== b[s + k]) return false;
    for (let k = id + 8; k < len; k++) if (f[at + k] !== b[s + k]) return false;
    return true;
  }

  /**
   * Remembers the frame `b[s, s + len)` and row `i` of `ix`, decoded from it; `ipIdAt` is the frame
   * offset of its IPv4 identification, -1 for IPv6.
   */
  remember(
    slot: number,
    b: Uint8Array,
    s: number,
    len: number,
    linkType: number,
    ipIdAt: number,
    ix: P.PacketIndex,
    i: number,
  ): void {
    if (len > REPEAT_MAX_FRAME) return;
    this.frames.set(b.subarray(s, s + len), slot * REPEAT_MAX_FRAME);
    this.length[slot] = len;
    this.linkType[slot] = linkType;
    this.ipIdAt[slot] = ipIdAt;
    this.vrid[slot] = ix.vrid[i];
    this.prio[slot] = ix.prio[i];
    this.ttl[slot] = ix.ttl[i];
    this.flags[slot] = ix.flags[i];
    this.trailer[slot] = ix.trailer[i];
    this.intervalCs[slot] = ix.intervalCs[i];
    this.source[slot] = ix.source[i];
    this.vips[slot] = ix.vips[i];
    this.auth[slot] = ix.auth[i];
  }

  /** Fills row `i` (frame, time and offset already set) from `slot`, the IP id from the frame at `s`. */
  fill(slot: number, ix: P.PacketIndex, i: number, b: Uint8Array, s: number): void {
    const id = this.ipIdAt[slot];
    ix.kind[i] = P.KIND_VRRP;
    ix.vrid[i] = this.vrid[slot];
    ix.prio[i] = this.prio[slot];
    ix.ttl[i] = this.ttl[slot];
    ix.flags[i] = this.flags[slot];
    ix.trailer[i] = this.trailer[slot];
    ix.intervalCs[i] = this.intervalCs[slot];
    ix.source[i] = this.source[slot];
    ix.vips[i] = this.vips[slot];
    ix.auth[i] = this.auth[slot];
    ix.demote[i] = 0;
    ix.ipId[i] = id < 0 ? 0 : (b[s + id] << 8) | b[s + id + 1];
  }
}
