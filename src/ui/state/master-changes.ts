/**
 * Who is MASTER of each virtual router over time, as the view shows it: the changes of master (the
 * timeline's failover markers and the F key's stops) and the dual-master periods. Read from the
 * trace's `state` events only, so a simulation and a capture are read alike.
 *
 * A change of master is either a takeover (one node is the only MASTER and it was not one a moment
 * before) or the start of a dual master (a second node becomes MASTER while the first stays, as in a
 * partition or a one-way block, §8.2). The end of a dual master, where the extra master steps back and
 * the one that never stopped remains, is not a change of master: the clients' master did not change.
 * Events at one microsecond are taken together: in a takeover the new master enters MASTER and the old
 * one leaves it at the same time, which is no dual master.
 */
import type { Micros, Trace, TraceEvent } from '../../lib/trace/types';

export type FailoverEvent = Extract<TraceEvent, { kind: 'failover' }>;

export interface MasterChange {
  t: Micros;
  router: string;
  vrid: number;
  kind: 'takeover' | 'dual-master';
  /** takeover: the previous master node (null when none was known); dual-master: the master that stayed. */
  from: string | null;
  /** The node that became MASTER. */
  to: string;
  /** Its instance id. */
  instance: string;
  /** The trace's own failover event for this takeover (its gap and cause), when it has one. */
  failover: FailoverEvent | null;
}

export interface DualMasterPeriod {
  router: string;
  vrid: number;
  from: Micros;
  /** Until one master is left (or none), or the trace end. */
  to: Micros;
  /** Every node that was MASTER during the period, in the order they became MASTER. */
  nodes: string[];
}

export interface MasterView {
  /** In time order. */
  changes: MasterChange[];
  dualMasters: DualMasterPeriod[];
}

interface RouterWalk {
  vrid: number;
  /** Instance id → node id of the instances in MASTER now. */
  masters: Map<string, string>;
  /** The set at the start of the current microsecond. */
  before: Map<string, string>;
  /** The last node that was the only MASTER. */
  lastSole: string | null;
  open: DualMasterPeriod | null;
}

function walk(trace: Trace): MasterView {
  const instances = new Map(trace.instances.map((i) => [i.id, i]));
  const routers = new Map<string, RouterWalk>();
  const failovers = new Map<string, FailoverEvent>();
  const changes: MasterChange[] = [];
  const dualMasters: DualMasterPeriod[] = [];
  const touched = new Set<string>();

  const settle = (t: Micros) => {
    for (const key of touched) {
      const r = routers.get(key)!;
      const before = r.before;
      const now = r.masters;
      const added = [...now].filter(([id]) => !before.has(id));
      if (now.size >= 2) {
        if (!r.open) {
          const stayed = [...now].find(([id]) => before.has(id))?.[1] ?? r.lastSole;
          r.open = { router: key, vrid: r.vrid, from: t, to: trace.endUs, nodes: [] };
          for (const [, node] of [...now].filter(([id]) => before.has(id))) r.open.nodes.push(node);
          dualMasters.push(r.open);
          const [instance, node] = added[0] ?? [...now][now.size - 1];
          changes.push({
            t,
            router: key,
            vrid: r.vrid,
            kind: 'dual-master',
            from: stayed,
            to: node,
            instance,
            failover: null,
          });
        }
        for (const [, node] of added) if (!r.open.nodes.includes(node)) r.open.nodes.push(node);
      } else {
        if (r.open) {
          r.open.to = t;
          r.open = null;
        }
        if (now.size === 1) {
          const [instance, node] = [...now][0];
          if (!before.has(instance) && r.lastSole !== null && r.lastSole !== node)
            changes.push({
              t,
              router: key,
              vrid: r.vrid,
              kind: 'takeover',
              from: r.lastSole,
              to: node,
              instance,
              failover: failovers.get(`${key}|${t}|${node}`) ?? null,
            });
          r.lastSole = node;
        }
      }
      r.before = new Map(now);
    }
    touched.clear();
  };

  // Failover events name their takeover's gap and cause; index them to attach to the change.
  for (const e of trace.events) if (e.kind === 'failover') failovers.set(`${e.router}|${e.t}|${e.to}`, e);

  let t: Micros | null = null;
  for (const e of trace.events) {
    if (e.kind !== 'state') continue;
    if (t !== null && e.t !== t) settle(t);
    t = e.t;
    const inst = instances.get(e.instance);
    if (!inst) continue;
    let r = routers.get(inst.router);
    if (!r)
      routers.set(
        inst.router,
        (r = { vrid: inst.vrid, masters: new Map(), before: new Map(), lastSole: null, open: null }),
      );
    if (e.to === 'MASTER') r.masters.set(inst.id, inst.node);
    else r.masters.delete(inst.id);
    touched.add(inst.router);
  }
  if (t !== null) settle(t);
  return { changes, dualMasters };
}

const views = new WeakMap<Trace, MasterView>();

/** The changes of master and dual-master periods of a trace, computed once per trace. */
export function masterView(trace: Trace): MasterView {
  let v = views.get(trace);
  if (!v) views.set(trace, (v = walk(trace)));
  return v;
}

/** The first change of master after `t`, or null. */
export function nextMasterChange(trace: Trace, t: Micros): MasterChange | null {
  return masterView(trace).changes.find((c) => c.t > t) ?? null;
}
