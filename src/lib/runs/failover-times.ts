/**
 * The times an engineer asks about for each failover of one run (issue 10 §2), read off the Trace:
 * takeover latency from the fault that caused it and from the old master's last advert, how long two
 * nodes were MASTER at once, and when every client's ARP cache pointed at the new master (§5.4).
 */
import type { Micros } from '../trace/time';
import type { Trace, TraceEvent, TraceNode } from '../trace/types';

export interface FailoverTimes {
  /** The same failover across runs: VRID, old → new master and its ordinal among equal ones. */
  key: string;
  router: string;
  vrid: number;
  from: string | null;
  to: string;
  atUs: Micros;
  /** The last scenario action at or before the failover, and the time since it. */
  fault: string | null;
  sinceFaultUs: Micros | null;
  sinceLastAdvertUs: Micros | null;
  /** How long the old and the new master were both MASTER around the takeover (0 when never). */
  dualMasterUs: Micros;
  /** From the failover until every client that talks to the VIPs has the new master's MAC; null: never, or no such client. */
  arpConvergedUs: Micros | null;
  /** The clients that talk to the VIPs (none: there is no ARP cache to follow). */
  arpClients: number;
}

type Of<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

/** MASTER periods [from, to) of each instance of a router, by node. */
function masterPeriods(trace: Trace, router: string): Map<string, [Micros, Micros][]> {
  const ids = new Map(trace.instances.filter((i) => i.router === router).map((i) => [i.id, i.node]));
  const open = new Map<string, Micros>();
  const out = new Map<string, [Micros, Micros][]>();
  const close = (node: string, t: Micros) => {
    const from = open.get(node);
    if (from === undefined) return;
    open.delete(node);
    out.set(node, [...(out.get(node) ?? []), [from, t]]);
  };
  for (const e of trace.events) {
    if (e.kind !== 'state') continue;
    const node = ids.get(e.instance);
    if (node === undefined) continue;
    if (e.to === 'MASTER') open.set(node, e.t);
    else close(node, e.t);
  }
  for (const node of [...open.keys()]) close(node, trace.endUs);
  return out;
}

/**
 * When the new master entered MASTER: the start of its MASTER period that holds the change of master
 * (the failover event is stamped when the old master stops being one, which may be later).
 */
function takeoverAt(periods: Map<string, [Micros, Micros][]>, to: string, t: Micros): Micros {
  return (periods.get(to) ?? []).find(([a, b]) => a <= t && t <= b)?.[0] ?? t;
}

/** The overlap of the old master's MASTER time with the new master's period that starts at `at`. */
function dualMaster(
  periods: Map<string, [Micros, Micros][]>,
  from: string | null,
  to: string,
  at: Micros,
): Micros {
  if (from === null) return 0;
  const mine = (periods.get(to) ?? []).find(([a]) => a === at);
  if (!mine) return 0;
  let overlap = 0;
  for (const [a, b] of periods.get(from) ?? [])
    overlap += Math.max(0, Math.min(b, mine[1]) - Math.max(a, mine[0]));
  return overlap;
}

/** When every interested client's cache entry for the VIPs is the new master's MAC, after `at`. */
function vipClients(trace: Trace, vips: readonly string[]): TraceNode[] {
  return trace.nodes.filter(
    (n) => n.role === 'client' && vips.some((v) => Object.values(n.hosts ?? {}).includes(v)),
  );
}

function arpConverged(
  trace: Trace,
  vips: readonly string[],
  macs: ReadonlySet<string>,
  at: Micros,
  until: Micros,
): Micros | null {
  const clients = vipClients(trace, vips);
  if (!clients.length) return null;
  // Each client's cache per VIP at `at`, then every change up to the next failover.
  const cache = new Map<string, string | null>();
  let last = at;
  for (const e of trace.events) {
    if (e.t >= until) break;
    if (e.kind !== 'arp-cache' || !vips.includes(e.address)) continue;
    cache.set(`${e.node}|${e.address}`, e.mac);
    if (e.t >= at && clients.some((c) => c.id === e.node) && macs.has(e.mac)) last = e.t;
  }
  for (const c of clients)
    for (const v of vips) {
      const wants = Object.values(c.hosts ?? {}).includes(v);
      const mac = cache.get(`${c.id}|${v}`) ?? null;
      if (wants && (mac === null || !macs.has(mac))) return null;
    }
  return last - at;
}

/** The MACs a node answers its VIPs with: its interfaces' and the virtual MAC it announced. */
function announcedMacs(trace: Trace, node: string): Set<string> {
  const out = new Set(trace.nodes.find((n) => n.id === node)?.interfaces.map((i) => i.mac) ?? []);
  for (const p of trace.packets) if (p.node === node && p.announce) out.add(p.announce.mac);
  return out;
}

/**
 * The key of each failover event of a run, in trace order: VRID, old → new master and its ordinal
 * among equal ones, so that the same failover of other runs (other seeds) has the same key.
 */
export function failoverKeys(failovers: readonly Pick<Of<'failover'>, 'vrid' | 'from' | 'to'>[]): string[] {
  const seen = new Map<string, number>();
  return failovers.map((f) => {
    const base = `${f.vrid}:${f.from ?? '-'}→${f.to}`;
    const ordinal = (seen.get(base) ?? 0) + 1;
    seen.set(base, ordinal);
    return `${base}#${ordinal}`;
  });
}

/** The failovers of one run with their times. */
export function failoverTimes(trace: Trace): FailoverTimes[] {
  const failovers = trace.events.filter((e): e is Of<'failover'> => e.kind === 'failover');
  const faults = trace.events.filter((e): e is Of<'fault'> => e.kind === 'fault' && e.t > 0);
  const keys = failoverKeys(failovers);
  const periods = new Map<string, Map<string, [Micros, Micros][]>>();
  return failovers.map((f, i) => {
    if (!periods.has(f.router)) periods.set(f.router, masterPeriods(trace, f.router));
    const at = takeoverAt(periods.get(f.router)!, f.to, f.t);
    const fault = faults.filter((e) => e.t <= at).at(-1) ?? null;
    const vips = trace.routers.find((r) => r.key === f.router)?.vips ?? [];
    // Up to the next takeover of this router (its GARPs move the caches again).
    const later = failovers.slice(i + 1).find((g) => g.router === f.router);
    const next = later ? takeoverAt(periods.get(f.router)!, later.to, later.t) : trace.endUs;
    return {
      key: keys[i],
      router: f.router,
      vrid: f.vrid,
      from: f.from,
      to: f.to,
      atUs: at,
      fault: fault?.label ?? null,
      sinceFaultUs: fault ? at - fault.t : null,
      // The gap runs from the old master's last advert to the failover event.
      sinceLastAdvertUs: f.gapUs === null ? null : at - (f.t - f.gapUs),
      dualMasterUs: dualMaster(periods.get(f.router)!, f.from, f.to, at),
      arpConvergedUs: arpConverged(trace, vips, announcedMacs(trace, f.to), at, next),
      arpClients: vipClients(trace, vips).length,
    };
  });
}
