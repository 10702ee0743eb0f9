/**
 * Every aligned capture's adverts per node on the common clock, sorted once, so that the questions
 * an investigation asks for each transition (when did this node last advertise, at what priority,
 * when did it fall silent) cost a binary search, not a pass over millions of packets.
 */
import type { Micros } from '../trace/time';
import type { ClockFit } from './align';
import type { NodeIndex } from './identity';
import type { SourceRead } from './sources';

export interface NodeAdvert {
  t: Micros;
  priority: number;
  vrid: number;
  source: number;
  /** The cited frame (captures) or line (tcpdump text). */
  packet: number | undefined;
}

/** The first index of a sorted list whose time is ≥ t. */
export function lowerBound<T>(list: readonly T[], t: number, time: (x: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time(list[mid]) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class AdvertIndex {
  private readonly byNode = new Map<string, NodeAdvert[]>();
  private readonly cache = new Map<string, NodeAdvert[]>();

  constructor(sources: SourceRead[], fits: Map<number, ClockFit>, nodes: NodeIndex) {
    for (const c of sources) {
      const fit = fits.get(c.index);
      if (!c.capture || !fit || fit.method === 'none') continue;
      const cap = c.capture;
      cap.packets.forEach((p, i) => {
        if (!p.vrrp) return;
        const node = nodes.ofAddress(p.src)?.name;
        if (!node) return;
        let list = this.byNode.get(node);
        if (!list) this.byNode.set(node, (list = []));
        list.push({
          t: cap.epochUs + p.t + fit.offsetUs,
          priority: p.vrrp.priority,
          vrid: p.vrrp.vrid,
          source: c.index,
          packet: cap.cite[i].packet,
        });
      });
    }
    for (const list of this.byNode.values()) list.sort((a, b) => a.t - b.t);
  }

  /** A node's adverts on one VRID (any VRID when null), in time order. */
  of(node: string, vrid: number | null): NodeAdvert[] {
    const all = this.byNode.get(node) ?? [];
    if (vrid === null) return all;
    const k = `${node}|${vrid}`;
    let list = this.cache.get(k);
    if (!list) this.cache.set(k, (list = all.filter((a) => a.vrid === vrid)));
    return list;
  }

  /** The last advert strictly before t. */
  lastBefore(node: string, vrid: number | null, t: Micros): NodeAdvert | null {
    const list = this.of(node, vrid);
    const i = lowerBound(list, t, (a) => a.t);
    return i > 0 ? list[i - 1] : null;
  }

  /** The first advert at or after t. */
  firstFrom(node: string, vrid: number | null, t: Micros): NodeAdvert | null {
    const list = this.of(node, vrid);
    return list[lowerBound(list, t, (a) => a.t)] ?? null;
  }
}
