/**
 * The state of a whole trace at any time t: a fold of the events up to t, sped up by checkpoints so that
 * a seek anywhere costs one binary search, one clone and at most CHECKPOINT_EVERY event applications
 * (RaftScope's rewind; docs/style.md §1).
 */
import type { Cause } from './cause';
import type { Micros, PriorityTerm, Trace, TraceEvent, VrrpState } from './types';
import { eventCountAt } from './search';

export type TimerName = 'advert' | 'master-down' | 'preempt-delay';

export interface InstanceFrame {
  id: string;
  state: VrrpState;
  /** Since when it is in `state`. */
  stateSince: Micros;
  /** Why it is in `state` (cause.ts), null before its first state event. */
  cause: Cause | null;
  /** The earlier causes, root first. */
  chain: Cause[];
  priority: number;
  basePriority: number;
  terms: PriorityTerm[];
  /** VIPs this instance holds now. */
  vips: string[];
  timers: Partial<Record<TimerName, { setAt: Micros; deadline: Micros }>>;
  lastAdvertAt: Micros | null;
  lastAdvertPriority: number | null;
}

export type DaemonStatus = 'running' | 'stopped' | 'killed' | 'paused' | 'unknown';

export interface NodeFrame {
  id: string;
  daemon: DaemonStatus;
  processes: Record<string, boolean>;
  scripts: Record<string, { ok: boolean; status: 'good' | 'bad'; rc: number }>;
  links: Record<string, boolean>;
  /** VIPs (secondary /32 or /128 addresses) per interface, in the order they were added. */
  vips: Record<string, string[]>;
  /** The ARP / neighbour cache: address → MAC. */
  arp: Record<string, string>;
}

export interface Frame {
  t: Micros;
  /** How many events (in trace order) are applied. */
  eventCount: number;
  nodes: Record<string, NodeFrame>;
  instances: Record<string, InstanceFrame>;
  /** Router key → ids of the instances in MASTER state. */
  masters: Record<string, string[]>;
}

const CHECKPOINT_EVERY = 256;

function initialFrame(trace: Trace): Frame {
  const nodes: Record<string, NodeFrame> = {};
  for (const n of trace.nodes) {
    nodes[n.id] = {
      id: n.id,
      daemon: trace.origin.source === 'capture' ? 'unknown' : 'stopped',
      processes: Object.fromEntries((n.processes ?? []).map((p) => [p, false])),
      scripts: {},
      links: Object.fromEntries(n.interfaces.map((i) => [i.name, true])),
      vips: {},
      arp: {},
    };
  }
  const instances: Record<string, InstanceFrame> = {};
  for (const i of trace.instances) {
    instances[i.id] = {
      id: i.id,
      state: trace.origin.source === 'capture' ? 'INIT' : 'STOPPED',
      stateSince: 0,
      cause: null,
      chain: [],
      priority: i.basePriority,
      basePriority: i.basePriority,
      terms: [],
      vips: [],
      timers: {},
      lastAdvertAt: null,
      lastAdvertPriority: null,
    };
  }
  return { t: 0, eventCount: 0, nodes, instances, masters: {} };
}

/**
 * A copy of `f` that applyEvent can change without touching `f`: the records it changes in place
 * (each instance, its timers; each node, its maps) are copied; what it only ever replaces (causes,
 * chains, terms, VIP lists, timer values) is shared. Copying only that is what keeps a seek into a
 * trace of 2 000 instances in a few ms (a structured clone of such a frame takes tens).
 */
function cloneFrame(f: Frame): Frame {
  const instances: Record<string, InstanceFrame> = {};
  for (const id in f.instances) {
    const i = f.instances[id];
    instances[id] = { ...i, timers: { ...i.timers } };
  }
  const nodes: Record<string, NodeFrame> = {};
  for (const id in f.nodes) {
    const n = f.nodes[id];
    nodes[id] = {
      ...n,
      processes: { ...n.processes },
      scripts: { ...n.scripts },
      links: { ...n.links },
      vips: { ...n.vips },
      arp: { ...n.arp },
    };
  }
  return { t: f.t, eventCount: f.eventCount, nodes, instances, masters: f.masters };
}

/** Applies one event to a frame in place. Unknown node or instance ids are ignored. */
export function applyEvent(f: Frame, e: TraceEvent, trace: Trace): void {
  f.t = e.t;
  f.eventCount++;
  switch (e.kind) {
    case 'state': {
      const i = f.instances[e.instance];
      if (!i) return;
      i.state = e.to;
      i.stateSince = e.t;
      i.cause = e.cause;
      i.chain = e.chain;
      if (e.to !== 'MASTER') delete i.timers.advert;
      if (e.to !== 'BACKUP') delete i.timers['master-down'];
      return;
    }
    case 'priority': {
      const i = f.instances[e.instance];
      if (!i) return;
      i.priority = e.to;
      i.basePriority = e.base;
      i.terms = e.terms;
      return;
    }
    case 'vip': {
      const i = f.instances[e.instance];
      const n = f.nodes[e.node];
      if (i)
        i.vips =
          e.op === 'add'
            ? [...i.vips.filter((a) => a !== e.address), e.address]
            : i.vips.filter((a) => a !== e.address);
      if (n) {
        const list = (n.vips[e.interface] ?? []).filter((a) => a !== e.address);
        n.vips[e.interface] = e.op === 'add' ? [...list, e.address] : list;
      }
      return;
    }
    case 'timer': {
      const i = f.instances[e.instance];
      if (!i) return;
      if (e.deadline === null) delete i.timers[e.timer];
      else i.timers[e.timer] = { setAt: e.t, deadline: e.deadline };
      return;
    }
    case 'advert-sent': {
      const i = f.instances[e.instance];
      if (!i) return;
      i.lastAdvertAt = e.t;
      i.lastAdvertPriority = trace.packets[e.packet]?.vrrp?.priority ?? null;
      return;
    }
    case 'arp-cache': {
      const n = f.nodes[e.node];
      if (n) n.arp[e.address] = e.mac;
      return;
    }
    case 'daemon': {
      const n = f.nodes[e.node];
      if (n) n.daemon = e.status;
      return;
    }
    case 'process': {
      const n = f.nodes[e.node];
      if (n) n.processes[e.process] = e.running;
      return;
    }
    case 'script': {
      const n = f.nodes[e.node];
      if (n) n.scripts[e.script] = { ok: e.ok, status: e.status, rc: e.rc };
      return;
    }
    case 'link': {
      const n = f.nodes[e.node];
      if (n) n.links[e.interface] = e.up;
      return;
    }
    default:
      return;
  }
}

function withMasters(f: Frame, trace: Trace): Frame {
  const masters: Record<string, string[]> = {};
  for (const inst of trace.instances) {
    if (f.instances[inst.id]?.state === 'MASTER') (masters[inst.router] ??= []).push(inst.id);
  }
  f.masters = masters;
  return f;
}

/** Seeks a trace. Build one per trace and reuse it: checkpoints are made lazily and kept. */
export class FrameIndex {
  readonly trace: Trace;
  #checkpoints: Frame[] = [];

  constructor(trace: Trace) {
    this.trace = trace;
    this.#checkpoints.push(initialFrame(trace));
  }

  /** The state after every event with time ≤ t. */
  frameAt(t: Micros): Frame {
    return this.frameAfter(eventCountAt(this.trace.events, t), t);
  }

  /** The state after the first `count` events (for stepping event by event). */
  frameAfter(count: number, t?: Micros): Frame {
    const events = this.trace.events;
    const wanted = Math.max(0, Math.min(count, events.length));
    const slot = Math.floor(wanted / CHECKPOINT_EVERY);
    while (this.#checkpoints.length <= slot) {
      const prev = cloneFrame(this.#checkpoints[this.#checkpoints.length - 1]);
      const start = (this.#checkpoints.length - 1) * CHECKPOINT_EVERY;
      for (let k = start; k < start + CHECKPOINT_EVERY; k++) applyEvent(prev, events[k], this.trace);
      this.#checkpoints.push(prev);
    }
    const f = cloneFrame(this.#checkpoints[slot]);
    for (let k = slot * CHECKPOINT_EVERY; k < wanted; k++) applyEvent(f, events[k], this.trace);
    if (t !== undefined) f.t = t;
    return withMasters(f, this.trace);
  }
}
