/**
 * Every aligned capture's adverts per node on the common clock, sorted once, so that the questions
 * an investigation asks for each transition (when did this node last advertise, at what priority,
 * when did it fall silent) cost a binary search, not a pass over millions of packets. The lists are
 * typed-array columns pointing into the captures' rows: no object per advert.
 */
import * as P from '../analysis/packet-index';
import { US_PER_S, type Micros } from '../trace/time';
import { vipSetKey } from '../vrrp/advert';
import type { ClockFit } from './align';
import type { NodeIndex } from './identity';
import { ascending, lowerBound } from './capture-rows';
import { citedNumber, type CaptureRead, type SourceRead } from './sources';

export interface NodeAdvert {
  t: Micros;
  /** Absent for CARP, whose adverts carry advbase/advskew instead. */
  priority: number | undefined;
  vrid: number;
  source: number;
  /** The cited frame (captures) or line (tcpdump text). */
  packet: number | undefined;
}

/**
 * The order that sorts `t` by time, stable (equal times keep their order). Each capture's adverts
 * are already in time order but for a clock step, so this merges the sorted runs it finds.
 */
function stableOrder(t: Float64Array): Uint32Array {
  const n = t.length;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) if (t[i] < t[i - 1]) starts.push(i);
  let runs = starts;
  let spare = new Uint32Array(n);
  while (runs.length > 1) {
    const next: number[] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const lo = runs[r];
      const mid = runs[r + 1] ?? n;
      const hi = runs[r + 2] ?? n;
      next.push(lo);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) spare[k++] = t[order[j]] < t[order[i]] ? order[j++] : order[i++];
      while (i < mid) spare[k++] = order[i++];
      while (j < hi) spare[k++] = order[j++];
    }
    [order, spare] = [spare, order];
    runs = next;
  }
  return order;
}

/** The columns of AdvertList, for building them. */
interface Columns {
  t: Float64Array;
  vrid: Uint8Array;
  /** VRRP's priority; 255 for a CARP advert, which has none (and never resigns with a priority 0). */
  priority: Uint8Array;
  capture: Uint16Array;
  row: Uint32Array;
}

/** Merges sorted runs of columns in place, through a copy of the left run it keeps for the next merge. */
class Merger {
  private left: Columns | null = null;

  /** Rows [lo, mid) and [mid, hi) are each in time order: after, [lo, hi) is (the left run first on a tie). */
  merge(cols: Columns, lo: number, mid: number, hi: number): void {
    if (mid === lo || mid === hi || cols.t[mid - 1] <= cols.t[mid]) return;
    const n = mid - lo;
    if (!this.left || this.left.t.length < n)
      this.left = {
        t: new Float64Array(n),
        vrid: new Uint8Array(n),
        priority: new Uint8Array(n),
        capture: new Uint16Array(n),
        row: new Uint32Array(n),
      };
    const l = this.left;
    l.t.set(cols.t.subarray(lo, mid));
    l.vrid.set(cols.vrid.subarray(lo, mid));
    l.priority.set(cols.priority.subarray(lo, mid));
    l.capture.set(cols.capture.subarray(lo, mid));
    l.row.set(cols.row.subarray(lo, mid));
    // The write position never passes the right run's next row: the right run stays in place.
    let i = 0;
    let j = mid;
    let w = lo;
    while (i < n)
      if (j < hi && cols.t[j] < l.t[i]) copyRow(cols, j++, cols, w++);
      else copyRow(l, i++, cols, w++);
  }
}

function copyRow(from: Columns, i: number, to: Columns, j: number): void {
  to.t[j] = from.t[i];
  to.vrid[j] = from.vrid[i];
  to.priority[j] = from.priority[i];
  to.capture[j] = from.capture[i];
  to.row[j] = from.row[i];
}

/** A capture the adverts come from, and what to add to its times for the common clock. */
interface AlignedCapture {
  index: number;
  read: CaptureRead;
  baseUs: Micros;
}

/** One node's adverts in time order: common-clock time, VRID, priority, and the capture and row each comes from. */
export class AdvertList {
  constructor(
    private readonly captures: AlignedCapture[],
    readonly t: Float64Array,
    readonly vrid: Uint8Array,
    readonly priority: Uint8Array,
    private readonly capture: Uint16Array,
    private readonly row: Uint32Array,
  ) {}

  get length(): number {
    return this.t.length;
  }

  at(i: number): NodeAdvert {
    const c = this.captures[this.capture[i]];
    return {
      t: this.t[i],
      priority: this.isCarp(i) ? undefined : this.priority[i],
      vrid: this.vrid[i],
      source: c.index,
      packet: citedNumber(c.read.cite(this.row[i])),
    };
  }

  /** Per gap length, the positions where advertising may end (see advertisingEnd), found once. */
  private readonly breaks = new Map<number, Uint32Array>();

  /**
   * Where advertising begun at or before `from` ends: the time of its last advert before a
   * priority-0 advert (a resignation), or before a gap longer than `gapUs` that `bridged(last, next)`
   * does not excuse. `from` itself when nothing follows it. A master advertises for hours between
   * failovers, so the gaps and priority-0 adverts are listed once per list, and a question skips to
   * them instead of walking every advert.
   */
  advertisingEnd(from: Micros, gapUs: number, bridged: (last: Micros, next: Micros) => boolean): Micros {
    const { t, priority } = this;
    const n = t.length;
    let k = lowerBound(t, from - 2 * US_PER_S);
    // The adverts up to `from` open no gap (`from` is later); only a resignation ends it there.
    for (; k < n && t[k] <= from; k++) if (priority[k] === 0) return from;
    if (k === n) return from;
    if (priority[k] === 0 || (t[k] - from > gapUs && !bridged(from, t[k]))) return from;
    const breaks = this.breaksOf(gapUs);
    for (let b = lowerBound(breaks, k + 1); b < breaks.length; b++) {
      const j = breaks[b];
      if (priority[j] === 0 || !bridged(t[j - 1], t[j])) return t[j - 1];
    }
    return t[n - 1];
  }

  private breaksOf(gapUs: number): Uint32Array {
    let out = this.breaks.get(gapUs);
    if (out) return out;
    const { t, priority } = this;
    const at: number[] = [];
    for (let j = 1; j < t.length; j++) if (priority[j] === 0 || t[j] - t[j - 1] > gapUs) at.push(j);
    this.breaks.set(gapUs, (out = Uint32Array.from(at)));
    return out;
  }

  /** A CARP advert (it carries no VIP list). */
  isCarp(i: number): boolean {
    return this.captures[this.capture[i]].read.rows.ix.kind[this.row[i]] === P.KIND_CARP;
  }

  /** The VIP list advert i carries. */
  vipsAt(i: number): string[] {
    return this.captures[this.capture[i]].read.rows.addresses(this.row[i]);
  }

  /** The adverts at the positions `keep` (ascending). */
  pick(keep: ArrayLike<number>): AdvertList {
    const n = keep.length;
    const cols = [
      new Float64Array(n),
      new Uint8Array(n),
      new Uint8Array(n),
      new Uint16Array(n),
      new Uint32Array(n),
    ] as const;
    const from = [this.t, this.vrid, this.priority, this.capture, this.row] as const;
    for (let c = 0; c < cols.length; c++) {
      const to = cols[c];
      const src = from[c];
      for (let k = 0; k < n; k++) to[k] = src[keep[k]];
    }
    return new AdvertList(this.captures, ...cols);
  }

  /** The adverts on one VRID. */
  only(vrid: number): AdvertList {
    let n = 0;
    for (let i = 0; i < this.length; i++) if (this.vrid[i] === vrid) n++;
    if (n === this.length) return this;
    const keep = new Uint32Array(n);
    for (let i = 0, k = 0; i < this.length; i++) if (this.vrid[i] === vrid) keep[k++] = i;
    return this.pick(keep);
  }
}

const EMPTY = new AdvertList(
  [],
  new Float64Array(0),
  new Uint8Array(0),
  new Uint8Array(0),
  new Uint16Array(0),
  new Uint32Array(0),
);

/**
 * How late a push may arrive after the deadline it resets and still have reset it: in the
 * vrid-collision recording's capture the latest one arrived 33 ms after the silent master's deadline
 * (its timer thread wakes late under load; an observed margin, not keepalived's own figure).
 */
const PUSH_SLACK_US = 50_000;

export class AdvertIndex {
  private readonly byNode = new Map<string, AdvertList>();
  private readonly cache = new Map<string, AdvertList>();

  constructor(sources: SourceRead[], fits: Map<number, ClockFit>, nodes: NodeIndex) {
    const captures: AlignedCapture[] = [];
    for (const c of sources) {
      const fit = fits.get(c.index);
      if (c.capture && fit && fit.method !== 'none')
        captures.push({ index: c.index, read: c.capture, baseUs: c.capture.epochUs + fit.offsetUs });
    }
    // Each capture's sender ids → a node number (-1: no node), resolved once per sender, and the
    // adverts per sender id: the columns are sized before they are filled.
    const names: string[] = [];
    const numberOf = new Map<string, number>();
    const perCapture = captures.map((c) => {
      const rows = c.read.rows;
      const { kind, source } = rows.ix;
      const length = rows.length;
      const nodeOf = new Int32Array(65_536).fill(-2);
      const adverts = new Int32Array(65_536);
      for (let i = 0; i < length; i++) {
        if (kind[i] !== P.KIND_VRRP && kind[i] !== P.KIND_CARP) continue;
        const id = source[i];
        adverts[id]++;
        if (nodeOf[id] !== -2) continue;
        const name = nodes.ofAddress(rows.address(i))?.name;
        if (name !== undefined && !numberOf.has(name)) {
          numberOf.set(name, names.length);
          names.push(name);
        }
        nodeOf[id] = name === undefined ? -1 : numberOf.get(name)!;
      }
      // Adverts per node in this capture.
      const counts = new Int32Array(names.length + 1);
      for (let id = 0; id < 65_536; id++) if (nodeOf[id] >= 0) counts[nodeOf[id]] += adverts[id];
      return { nodeOf, counts };
    });
    // One set of columns: each node's region holds a segment per capture, in capture order.
    const starts = names.map(() => new Int32Array(captures.length + 1));
    let total = 0;
    names.forEach((_, node) => {
      for (let k = 0; k < captures.length; k++) {
        starts[node][k] = total;
        total += perCapture[k].counts[node] ?? 0;
      }
      starts[node][captures.length] = total;
    });
    const cols: Columns = {
      t: new Float64Array(total),
      vrid: new Uint8Array(total),
      priority: new Uint8Array(total),
      capture: new Uint16Array(total),
      row: new Uint32Array(total),
    };
    let inOrder = true;
    captures.forEach((c, k) => {
      const { kind, source, tUs, vrid, prio } = c.read.rows.ix;
      const length = c.read.rows.length;
      inOrder &&= ascending(tUs, length);
      const { nodeOf } = perCapture[k];
      const at = Int32Array.from(starts, (s) => s[k]);
      const base = c.baseUs;
      for (let i = 0; i < length; i++) {
        const carp = kind[i] === P.KIND_CARP;
        if (kind[i] !== P.KIND_VRRP && !carp) continue;
        const node = nodeOf[source[i]];
        if (node < 0) continue;
        const j = at[node]++;
        cols.t[j] = base + tUs[i];
        cols.vrid[j] = vrid[i];
        cols.priority[j] = carp ? 255 : prio[i];
        cols.capture[j] = k;
        cols.row[j] = i;
      }
    });
    const scratch = new Merger();
    names.forEach((name, node) => {
      const s = starts[node];
      const lo = s[0];
      const hi = s[captures.length];
      // Every capture in time order: each segment is, and merging them (the earlier capture first
      // on a tie, as a stable sort of one capture after the other keeps them) sorts the node's list.
      if (inOrder) for (let k = 1; k < captures.length; k++) scratch.merge(cols, lo, s[k], s[k + 1]);
      const all = new AdvertList(
        captures,
        cols.t.subarray(lo, hi),
        cols.vrid.subarray(lo, hi),
        cols.priority.subarray(lo, hi),
        cols.capture.subarray(lo, hi),
        cols.row.subarray(lo, hi),
      );
      // A clock step: filled in capture order, and sorted stably by time.
      this.byNode.set(name, inOrder ? all : all.pick(stableOrder(all.t)));
    });
  }

  /** A node's adverts on one VRID (any VRID when null), in time order. */
  of(node: string, vrid: number | null): AdvertList {
    const all = this.byNode.get(node) ?? EMPTY;
    if (vrid === null) return all;
    const k = `${node}|${vrid}`;
    let list = this.cache.get(k);
    if (!list) this.cache.set(k, (list = all.only(vrid)));
    return list;
  }

  /**
   * Whether the other nodes' adverts on a VRID kept a silent master's advert timer from firing from
   * its advert at `from` until its next one at `to`. Every packet for its VRID resets a MASTER's
   * advert deadline to now + its interval, even one it drops (§2.11): a master that drops its peers'
   * adverts (VIP lists that differ from its own, §1.10 #8, #12, §8.3) stays MASTER and silent while
   * they advertise, and speaks again an interval after the last of them. An advert it accepts in the
   * gap rules that out: a higher priority makes it yield, a lower one it answers at once (§2.6). Its
   * interval is the spacing of its last two adverts; a deadline is met within PUSH_SLACK_US (its
   * timer thread wakes late).
   */
  pushedThrough(node: string, vrid: number | null, from: Micros, to: Micros): boolean {
    if (vrid === null) return false;
    const own = this.of(node, vrid);
    const i = lowerBound(own.t, from);
    if (i >= own.length || own.t[i] !== from || own.isCarp(i)) return false;
    const vips = vipSetKey(own.vipsAt(i));
    const spacing = i > 0 ? from - own.t[i - 1] : US_PER_S;
    const intervalUs = spacing >= 0.1 * US_PER_S && spacing <= 10 * US_PER_S ? spacing : US_PER_S;
    const pushes: number[] = [];
    // The silence lasts until its next advert, or until the first advert it accepts, which it
    // answers at once when that is lower (the answer is `to`).
    let until = to;
    for (const other of this.byNode.keys()) {
      if (other === node) continue;
      const list = this.of(other, vrid);
      for (let k = lowerBound(list.t, from); k < list.length && list.t[k] < to; k++) {
        if (list.t[k] <= from) continue;
        if (vipSetKey(list.vipsAt(k)) !== vips) pushes.push(list.t[k]);
        else if (list.priority[k] < own.priority[i] && to - list.t[k] <= PUSH_SLACK_US)
          until = Math.min(until, list.t[k]);
        else return false;
      }
    }
    pushes.sort((a, b) => a - b);
    let deadline = from + intervalUs;
    for (const p of pushes) {
      if (p > deadline + PUSH_SLACK_US) break;
      deadline = Math.max(deadline, p + intervalUs);
    }
    return deadline + PUSH_SLACK_US >= until;
  }

  /** The last advert strictly before t. */
  lastBefore(node: string, vrid: number | null, t: Micros): NodeAdvert | null {
    const list = this.of(node, vrid);
    const i = lowerBound(list.t, t);
    return i > 0 ? list.at(i - 1) : null;
  }

  /** The first advert at or after t. */
  firstFrom(node: string, vrid: number | null, t: Micros): NodeAdvert | null {
    const list = this.of(node, vrid);
    const i = lowerBound(list.t, t);
    return i < list.length ? list.at(i) : null;
  }
}
