/**
 * Every aligned capture's adverts per node on the common clock, sorted once, so that the questions
 * an investigation asks for each transition (when did this node last advertise, at what priority,
 * when did it fall silent) cost a binary search, not a pass over millions of packets. The lists are
 * typed-array columns pointing into the captures' rows: no object per advert.
 */
import * as P from '../analysis/packet-index';
import type { Micros } from '../trace/time';
import type { ClockFit } from './align';
import type { NodeIndex } from './identity';
import { ascending, lowerBound } from './capture-rows';
import type { CaptureRead, SourceRead } from './sources';

export interface NodeAdvert {
  t: Micros;
  priority: number;
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
      priority: this.priority[i],
      vrid: this.vrid[i],
      source: c.index,
      packet: c.read.cite(this.row[i]).packet,
    };
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
    // Each capture's sender ids → a node number (-1: no node), resolved once per sender, and each
    // node's advert count: the columns are sized before they are filled.
    const names: string[] = [];
    const numberOf = new Map<string, number>();
    const counts: number[] = [];
    const nodeOfSender = captures.map((c) => {
      const rows = c.read.rows;
      const { kind, source } = rows.ix;
      const length = rows.length;
      const of = new Int32Array(65_536).fill(-2);
      for (let i = 0; i < length; i++) {
        if (kind[i] !== P.KIND_VRRP) continue;
        const id = source[i];
        let node = of[id];
        if (node === -2) {
          const name = nodes.ofAddress(rows.address(i))?.name;
          if (name !== undefined && !numberOf.has(name)) {
            numberOf.set(name, names.length);
            names.push(name);
            counts.push(0);
          }
          of[id] = node = name === undefined ? -1 : numberOf.get(name)!;
        }
        if (node >= 0) counts[node]++;
      }
      return of;
    });
    const t = counts.map((n) => new Float64Array(n));
    const vrid = counts.map((n) => new Uint8Array(n));
    const priority = counts.map((n) => new Uint8Array(n));
    const capture = counts.map((n) => new Uint16Array(n));
    const row = counts.map((n) => new Uint32Array(n));
    const filled = new Int32Array(counts.length);
    // The captures' columns in locals (arrays by capture): the loops below run once per packet.
    const ixs = captures.map((c) => c.read.rows.ix);
    const kinds = ixs.map((ix) => ix.kind);
    const senders = ixs.map((ix) => ix.source);
    const times = ixs.map((ix) => ix.tUs);
    const vrids = ixs.map((ix) => ix.vrid);
    const prios = ixs.map((ix) => ix.prio);
    const base = Float64Array.from(captures, (c) => c.baseUs);
    const ends = Int32Array.from(captures, (c) => c.read.rows.length);
    const put = (k: number, i: number) => {
      if (kinds[k][i] !== P.KIND_VRRP) return;
      const node = nodeOfSender[k][senders[k][i]];
      if (node < 0) return;
      const at = filled[node]++;
      t[node][at] = base[k] + times[k][i];
      vrid[node][at] = vrids[k][i];
      priority[node][at] = prios[k][i];
      capture[node][at] = k;
      row[node][at] = i;
    };
    const inOrder = captures.every((_, k) => ascending(times[k], ends[k]));
    if (inOrder && captures.length > 0) {
      // Every capture in time order: merged by time as they are read (the earlier capture first on
      // a tie, as a stable sort of one capture after the other keeps them), each node's list comes
      // out sorted and needs no sort. `head` holds each capture's next time (Infinity when done).
      const next = new Int32Array(captures.length);
      const head = Float64Array.from(captures, (_, k) => (ends[k] > 0 ? base[k] + times[k][0] : Infinity));
      for (;;) {
        let k = 0;
        for (let c = 1; c < head.length; c++) if (head[c] < head[k]) k = c;
        if (head[k] === Infinity) break;
        const i = next[k]++;
        head[k] = next[k] < ends[k] ? base[k] + times[k][next[k]] : Infinity;
        put(k, i);
      }
    } else for (let k = 0; k < captures.length; k++) for (let i = 0; i < ends[k]; i++) put(k, i);
    names.forEach((name, node) => {
      const all = new AdvertList(captures, t[node], vrid[node], priority[node], capture[node], row[node]);
      // A clock step: filled in source order, then capture order, and sorted stably by time.
      this.byNode.set(name, inOrder ? all : all.pick(stableOrder(t[node])));
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
