/**
 * Adverts decoded lately, kept whole, so that a repeat is indexed by comparing its bytes instead of
 * decoding it again: keepalived sends the same frame every interval, and only the IPv4
 * identification and header checksum change between two (IPv6 frames repeat exactly). Everything a
 * VRRP row holds but `ipId` is a function of the frame's other bytes and its link type, so a repeat's
 * row is the remembered one's, with the record's own frame number, time, offset and IP id.
 *
 * Two-way set associative: a set is picked from a few bytes of the frame that stay put in the common
 * layouts (the source MAC's last bytes, the VRID of a VRRP header behind plain Ethernet and IPv4 or
 * IPv6, the length), and a new frame replaces the way of its set used least lately. Direct-mapped,
 * two of the bench's 40 adverts that shared a slot evicted each other on every advert (74 000 misses
 * in 2 M packets). A miss only costs the full decode; the bytes, not the slot, decide a match.
 */
import type { CompareMemory } from './frame-compare';
import * as P from './packet-index';

const SETS = 256;
const SLOTS = 2 * SETS;
/** Longer frames are not remembered (an advert with 16 IPv4 addresses is 110 bytes). */
export const REPEAT_MAX_FRAME = 192;
/** The frames, then their masks: the bytes a CompareMemory keeps for the cache. */
export const REPEAT_CACHE_BYTES = 2 * SLOTS * REPEAT_MAX_FRAME;
const MASKS_AT = SLOTS * REPEAT_MAX_FRAME;

/** Per slot, the remembered row's columns and what the comparison needs, at these offsets. */
const F_LINK_TYPE = 0;
const F_IP_ID_AT = 1;
const F_VRID = 2;
const F_PRIO = 3;
const F_TTL = 4;
const F_FLAGS = 5;
const F_TRAILER = 6;
const F_INTERVAL = 7;
const F_SOURCE = 8;
const F_VIPS = 9;
const F_AUTH = 10;
const FIELDS = 11;

export class RepeatCache {
  /** Captured length of the remembered frame, -1 for an empty slot. */
  private readonly length = new Int32Array(SLOTS).fill(-1);
  /** Per set, the way (0 or 1) a new frame goes to: the one not used last. */
  private readonly evict = new Uint8Array(SETS);
  // Made on the first advert remembered: an indexer over a capture without VRRP (or the robustness
  // tests' thousands of cut captures) never pays for them.
  /**
   * The frames and, per byte, 0xff where it must match (0 at the IPv4 id and checksum, and past the
   * frame's end, which the WebAssembly compare reads up to the next 16 bytes).
   */
  private frameView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private maskView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private fields = new Int32Array(0);

  /**
   * `memory`: where the frames are kept, so that frames read into its pools are compared 16 bytes a
   * step in WebAssembly (frame-compare.ts); without it, and for frames read elsewhere, JavaScript
   * compares them 4 bytes a step.
   */
  constructor(private readonly memory: CompareMemory | null = null) {}

  /** The set for the frame `b[s, s + len)`: the first of its two slots. */
  set(b: Uint8Array, s: number, len: number): number {
    let h = Math.imul(len ^ (b[s + 10] << 8) ^ (b[s + 11] << 16), 0x9e3779b1);
    if (len > 35) h = Math.imul(h ^ b[s + 35], 0x85ebca6b);
    if (len > 55) h = Math.imul(h ^ b[s + 55], 0xc2b2ae35);
    return ((h >>> 24) & (SETS - 1)) * 2;
  }

  /**
   * The slot of set `set` that holds the frame of `linkType` at `s` in `b` (`d` views the same
   * buffer), `len` bytes long, IPv4 id and checksum aside, or -1: compared under the slot's mask. One
   * loop over the set's two ways, not a call per way, runs for every record in 2.7 % fewer
   * instructions (indexing the pcap bench's file alone, counted under valgrind).
   */
  find(set: number, b: Uint8Array, d: DataView, s: number, len: number, linkType: number): number {
    const mem = this.memory;
    // The frame's address in the compare's memory, or -1 when it was read elsewhere.
    const data = mem !== null && b.buffer === mem.buffer ? b.byteOffset + s : -1;
    const f = this.frameView;
    const m = this.maskView;
    const words = len & ~3;
    ways: for (let slot = set; slot < set + 2; slot++) {
      if (this.length[slot] !== len || this.fields[slot * FIELDS + F_LINK_TYPE] !== linkType) continue;
      const at = slot * REPEAT_MAX_FRAME;
      if (data >= 0) {
        if (mem!.eq(data, at, MASKS_AT + at, len) === 0) continue;
      } else {
        for (let k = 0; k < words; k += 4)
          if (((d.getInt32(s + k, true) ^ f.getInt32(at + k, true)) & m.getInt32(at + k, true)) !== 0)
            continue ways;
        // The last bytes (never the id or checksum: the VRRP header follows them).
        for (let k = words; k < len; k++) if (d.getUint8(s + k) !== f.getUint8(at + k)) continue ways;
      }
      this.evict[set >> 1] = (set + 1 - slot) as 0 | 1;
      return slot;
    }
    return -1;
  }

  /**
   * Remembers the frame `b[s, s + len)` and row `i` of `ix`, decoded from it, in set `set`; `ipIdAt`
   * is the frame offset of its IPv4 identification, -1 for IPv6.
   */
  remember(
    set: number,
    b: Uint8Array,
    s: number,
    len: number,
    linkType: number,
    ipIdAt: number,
    ix: P.PacketIndex,
    i: number,
  ): void {
    if (len > REPEAT_MAX_FRAME) return;
    if (this.fields.length === 0) {
      const cache = this.memory?.cache ?? new Uint8Array(REPEAT_CACHE_BYTES);
      this.frameView = new DataView(cache.buffer, cache.byteOffset, MASKS_AT);
      this.maskView = new DataView(cache.buffer, cache.byteOffset + MASKS_AT, MASKS_AT);
      this.fields = new Int32Array(SLOTS * FIELDS);
    }
    const way = this.evict[set >> 1];
    const slot = set + way;
    this.evict[set >> 1] = 1 - way;
    const at = slot * REPEAT_MAX_FRAME;
    for (let k = 0; k < len; k++) {
      this.frameView.setUint8(at + k, b[s + k]);
      this.maskView.setUint8(at + k, 0xff);
    }
    for (let k = len; k < REPEAT_MAX_FRAME; k++) this.maskView.setUint8(at + k, 0);
    if (ipIdAt >= 0) for (const k of [0, 1, 6, 7]) this.maskView.setUint8(at + ipIdAt + k, 0);
    this.length[slot] = len;
    const f = this.fields;
    const o = slot * FIELDS;
    f[o + F_LINK_TYPE] = linkType;
    f[o + F_IP_ID_AT] = ipIdAt;
    f[o + F_VRID] = ix.vrid[i];
    f[o + F_PRIO] = ix.prio[i];
    f[o + F_TTL] = ix.ttl[i];
    f[o + F_FLAGS] = ix.flags[i];
    f[o + F_TRAILER] = ix.trailer[i];
    f[o + F_INTERVAL] = ix.intervalCs[i];
    f[o + F_SOURCE] = ix.source[i];
    f[o + F_VIPS] = ix.vips[i];
    f[o + F_AUTH] = ix.auth[i];
  }

  /** Fills row `i` (frame, time and offset already set) from `slot`, the IP id from the frame at `s`. */
  fill(slot: number, ix: P.PacketIndex, i: number, b: Uint8Array, s: number): void {
    const f = this.fields;
    const o = slot * FIELDS;
    const id = f[o + F_IP_ID_AT];
    ix.kind[i] = P.KIND_VRRP;
    ix.vrid[i] = f[o + F_VRID];
    ix.prio[i] = f[o + F_PRIO];
    ix.ttl[i] = f[o + F_TTL];
    ix.flags[i] = f[o + F_FLAGS];
    ix.trailer[i] = f[o + F_TRAILER];
    ix.intervalCs[i] = f[o + F_INTERVAL];
    ix.source[i] = f[o + F_SOURCE];
    ix.vips[i] = f[o + F_VIPS];
    ix.auth[i] = f[o + F_AUTH];
    ix.demote[i] = 0;
    ix.ipId[i] = id < 0 ? 0 : (b[s + id] << 8) | b[s + id + 1];
  }
}
