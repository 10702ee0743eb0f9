/**
 * What is in the air at virtual time t: each advert recently sent, as one dot per receiver (multicast
 * fans out to every peer of the virtual router, unicast goes to its peer), stopped short with a cross
 * where the trace says it was lost; and each gratuitous ARP / NA as a ring around its sender.
 * Positions are pure functions of t (style.md §7); nothing here keeps animation state.
 */
import type { Micros, Trace, TraceEvent, TracePacket } from '../../lib/trace/types';
import { countAtOrBefore } from '../../lib/trace/search';

export interface Flight {
  /** Stable key for the D3 join: packet index and receiver. */
  key: string;
  packet: number;
  from: string;
  to: string;
  /** 0..1 along the way. */
  progress: number;
  lost: boolean;
  multicast: boolean;
  priority: number | null;
}

export interface Ring {
  key: string;
  node: string;
  /** 0..1 of its expansion. */
  progress: number;
}

/** Lost adverts stop at this fraction of their way. */
export const LOST_AT = 0.55;
export const RING_US = 600_000;

/** How long (virtual µs) an advert takes to cross the drawing: slower playback keeps it visible. */
export function flightDurationUs(speed: number): Micros {
  return Math.min(900_000, 250_000 * Math.max(1, speed / 4));
}

/** Indexes built once per trace: receivers per sending instance, node by MAC and by address, losses. */
export class FlightIndex {
  readonly #trace: Trace;
  readonly #peers = new Map<string, string[]>();
  readonly #byAddress = new Map<string, string>();
  readonly #byMac = new Map<string, string>();
  readonly #lost = new Map<number, Set<string>>();

  constructor(trace: Trace) {
    this.#trace = trace;
    // By router first: comparing every instance with every other is 4 million pairs at 64 × 32.
    const byRouter = new Map<string, string[]>();
    for (const i of trace.instances) {
      const nodes = byRouter.get(i.router);
      if (nodes) nodes.push(i.node);
      else byRouter.set(i.router, [i.node]);
    }
    for (const i of trace.instances)
      this.#peers.set(i.id, [...new Set(byRouter.get(i.router)!.filter((n) => n !== i.node))]);
    for (const n of trace.nodes) {
      for (const itf of n.interfaces) {
        this.#byMac.set(itf.mac, n.id);
        for (const a of itf.addresses) this.#byAddress.set(a.split('/')[0], n.id);
      }
    }
    for (const e of trace.events) if (e.kind === 'advert-lost') this.#lostSet(e).add(e.node);
  }

  #lostSet(e: Extract<TraceEvent, { kind: 'advert-lost' }>): Set<string> {
    let s = this.#lost.get(e.packet);
    if (!s) this.#lost.set(e.packet, (s = new Set()));
    return s;
  }

  /** The node that sent a packet: as recorded, else by source MAC or address. */
  sender(p: TracePacket): string | undefined {
    return p.node ?? (p.srcMac && this.#byMac.get(p.srcMac)) ?? this.#byAddress.get(p.src);
  }

  #receivers(p: TracePacket, from: string): string[] {
    const unicast = this.#byAddress.get(p.dst);
    if (unicast) return [unicast];
    const peers = p.instance ? this.#peers.get(p.instance) : undefined;
    if (peers) return peers;
    // A capture: every other node that advertises the same VRID.
    const vrid = p.vrrp?.vrid;
    const nodes = this.#trace.instances.filter((i) => i.vrid === vrid && i.node !== from).map((i) => i.node);
    return [...new Set(nodes)];
  }

  flightsAt(t: Micros, durationUs: Micros): Flight[] {
    const packets = this.#trace.packets;
    const out: Flight[] = [];
    const start = countAtOrBefore(packets, t - durationUs);
    const end = countAtOrBefore(packets, t);
    for (let k = start; k < end; k++) {
      const p = packets[k];
      if (p.type !== 'vrrp') continue;
      const from = this.sender(p);
      if (!from) continue;
      const progress = (t - p.t) / durationUs;
      const lost = this.#lost.get(p.index);
      for (const to of this.#receivers(p, from)) {
        const isLost = lost?.has(to) ?? false;
        out.push({
          key: `${p.index}>${to}`,
          packet: p.index,
          from,
          to,
          progress: isLost ? Math.min(progress, LOST_AT) : progress,
          lost: isLost,
          multicast: !this.#byAddress.has(p.dst),
          priority: p.vrrp?.priority ?? null,
        });
      }
    }
    return out;
  }

  ringsAt(t: Micros): Ring[] {
    const packets = this.#trace.packets;
    const out: Ring[] = [];
    for (let k = countAtOrBefore(packets, t - RING_US); k < countAtOrBefore(packets, t); k++) {
      const p = packets[k];
      if (!p.announce?.gratuitous) continue;
      const node = this.sender(p);
      if (node) out.push({ key: `g${p.index}`, node, progress: (t - p.t) / RING_US });
    }
    return out;
  }
}
