/**
 * A capture's VRRP/CARP/ARP/NA packets as the investigation reads them: straight from the capture
 * analysis' packet index (typed-array columns, one row per packet, the whole capture), never an
 * object per packet. Addresses, MACs and VIP lists are interned by the analysis and turned into
 * strings once per distinct value.
 */
import type { Names } from '../analysis/endpoints';
import * as P from '../analysis/packet-index';
import type { Micros } from '../trace/time';

/** The columns of a packet index the investigation reads. */
export const ROW_COLUMNS = [
  'frame',
  'tUs',
  'kind',
  'vrid',
  'prio',
  'flags',
  'source',
  'vips',
  'ipId',
] as const;
/** Those columns and the row count: the whole index, or a copy of these (sources.ts' RowCopy). */
export type RowIndex = Pick<P.PacketIndex, 'length' | (typeof ROW_COLUMNS)[number]>;

/** One distinct (sender, VRID, VIP list, priority 0 or not, version) of the capture's adverts. */
export interface AdvertKind {
  /** The first row that showed it: kinds are listed in the order the capture first shows them. */
  row: number;
  src: string;
  /** Empty when the frame carried no MAC. */
  srcMac: string;
  vrid: number;
  /** The priority of its first advert. */
  priority: number;
  version: 2 | 3;
  addresses: string[];
}

/** A gratuitous ARP or unsolicited NA: who announced, when (µs from the capture's first packet). */
export interface Announce {
  t: Micros;
  mac: string;
}

/** The first index below `length` of a sorted column whose value is ≥ t. */
export function lowerBound(ts: ArrayLike<number>, t: number, length = ts.length): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when the first `length` values of a column never step back (times without a clock step). */
export function ascending(ts: ArrayLike<number>, length = ts.length): boolean {
  for (let i = 1; i < length; i++) if (ts[i] < ts[i - 1]) return false;
  return true;
}

export class CaptureRows {
  constructor(
    readonly ix: RowIndex,
    /** The analysis' text forms of its interned addresses, MACs and VIP lists. */
    readonly names: Names,
    /** What advertKinds() and announces() give, when the thread that read the capture found them. */
    private kinds: AdvertKind[] | null = null,
    private announced: Announce[] | null = null,
  ) {}

  get length(): number {
    return this.ix.length;
  }

  /** µs from the capture's first packet. */
  t(i: number): Micros {
    return this.ix.tUs[i];
  }

  /** A VRRP advert (not CARP, ARP or NA). */
  isAdvert(i: number): boolean {
    return this.ix.kind[i] === P.KIND_VRRP;
  }

  /** What the lanes mark: a gratuitous ARP/NA or a priority-0 advert. */
  isFact(i: number): boolean {
    const k = this.ix.kind[i];
    if (k === P.KIND_VRRP) return this.ix.prio[i] === 0;
    return (k === P.KIND_ARP || k === P.KIND_NA) && (this.ix.flags[i] & P.FLAG_GRATUITOUS) !== 0;
  }

  /** The sender's address (VRRP, CARP) or the announced address (ARP, NA). */
  address(i: number): string {
    return this.names.endpoint(this.ix.source[i]).address;
  }

  /** The sender's MAC (VRRP, CARP) or the announced MAC (ARP, NA); empty when the frame had none. */
  mac(i: number): string {
    return this.names.endpoint(this.ix.source[i]).mac;
  }

  /** The VIP list of an advert row. */
  addresses(i: number): string[] {
    return this.names.vips(this.ix.vips[i]);
  }

  /**
   * Every distinct kind of advert, in the order the capture first shows each: what the questions
   * "which senders, VRIDs and VIP lists does this capture show" need, whatever its length.
   */
  advertKinds(): AdvertKind[] {
    if (this.kinds) return this.kinds;
    // The columns in locals: the loop runs once per row.
    const { kind, prio, flags, source, vrid, vips, length } = this.ix;
    const seen = new Set<number>();
    // A sender's adverts nearly always repeat its last kind: a table by source id answers those
    // without the Set (source ids are 16-bit).
    const lastKey = new Float64Array(65_536).fill(-1);
    const out: AdvertKind[] = [];
    for (let i = 0; i < length; i++) {
      if (kind[i] !== P.KIND_VRRP) continue;
      const zero = prio[i] === 0 ? 1 : 0;
      const v3 = flags[i] & P.FLAG_V3 ? 1 : 0;
      const id = source[i];
      const key = ((id * 256 + vrid[i]) * 65536 + vips[i]) * 4 + zero * 2 + v3;
      if (lastKey[id] === key) continue;
      lastKey[id] = key;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        row: i,
        src: this.address(i),
        srcMac: this.mac(i),
        vrid: vrid[i],
        priority: prio[i],
        version: v3 ? 3 : 2,
        addresses: this.addresses(i),
      });
    }
    return (this.kinds = out);
  }

  /** Each CARP sender once, in the order the capture first shows it (CARP adverts carry no VIP list). */
  carpSenders(): { src: string; srcMac: string }[] {
    const { kind, source, length } = this.ix;
    const seen = new Uint8Array(65_536);
    const out: { src: string; srcMac: string }[] = [];
    for (let i = 0; i < length; i++)
      if (kind[i] === P.KIND_CARP && !seen[source[i]]) {
        seen[source[i]] = 1;
        out.push({ src: this.address(i), srcMac: this.mac(i) });
      }
    return out;
  }

  /** The gratuitous ARPs and unsolicited NAs that name a MAC, in capture order. */
  announces(): Announce[] {
    if (this.announced) return this.announced;
    const { kind, flags, tUs, length } = this.ix;
    const out: Announce[] = [];
    for (let i = 0; i < length; i++) {
      const k = kind[i];
      if ((k !== P.KIND_ARP && k !== P.KIND_NA) || !(flags[i] & P.FLAG_GRATUITOUS)) continue;
      const mac = this.mac(i);
      if (mac) out.push({ t: tUs[i], mac });
    }
    return (this.announced = out);
  }

  /** The row of a 0-based frame, or -1 when the frame is no row (rows are in frame order). */
  rowOfFrame(frame: number): number {
    const i = lowerBound(this.ix.frame, frame, this.ix.length);
    return i < this.ix.length && this.ix.frame[i] === frame ? i : -1;
  }

  /** A row in a few words, for evidence: `VRRP advert from 10.0.0.1, VRID 51, priority 100`. */
  describe(i: number): string {
    const k = this.ix.kind[i];
    if (k === P.KIND_VRRP)
      return `VRRP advert from ${this.address(i)}, VRID ${this.ix.vrid[i]}, priority ${this.ix.prio[i]}`;
    if (k === P.KIND_CARP) return `CARP advert from ${this.address(i)}, vhid ${this.ix.vrid[i]}`;
    const what = k === P.KIND_NA ? 'neighbour advertisement' : 'ARP';
    return `${this.ix.flags[i] & P.FLAG_GRATUITOUS ? `gratuitous ${what}` : what} for ${this.address(i)}`;
  }

  /** The first row whose time is ≥ t (rows are in capture order, which is time order but for a clock step). */
  lowerBound(t: Micros): number {
    return lowerBound(this.ix.tUs, t, this.ix.length);
  }
}
