/**
 * Who is master of each virtual router, defined once from the trace's state events: master runs
 * (every stretch an instance spent in MASTER; runs of different nodes may overlap), dual-master
 * periods (two or more nodes MASTER of one router at once, §8), and changes of master.
 *
 * A change of master happens when one node is left as the router's only master and it is not the
 * node that was last the only master (the holder); it is dated when that node entered MASTER. So a
 * split brain is one dual-master period and no failover when the old master keeps the router after
 * it, and one change of master, dated at the newcomer's entry, when the newcomer keeps it; a takeover
 * where the old master yields on the new one's first advert (after the LAN delay) is at the entry. The simulator applies the same rule as it runs
 * (`MasterTracker`, sim/world.ts) to write its failover events; capture analysis and the views use
 * the functions below.
 */
import type { Cause } from './cause';
import type { FailoverEvent, Micros, Trace, TraceEvent, TracePacket } from './types';

type StateEvent = Extract<TraceEvent, { kind: 'state' }>;

export interface MasterRun {
  vrid: number;
  router: string;
  node: string;
  instance: string;
  /** The source address of its adverts, when it sent any. */
  source: string | null;
  fromUs: Micros;
  /** Null when still MASTER at the end of the trace. */
  toUs: Micros | null;
}

/** Two or more nodes MASTER of one virtual router at once. */
export interface DualMaster {
  router: string;
  vrid: number;
  fromUs: Micros;
  /** Null when it lasts to the end of the trace. */
  toUs: Micros | null;
  /** Every node that was MASTER during the period, in order of entry. */
  nodes: string[];
}

/** A change of master: `from` is null for a router's first master (an election, not a failover). */
export interface MasterChange {
  from: string | null;
  to: string;
}

/**
 * The rule of changes of master, applied event by event: `enter` and `leave` report the change of
 * master the step makes, if any. Nodes, not instances: a node with two instances of one router is
 * one master.
 */
export class MasterTracker {
  readonly #masters = new Map<string, Map<string, number>>();
  readonly #holder = new Map<string, string>();
  /** When the holder was last settled, and who held the router before. */
  readonly #settled = new Map<string, { t: Micros; previous: string | null }>();

  /** The nodes MASTER of `router` now, in order of entry. */
  masters(router: string): string[] {
    return [...(this.#masters.get(router)?.keys() ?? [])];
  }

  /** The node that was last the only master of `router`. */
  holder(router: string): string | null {
    return this.#holder.get(router) ?? null;
  }

  /** `t` dates the step: two nodes that enter MASTER in the same µs were neither ever the only master. */
  enter(router: string, node: string, t: Micros): MasterChange | null {
    let m = this.#masters.get(router);
    if (!m) this.#masters.set(router, (m = new Map()));
    const n = m.get(node) ?? 0;
    m.set(node, n + 1);
    if (n === 0 && m.size === 2) this.#unsettleSameInstant(router, node, t);
    return n === 0 && m.size === 1 ? this.#settle(router, node, t) : null;
  }

  leave(router: string, node: string, t: Micros): MasterChange | null {
    const m = this.#masters.get(router);
    const n = m?.get(node);
    if (!m || n === undefined) return null;
    if (n > 1) {
      m.set(node, n - 1);
      return null;
    }
    m.delete(node);
    return m.size === 1 ? this.#settle(router, m.keys().next().value as string, t) : null;
  }

  #unsettleSameInstant(router: string, entering: string, t: Micros): void {
    const s = this.#settled.get(router);
    const sole = this.#holder.get(router);
    if (!s || s.t !== t || sole === undefined || sole === entering) return;
    if (s.previous === null) this.#holder.delete(router);
    else this.#holder.set(router, s.previous);
  }

  #settle(router: string, only: string, t: Micros): MasterChange | null {
    const holder = this.#holder.get(router) ?? null;
    this.#settled.set(router, { t, previous: holder });
    this.#holder.set(router, only);
    return holder === only ? null : { from: holder, to: only };
  }
}

interface MasterStep {
  e: StateEvent;
  router: string;
  vrid: number;
  change: MasterChange | null;
  /** The nodes MASTER of the router after the step. */
  masters: string[];
}

/** The state events that enter or leave MASTER, each with the change of master it makes. */
function* masterSteps(trace: Trace): Generator<MasterStep> {
  const routers = new Map(trace.instances.map((i) => [i.id, { router: i.router, vrid: i.vrid }]));
  const tracker = new MasterTracker();
  for (const e of trace.events) {
    if (e.kind !== 'state' || (e.to === 'MASTER') === (e.from === 'MASTER')) continue;
    const r = routers.get(e.instance);
    if (!r) continue;
    const change =
      e.to === 'MASTER' ? tracker.enter(r.router, e.node, e.t) : tracker.leave(r.router, e.node, e.t);
    yield { e, router: r.router, vrid: r.vrid, change, masters: tracker.masters(r.router) };
  }
}

/** Every stretch of time an instance spent in MASTER, in start order. */
export function masterRuns(trace: Trace): MasterRun[] {
  const byId = new Map(trace.instances.map((i) => [i.id, i]));
  const open = new Map<string, MasterRun>();
  const runs: MasterRun[] = [];
  for (const e of trace.events) {
    if (e.kind === 'state') {
      const inst = byId.get(e.instance);
      if (!inst) continue;
      if (e.to === 'MASTER' && !open.has(e.instance)) {
        const run: MasterRun = {
          vrid: inst.vrid,
          router: inst.router,
          node: inst.node,
          instance: inst.id,
          source: null,
          fromUs: e.t,
          toUs: null,
        };
        open.set(e.instance, run);
        runs.push(run);
      } else if (e.from === 'MASTER' && e.to !== 'MASTER') {
        const run = open.get(e.instance);
        if (run) run.toUs = e.t;
        open.delete(e.instance);
      }
    } else if (e.kind === 'advert-sent') {
      const run = open.get(e.instance);
      if (run && run.source === null) run.source = trace.packets[e.packet]?.src ?? null;
    }
  }
  return runs;
}

/**
 * Every period in which two or more nodes were MASTER of one virtual router, in start order: one per
 * episode, however the masters interleave within it.
 */
export function dualMasters(trace: Trace): DualMaster[] {
  return dualPeriods(
    (function* () {
      for (const { e, masters, router, vrid } of masterSteps(trace)) yield { t: e.t, router, vrid, masters };
    })(),
  );
}

/**
 * The dual-master periods of a walk of master sets (each step: the nodes MASTER of a router after
 * it): the one definition for traces (above) and for a capture's report (analysis/report.ts).
 */
export function dualPeriods(
  steps: Iterable<{ t: Micros; router: string; vrid: number; masters: string[] }>,
): DualMaster[] {
  const open = new Map<string, DualMaster>();
  const out: DualMaster[] = [];
  for (const { t, masters: now, router, vrid } of steps) {
    const period = open.get(router);
    if (now.length > 1) {
      if (period) {
        for (const n of now) if (!period.nodes.includes(n)) period.nodes.push(n);
      } else {
        const p: DualMaster = { router, vrid, fromUs: t, toUs: null, nodes: [...now] };
        open.set(router, p);
        out.push(p);
      }
    } else if (period) {
      period.toUs = t;
      open.delete(router);
    }
  }
  // A handover within one µs (the new master's advert read at once by the old) is no period.
  return out.filter((p) => p.toUs !== p.fromUs);
}

/**
 * The shortest dual master worth marking, for a router advertising every `intervalUs`: in a takeover
 * the old master yields when the new master's first advert reaches it, a few hundred µs later, so
 * both are MASTER for less than one advert interval. That is a handover (the failover is its change
 * of master), not a split brain.
 */
export function minDualMasterUs(intervalUs: number): Micros {
  return intervalUs;
}

/** The last advert (any priority, priority 0 included) `node` sent for `vrid` before or at `t`. */
export function lastAdvertOf(
  packets: readonly TracePacket[],
  node: string,
  vrid: number,
  t: Micros,
): TracePacket | null {
  let hi = packets.length;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (packets[mid].t <= t) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0; k--) {
    const p = packets[k];
    if (p.node === node && (p.vrrp?.vrid ?? p.carp?.vhid) === vrid) return p;
  }
  return null;
}

/**
 * The failover event of a change of master at `t`: its cause is the new master's move to MASTER
 * (with that move's chain), its gap the time since the old master's last advert of any priority.
 */
export function failoverEvent(
  t: Micros,
  router: string,
  vrid: number,
  change: { from: string; to: string },
  entry: { cause: Cause; chain: Cause[] },
  last: { t: Micros; packet?: number } | null,
): FailoverEvent {
  return {
    t,
    kind: 'failover',
    router,
    vrid,
    from: change.from,
    to: change.to,
    gapUs: last ? t - last.t : null,
    ...(last?.packet !== undefined ? { lastAdvertPacket: last.packet } : {}),
    cause: entry.cause,
    chain: entry.chain,
  };
}

/**
 * Every change of master with a known old master (a failover), from the state events: what the
 * failover events of a trace must say. Captures write theirs with it (analysis/trace-build.ts).
 */
export function masterChanges(trace: Trace): FailoverEvent[] {
  const entered = new Map<string, StateEvent>();
  const out: FailoverEvent[] = [];
  for (const { e, change, ...r } of masterSteps(trace)) {
    if (e.to === 'MASTER') entered.set(`${r.router} ${e.node}`, e);
    if (!change || change.from === null) continue;
    const entry = entered.get(`${r.router} ${change.to}`) ?? e;
    const last = lastAdvertOf(trace.packets, change.from, r.vrid, entry.t);
    out.push(
      failoverEvent(
        entry.t,
        r.router,
        r.vrid,
        { from: change.from, to: change.to },
        entry,
        last && { t: last.t, packet: last.index },
      ),
    );
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The failover events a trace carries, in time order. */
export function failoversOf(trace: Trace): FailoverEvent[] {
  return trace.events.filter((e): e is FailoverEvent => e.kind === 'failover');
}
