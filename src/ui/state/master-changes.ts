/**
 * Who is MASTER of each virtual router over time, as the view shows it: the changes of master (the
 * timeline's failover markers and the F key's stops) and the dual-master periods. Read from the
 * trace's `state` events only, so a simulation and a capture are read alike.
 *
 * A change of master is either a takeover (one node is the only MASTER and it was not one a moment
 * before) or the start of a dual master (a second node becomes MASTER while the first stays, as in a
 * partition or a one-way block, §8.2). The end of a dual master, where the extra master steps back and
 * the one that never stopped remains, is not a change of master: the clients' master did not change.
 * Events at one microsecond are taken together, and both MASTER for less than one advert interval is a
 * handover (minDualMasterUs): in a takeover the old master yields when the new master's first advert
 * reaches it, a few hundred µs later.
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

/** The masters of one router from `t` until the next segment: instance id → node id. */
interface Segment {
  t: Micros;
  masters: Map<string, string>;
}

/**
 * The shortest dual master shown as one, for a router advertising every `intervalUs`: a takeover
 * where the old master yields when it hears the new master's first advert (a few hundred µs later,
 * §2.6) leaves both MASTER for less than one advert interval, and that is a handover, not a split brain.
 */
export function minDualMasterUs(intervalUs: number): Micros {
  return intervalUs;
}

/** Per router, its master sets over time (events at one microsecond taken together). */
function segmentsOf(trace: Trace): Map<string, Segment[]> {
  const instances = new Map(trace.instances.map((i) => [i.id, i]));
  const out = new Map<string, Segment[]>();
  const current = new Map<string, Map<string, string>>();
  const touched = new Set<string>();
  let t: Micros | null = null;
  const settle = (at: Micros) => {
    for (const key of touched) {
      const list = out.get(key) ?? [];
      list.push({ t: at, masters: new Map(current.get(key)) });
      out.set(key, list);
    }
    touched.clear();
  };
  for (const e of trace.events) {
    if (e.kind !== 'state') continue;
    if (t !== null && e.t !== t) settle(t);
    t = e.t;
    const inst = instances.get(e.instance);
    if (!inst) continue;
    const masters = current.get(inst.router) ?? new Map<string, string>();
    current.set(inst.router, masters);
    if (e.to === 'MASTER') masters.set(inst.id, inst.node);
    else masters.delete(inst.id);
    touched.add(inst.router);
  }
  if (t !== null) settle(t);
  return out;
}

/** Drops the dual-master segments shorter than `minUs`; the segment after one starts when it did. */
function withoutHandovers(segments: Segment[], minUs: Micros, endUs: Micros): Segment[] {
  const out: Segment[] = [];
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k];
    const next = segments[k + 1];
    if (s.masters.size >= 2 && next && next.t - s.t < minUs) {
      segments[k + 1] = { t: s.t, masters: next.masters };
      continue;
    }
    out.push(s);
  }
  return out.filter((s, k) => k === 0 || s.t <= endUs);
}

function walk(trace: Trace): MasterView {
  const failovers = new Map<string, FailoverEvent>();
  // Failover events name their takeover's gap and cause; index them to attach to the change.
  for (const e of trace.events) if (e.kind === 'failover') failovers.set(`${e.router}|${e.t}|${e.to}`, e);
  const changes: MasterChange[] = [];
  const dualMasters: DualMasterPeriod[] = [];
  for (const [key, raw] of segmentsOf(trace)) {
    const members = trace.instances.filter((i) => i.router === key);
    const vrid = members[0]?.vrid ?? 0;
    const intervalUs = Math.max(...members.map((i) => i.advertIntervalCs * 10_000), 0);
    let before = new Map<string, string>();
    let lastSole: string | null = null;
    let open: DualMasterPeriod | null = null;
    for (const { t, masters: now } of withoutHandovers(raw, minDualMasterUs(intervalUs), trace.endUs)) {
      const added = [...now].filter(([id]) => !before.has(id));
      if (now.size >= 2) {
        if (!open) {
          const kept = [...now].filter(([id]) => before.has(id)).map(([, node]) => node);
          open = { router: key, vrid, from: t, to: trace.endUs, nodes: [...kept] };
          dualMasters.push(open);
          const [instance, node] = added[0] ?? [...now][now.size - 1];
          const from = kept[0] ?? lastSole;
          changes.push({
            t,
            router: key,
            vrid,
            kind: 'dual-master',
            from,
            to: node,
            instance,
            failover: null,
          });
        }
        for (const [, node] of added) if (!open.nodes.includes(node)) open.nodes.push(node);
      } else {
        if (open) {
          open.to = t;
          open = null;
        }
        if (now.size === 1) {
          const [instance, node] = [...now][0];
          if (!before.has(instance) && lastSole !== null && lastSole !== node)
            changes.push({
              t,
              router: key,
              vrid,
              kind: 'takeover',
              from: lastSole,
              to: node,
              instance,
              failover: failovers.get(`${key}|${t}|${node}`) ?? null,
            });
          lastSole = node;
        }
      }
      before = now;
    }
  }
  changes.sort((a, b) => a.t - b.t);
  dualMasters.sort((a, b) => a.from - b.from);
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
