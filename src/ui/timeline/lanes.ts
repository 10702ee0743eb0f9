/**
 * The timeline's read-only view of a Trace: per virtual router, who was MASTER when (the simulator's
 * `masters()` summary, which reads only `state` events, so captures work too), its packet ticks, the
 * failover markers, and the periods during which a fault was in force.
 * Simulations and captures produce the same events, so the same lanes serve both.
 */
import type { Micros, Trace, TraceEvent } from '../../lib/trace/types';
import { masters } from '../../lib/sim/summary';

export interface MasterRun {
  node: string;
  instance: string;
  from: Micros;
  to: Micros;
}

export interface Lane {
  router: string;
  vrid: number;
  label: string;
  runs: MasterRun[];
  /** Advert times of this router. */
  ticks: Micros[];
  failovers: Extract<TraceEvent, { kind: 'failover' }>[];
}

export interface FaultPeriod {
  label: string;
  action: string;
  node?: string;
  from: Micros;
  /** Until the matching repair, or the trace end. */
  to: Micros;
}

export function buildLanes(trace: Trace): Lane[] {
  const routerOf = new Map(trace.instances.map((i) => [i.id, i]));
  const lanes = new Map<string, Lane>();
  for (const r of trace.routers) {
    lanes.set(r.key, {
      router: r.key,
      vrid: r.vrid,
      label: `VRID ${r.vrid}${r.family === 'ipv6' ? ' v6' : ''}`,
      runs: [],
      ticks: [],
      failovers: [],
    });
  }
  for (const e of trace.events) if (e.kind === 'failover') lanes.get(e.router)?.failovers.push(e);
  for (const r of masters(trace)) {
    lanes
      .get(r.router)
      ?.runs.push({ node: r.node, instance: r.instance, from: r.fromUs, to: r.toUs ?? trace.endUs });
  }
  for (const p of trace.packets) {
    if (p.type !== 'vrrp' || !p.vrrp) continue;
    const inst = p.instance ? routerOf.get(p.instance) : undefined;
    const key = inst?.router ?? `${p.vrrp.family}/${p.vrrp.vrid}`;
    lanes.get(key)?.ticks.push(p.t);
  }
  return [...lanes.values()].sort((a, b) => a.vrid - b.vrid || a.router.localeCompare(b.router));
}

/** Which action undoes which (the fault stays shaded until then). */
const REPAIRS: Record<string, string[]> = {
  'kill-process': ['start-process'],
  'stop-keepalived': ['start-keepalived'],
  'kill-keepalived': ['start-keepalived'],
  'pause-keepalived': ['resume-keepalived'],
  'link-down': ['link-up'],
  partition: ['heal'],
  'block-multicast': ['heal'],
  'set-loss': ['set-loss', 'heal'],
  'set-latency': ['set-latency', 'heal'],
  'force-script': ['force-script'],
};

function sameTarget(a: FaultPeriodSource, b: FaultPeriodSource): boolean {
  if (b.action === 'heal') return true;
  if (a.node !== b.node) return false;
  const pa = a.params ?? {};
  const pb = b.params ?? {};
  return ['process', 'interface', 'name'].every(
    (k) => pa[k] === undefined || pb[k] === undefined || pa[k] === pb[k],
  );
}

type FaultPeriodSource = Extract<TraceEvent, { kind: 'fault' }>;

export function buildFaultPeriods(trace: Trace): FaultPeriod[] {
  const periods: FaultPeriod[] = [];
  const open: { e: FaultPeriodSource; period: FaultPeriod }[] = [];
  for (const e of trace.events) {
    if (e.kind !== 'fault') continue;
    for (let k = open.length - 1; k >= 0; k--) {
      const o = open[k];
      if ((REPAIRS[o.e.action] ?? []).includes(e.action) && sameTarget(o.e, e)) {
        o.period.to = e.t;
        open.splice(k, 1);
      }
    }
    if (!(e.action in REPAIRS)) continue;
    // A set-loss of 0 % or a forced script cleared with null is a repair only.
    if (e.action === 'set-loss' && e.params?.percent === 0) continue;
    if (e.action === 'force-script' && e.params?.result == null) continue;
    const period = { label: e.label, action: e.action, node: e.node, from: e.t, to: trace.endUs };
    periods.push(period);
    open.push({ e, period });
  }
  return periods;
}
