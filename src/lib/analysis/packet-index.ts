/**
 * The packet index: one row per VRRP advert, ARP or neighbour advertisement, in typed-array columns
 * (34 bytes a row), so millions of packets fit and the report is computed without an object per
 * packet. Other traffic is only counted.
 */

export const KIND_VRRP = 1;
export const KIND_ARP = 2;
export const KIND_NA = 3;
/** A CARP advertisement (IP protocol 112, told from VRRP by Wireshark's heuristic): `vrid` holds the
 * vhid, `prio` the advskew, `intervalCs` the advbase × 100, `demote` the demotion counter. */
export const KIND_CARP = 4;

/** Bits of the `flags` column. */
export const FLAG_V3 = 1;
export const FLAG_IPV6 = 2;
export const FLAG_CK_GOOD = 4;
export const FLAG_CK_BAD = 8;
export const FLAG_FRAGMENT = 16;
/** ARP: sender IP = target IP; NA: Solicited flag clear. */
export const FLAG_GRATUITOUS = 32;
export const FLAG_CK_NO_PSEUDO = 64;
/** IPsec AH present (keepalived `auth_type AH`). */
export const FLAG_AH = 128;

/** The columns of a row, by name. */
export const COLUMNS = [
  'frame',
  'tUs',
  'offsetLow',
  'offsetHigh',
  'kind',
  'vrid',
  'prio',
  'ttl',
  'flags',
  'intervalCs',
  'source',
  'vips',
  'auth',
  'demote',
  'trailer',
  'ipId',
] as const;
export type ColumnName = (typeof COLUMNS)[number];
/** Rows as columns (a PacketIndex is one). */
export type RowColumns = Pick<PacketIndex, ColumnName>;

const KEPT = 1;
const FOLLOWING = 2;

type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** The rows a full set of columns of `capacity` rows grows to: by half, so that pushes stay amortised O(1). */
export const grownCapacity = (capacity: number): number => Math.ceil(capacity * 1.5) + 16;

/** Column `a` moved to a new one of the same type with room for `n` rows. */
export function grownColumn<T extends Column>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

export class PacketIndex {
  length = 0;
  /** 0-based packet number in the file. */
  frame: Uint32Array;
  /** µs since the file's first packet. */
  tUs: Float64Array;
  /** File offset of the record, to fetch its bytes again: low 32 bits here, the rest in `offsetHigh`. */
  offsetLow: Uint32Array;
  offsetHigh: Uint8Array;
  kind: Uint8Array;
  vrid: Uint8Array;
  prio: Uint8Array;
  ttl: Uint8Array;
  flags: Uint8Array;
  /** Advert interval in centiseconds (v2 seconds × 100). */
  intervalCs: Uint16Array;
  /** Interned (source address, source MAC); for ARP/NA (announced address, announced MAC). */
  source: Uint16Array;
  /** Interned VIP list (VRRP). */
  vips: Uint16Array;
  /** Interned (auth type, auth data) of VRRPv2. */
  auth: Uint16Array;
  /** CARP: the demotion counter. */
  demote: Uint8Array;
  /** VRRP: 1 when the advert ends with keepalived 2.4's auth_hmac trailer (vrrp/auth-ext.ts). */
  trailer: Uint8Array;
  /**
   * VRRP over IPv4: the IP identification (0 over IPv6). Two captures of one LAN saw the same advert
   * when source, VRID, priority and this agree: the evidence's clock alignment matches on it.
   */
  ipId: Uint16Array;

  /**
   * Null: every row stays (the packet list and the Trace read them). Otherwise only rows the analysis
   * cites stay, so memory follows the routers and their events, not the capture's length: per row,
   * 0 while it is the row being analysed and nothing cites it, KEPT when cited, FOLLOWING when it is
   * a slot one moving reference owns (a master run's last advert) and may overwrite.
   */
  private cited: Uint8Array | null = null;

  constructor(capacity = 1024, citedOnly = false) {
    if (citedOnly) this.cited = new Uint8Array(capacity);
    this.frame = new Uint32Array(capacity);
    this.tUs = new Float64Array(capacity);
    this.offsetLow = new Uint32Array(capacity);
    this.offsetHigh = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.vrid = new Uint8Array(capacity);
    this.prio = new Uint8Array(capacity);
    this.ttl = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.intervalCs = new Uint16Array(capacity);
    this.source = new Uint16Array(capacity);
    this.vips = new Uint16Array(capacity);
    this.auth = new Uint16Array(capacity);
    this.demote = new Uint8Array(capacity);
    this.trailer = new Uint8Array(capacity);
    this.ipId = new Uint16Array(capacity);
  }

  /** File offset of row `i` (up to 1 TiB). */
  offset(i: number): number {
    return this.offsetHigh[i] * 0x1_0000_0000 + this.offsetLow[i];
  }

  setOffset(i: number, byteOffset: number): void {
    this.offsetLow[i] = byteOffset >>> 0;
    this.offsetHigh[i] = Math.floor(byteOffset / 0x1_0000_0000);
  }

  /** True when rows not cited by the analysis are dropped. */
  get citedOnly(): boolean {
    return this.cited !== null;
  }

  /** Row `i` is cited (a first advert, a failover, an anomaly): it stays. Returns its row. */
  keep(i: number): number {
    if (this.cited) this.cited[i] = KEPT;
    return i;
  }

  /**
   * A reference that moves with every advert (a run's last advert) now cites row `i`, the row being
   * analysed; `prev` is what it cited before (-1 for none). Returns the row to cite: `i` itself
   * when every row stays, else a slot of its own that later calls overwrite, so one moving
   * reference holds one row however long it moves.
   */
  follow(prev: number, i: number): number {
    const c = this.cited;
    if (!c) return i;
    if (prev >= 0 && prev !== i && c[prev] === FOLLOWING) {
      this.copyRow(i, prev);
      return prev;
    }
    if (c[i] === 0) {
      c[i] = FOLLOWING;
      return i;
    }
    const j = this.push();
    this.copyRow(i, j);
    this.cited![j] = FOLLOWING;
    return j;
  }

  /** Called once row `i` (the last row) has been analysed: drops it unless something cites it. */
  settle(i: number): void {
    if (this.cited && this.cited[i] === 0 && this.length === i + 1) this.length = i;
  }

  private copyRow(from: number, to: number): void {
    this.frame[to] = this.frame[from];
    this.tUs[to] = this.tUs[from];
    this.offsetLow[to] = this.offsetLow[from];
    this.offsetHigh[to] = this.offsetHigh[from];
    this.kind[to] = this.kind[from];
    this.vrid[to] = this.vrid[from];
    this.prio[to] = this.prio[from];
    this.ttl[to] = this.ttl[from];
    this.flags[to] = this.flags[from];
    this.intervalCs[to] = this.intervalCs[from];
    this.source[to] = this.source[from];
    this.vips[to] = this.vips[from];
    this.auth[to] = this.auth[from];
    this.demote[to] = this.demote[from];
    this.trailer[to] = this.trailer[from];
    this.ipId[to] = this.ipId[from];
  }

  /** Copies of the first `n` rows' columns, to hand to another thread (their buffers can be transferred). */
  copyColumns(n: number): RowColumns {
    const out = {} as Record<ColumnName, ArrayLike<number>>;
    for (const name of COLUMNS) out[name] = this[name].slice(0, n);
    return out as RowColumns;
  }

  get capacity(): number {
    return this.frame.length;
  }

  /** Appends an empty row and returns its index (growing the columns by half when full). */
  push(): number {
    if (this.length === this.capacity) this.grow(grownCapacity(this.capacity));
    return this.length++;
  }

  private grow(n: number): void {
    const g = <T extends Column>(a: T): T => grownColumn(a, n);
    this.frame = g(this.frame);
    this.tUs = g(this.tUs);
    this.offsetLow = g(this.offsetLow);
    this.offsetHigh = g(this.offsetHigh);
    this.kind = g(this.kind);
    this.vrid = g(this.vrid);
    this.prio = g(this.prio);
    this.ttl = g(this.ttl);
    this.flags = g(this.flags);
    this.intervalCs = g(this.intervalCs);
    this.source = g(this.source);
    this.vips = g(this.vips);
    this.auth = g(this.auth);
    this.demote = g(this.demote);
    this.trailer = g(this.trailer);
    this.ipId = g(this.ipId);
    if (this.cited) this.cited = g(this.cited);
  }
}
