/**
 * What the view marks of who is MASTER of each virtual router (the timeline's failover markers and the
 * F key's stops), built on the one definition in src/lib/trace/masters.ts: the takeovers are the
 * trace's failover events (a change of master with a known old master, found when one node is left
 * as the only master and dated when that node entered MASTER), and a dual master (two or more nodes MASTER at once, as in a partition or a
 * one-way block, §8.2) is marked at its start and hatched for its length, when it lasts at least one
 * advert interval (minDualMasterUs). The end of a dual master where the old master keeps the router
 * is no change of master: the clients' master did not change.
 */
import type { Micros, Trace } from '../../lib/trace/types';
import { dualMasters as traceDualMasters, failoversOf, minDualMasterUs } from '../../lib/trace/masters';

export type { FailoverEvent } from '../../lib/trace/types';
import type { FailoverEvent } from '../../lib/trace/types';

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

function walk(trace: Trace): MasterView {
  const changes: MasterChange[] = [];
  const instanceOf = (router: string, node: string) =>
    trace.instances.find((i) => i.router === router && i.node === node)?.id ?? `${node}`;
  // Takeovers: the trace's failover events, written by the simulator and capture analysis with the
  // one rule of changes of master (trace/masters.ts).
  for (const f of failoversOf(trace))
    changes.push({
      t: f.t,
      router: f.router,
      vrid: f.vrid,
      kind: 'takeover',
      from: f.from,
      to: f.to,
      instance: instanceOf(f.router, f.to),
      failover: f,
    });
  const dualMasters: DualMasterPeriod[] = [];
  for (const d of traceDualMasters(trace)) {
    const members = trace.instances.filter((i) => i.router === d.router);
    const intervalUs = Math.max(0, ...members.map((i) => i.advertIntervalCs * 10_000));
    const to = d.toUs ?? trace.endUs;
    if (to - d.fromUs < minDualMasterUs(intervalUs) && d.toUs !== null) continue;
    dualMasters.push({ router: d.router, vrid: d.vrid, from: d.fromUs, to, nodes: d.nodes });
    changes.push({
      t: d.fromUs,
      router: d.router,
      vrid: d.vrid,
      kind: 'dual-master',
      from: d.nodes[0] ?? null,
      to: d.nodes[1] ?? d.nodes[0],
      instance: instanceOf(d.router, d.nodes[1] ?? d.nodes[0]),
      failover: null,
    });
  }
  // A dual master and the takeover that ends it are dated at one instant (the newcomer's entry):
  // the dual master comes first, as it began there.
  const rank = (c: MasterChange) => (c.kind === 'dual-master' ? 0 : 1);
  changes.sort((a, b) => a.t - b.t || a.vrid - b.vrid || rank(a) - rank(b));
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
