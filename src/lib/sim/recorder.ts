/**
 * Collects the trace as the simulation runs: events arrive in clock order (so they are already sorted
 * by t, ties in production order) and packets are numbered as they are sent.
 */
import type { Diagnostic } from '../trace/diagnostic';
import type { Micros, TraceEvent, TracePacket } from '../trace/types';

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  readonly packets: TracePacket[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** SimOptions.recordDeliveries: 'changes' keeps no receipt of accepted adverts nor steady-state deadline moves. */
  deliveries: 'all' | 'changes' = 'all';

  constructor(readonly now: () => Micros) {}

  event(e: TraceEvent): void {
    this.events.push(e);
  }

  /** Records an event dated earlier than now, in its place (after the events of its time). */
  eventAt(e: TraceEvent): void {
    let k = this.events.length;
    while (k > 0 && this.events[k - 1].t > e.t) k--;
    this.events.splice(k, 0, e);
  }

  /** Stores a packet and returns its index. */
  packet(p: Omit<TracePacket, 'index'>): number {
    const index = this.packets.length;
    (p as TracePacket).index = index;
    this.packets.push(p as TracePacket);
    return index;
  }

  log(node: string, text: string, instance?: string): void {
    this.events.push(
      instance
        ? { t: this.now(), kind: 'log', node, instance, text }
        : { t: this.now(), kind: 'log', node, text },
    );
  }

  diagnostic(d: Diagnostic): void {
    const same = this.diagnostics.find((x) => x.code === d.code && x.message === d.message);
    if (same) same.count = (same.count ?? 1) + 1;
    else this.diagnostics.push(d);
  }
}
