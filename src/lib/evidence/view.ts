/**
 * An investigation as the app shows it (issue 11 §5): one lane per source (a log holding several
 * hosts gives one per host) with its packets or lines as ticks and its clock offset, the
 * transitions, incidents and diagnoses, and one merged Trace that the topology, the timeline, the
 * packet list and Explain replay. Plain data: it crosses the worker boundary by structured clone.
 * Times are µs from `startUs` (the merged Trace's t = 0).
 */
import type { Cause, EvidenceRef } from '../trace/cause';
import type { Diagnostic } from '../trace/diagnostic';
import type {
  Family,
  FailoverEvent,
  Micros,
  Trace,
  TraceEvent,
  TraceInstance,
  TraceNode,
  TracePacket,
  TraceRouter,
  VrrpState,
} from '../trace/types';
import { carpRouterKey, instanceId, routerKey, unnamedInstanceName } from '../trace/types';
import { boundedClock } from '../trace/replay-clock';
import type { ClockFit } from './align';
import type { CaptureRead } from './sources';
import type { Investigation } from './investigation';
import { LOG_SLACK_US, type Incident } from './incidents';
import type { LogState } from './log-facts';
import type { Transition } from './transitions';
import type { EvidenceKind } from './types';
import { realityCheck, type RealityCheck } from './reality';

export interface LaneTick {
  t: Micros;
  /** A fact (a state, a cause, a rejection) rather than routine traffic or a line kept as text. */
  fact: boolean;
  packet?: number;
  line?: number;
}

export interface EvidenceLane {
  /** `${source}` or `${source}/${host}`. */
  id: string;
  source: number;
  file: string;
  kind: EvidenceKind;
  host: string;
  node: string | null;
  fit: ClockFit;
  /** The reference clock cannot move; every other source's offset can be set by hand. */
  movable: boolean;
  /** At most LANE_TICKS ticks; facts always kept. */
  ticks: LaneTick[];
  /** How many packets or lines the lane stands for. */
  items: number;
  diagnostics: Diagnostic[];
}

/** A transition with its times on the view's clock (µs from `startUs`). */
export type ViewTransition = Transition;

export interface ViewIncident extends Omit<Incident, 'transition'> {
  /** Index into `transitions`: the failover's own transition. */
  transition: number | null;
}

export interface InvestigationView {
  startUs: Micros;
  endUs: Micros;
  lanes: EvidenceLane[];
  transitions: ViewTransition[];
  incidents: ViewIncident[];
  diagnoses: Investigation['diagnoses'];
  unanswered: string[];
  unreadable: Investigation['unreadable'];
  sources: { index: number; file: string; kind: EvidenceKind; lines: number }[];
  /**
   * On its replay clock (replay-clock.ts: monotonic and bounded, with a diagnostic per kind of repair),
   * as the capture worker sends a capture's: the evidence worker makes that pass, not the main thread.
   */
  trace: Trace;
  /** Where trace.packets holds each source's cited packets (citedPacket). */
  cited: CitedPackets[];
  /** With configs: the scenarios to check them against (run in the simulation worker; reality.ts). */
  reality?: RealityCheck | null;
}

/**
 * A source's packets in the merged Trace by their citation (the frame number, or the tcpdump line):
 * `cites[k]` is cited as packet `packets[k]` of trace.packets. Typed arrays, because the view crosses
 * to the main thread by structured clone: a plain object of 50 000 `source:frame` keys (two
 * 100 000-packet captures) took 47 ms in V8's deserialiser (Node), in the task that received the view;
 * two typed arrays per source take well under a millisecond.
 */
export interface CitedPackets {
  source: number;
  cites: Float64Array;
  packets: Int32Array;
}

/** The index into the view's trace.packets of packet `cite` of source `source`, if the Trace holds it. */
export function citedPacket(
  view: Pick<InvestigationView, 'cited'>,
  source: number,
  cite: number,
): number | undefined {
  const c = view.cited.find((x) => x.source === source);
  // One look-up per click: a scan of at most VIEW_TRACE_PACKETS numbers.
  const k = c ? c.cites.indexOf(cite) : -1;
  return k >= 0 ? c!.packets[k] : undefined;
}

/** The CitedPackets of each source from (source, cite, index into trace.packets) triples. */
function citedPackets(rows: { source: number; cite: number; index: number }[]): CitedPackets[] {
  const bySource = new Map<number, { cite: number; index: number }[]>();
  for (const r of rows) {
    let list = bySource.get(r.source);
    if (!list) bySource.set(r.source, (list = []));
    list.push(r);
  }
  return [...bySource].map(([source, list]) => ({
    source,
    cites: Float64Array.from(list, (r) => r.cite),
    packets: Int32Array.from(list, (r) => r.index),
  }));
}

/** Ticks per lane: enough to see the traffic's shape; the packet list and line view hold the rest. */
export const LANE_TICKS = 4000;
/** Packets the merged Trace keeps (the app's capture replay keeps as many). */
export const VIEW_TRACE_PACKETS = 50_000;

const STATE: Record<LogState, VrrpState> = {
  INIT: 'INIT',
  BACKUP: 'BACKUP',
  MASTER: 'MASTER',
  FAULT: 'FAULT',
  STOP: 'STOPPED',
};

/**
 * A capture lane's ticks, every fact (a gratuitous ARP/NA, a priority-0 advert) and about LANE_TICKS
 * routine packets in all, read from the rows of the whole capture; `shiftUs` puts them on the view's clock.
 */
function captureTicks(cap: CaptureRead, shiftUs: number): LaneTick[] {
  const rows = cap.rows;
  let facts = 0;
  for (let i = 0; i < rows.length; i++) if (rows.isFact(i)) facts++;
  const tick = (i: number, fact: boolean): LaneTick => ({
    t: rows.t(i) + shiftUs,
    fact,
    packet: cap.cite(i).packet ?? cap.cite(i).line,
  });
  const every = thinEvery(rows.length, facts, LANE_TICKS);
  const out: LaneTick[] = [];
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const fact = rows.isFact(i);
    if (fact || k++ % every === 0) out.push(tick(i, fact));
  }
  return out;
}

/** Keep every `every`-th routine tick (and every fact) so that about `cap` of `total` ticks remain. */
function thinEvery(total: number, facts: number, cap: number): number {
  const routine = total - facts;
  return total <= cap || routine === 0 ? 1 : Math.ceil(routine / Math.max(1, cap - facts));
}

/** Every k-th routine tick and every fact, so that a lane never holds more than about `cap`. */
function thin(ticks: LaneTick[], cap: number): LaneTick[] {
  const every = thinEvery(
    ticks.length,
    ticks.reduce((n, x) => n + (x.fact ? 1 : 0), 0),
    cap,
  );
  if (every === 1) return ticks;
  let k = 0;
  return ticks.filter((x) => x.fact || k++ % every === 0);
}

function familyOf(address: string): Family {
  return address.includes(':') ? 'ipv6' : 'ipv4';
}

export function investigationView(inv: Investigation): InvestigationView {
  const t0 = inv.startUs;
  const lanes: EvidenceLane[] = [];
  const refIndex = [...inv.fits.entries()].find(([, f]) => f.method === 'reference')?.[0];
  for (const s of inv.sources) {
    const fit = inv.fits.get(s.index) ?? {
      offsetUs: 0,
      drift: 0,
      uncertaintyUs: 0,
      matches: 0,
      method: 'none',
    };
    const logLanes = inv.lanes.filter((l) => l.source === s.index);
    const base = {
      source: s.index,
      file: s.file,
      kind: s.kind,
      movable: s.index !== refIndex && (!!s.capture || !!s.log || !!s.notify),
      diagnostics: s.diagnostics,
    };
    if (s.capture) {
      const cap = s.capture;
      const ticks = captureTicks(cap, cap.epochUs + fit.offsetUs - t0);
      lanes.push({
        ...base,
        id: `${s.index}`,
        host: '',
        node: s.pinnedNode ?? null,
        fit,
        ticks,
        items: cap.report.packets,
      });
    } else if (logLanes.length > 0) {
      for (const l of logLanes) {
        const ticks: LaneTick[] = [];
        let items = 0;
        const lines = s.log?.lines;
        for (let i = 0; lines && i < lines.length; i++) {
          if (!lines.onLane(i, l.host)) continue;
          items++;
          const t = lines.epochUs[i];
          if (!Number.isNaN(t))
            ticks.push({ t: t + l.fit.offsetUs - t0, fact: lines.facts.has(i), line: lines.line[i] });
        }
        for (const e of s.notify?.entries ?? []) {
          items++;
          if (e.epochUs !== null)
            ticks.push({ t: e.epochUs + l.fit.offsetUs - t0, fact: true, line: e.line });
        }
        lanes.push({
          ...base,
          id: l.host ? `${s.index}/${l.host}` : `${s.index}`,
          host: l.host,
          node: l.node,
          fit: l.fit,
          ticks: thin(ticks, LANE_TICKS),
          items,
        });
      }
    } else {
      // Dumps: the node's state at the time of the dump (its last transition), configs: no time at all.
      const ticks: LaneTick[] = [];
      for (const i of s.dump?.instances ?? [])
        if (i.lastTransitionUs !== undefined)
          ticks.push({ t: i.lastTransitionUs + fit.offsetUs - t0, fact: true });
      lanes.push({
        ...base,
        id: `${s.index}`,
        host: '',
        node: s.pinnedNode ?? inv.nodes.ofLane(s.index)?.name ?? null,
        fit,
        ticks,
        items: s.dump?.instances.length ?? s.config?.model.instances.length ?? 0,
      });
    }
  }
  const merged = mergedTrace(inv);
  // Packet indices are kept: `cited` still points at the same packets.
  const trace = boundedClock(merged.trace).trace;
  const transitions: ViewTransition[] = inv.transitions.map((t) => ({
    t: t.t - t0,
    uncertaintyUs: t.uncertaintyUs,
    node: t.node,
    vrid: t.vrid,
    instance: t.instance,
    from: t.from,
    to: t.to,
    cause: shiftCause(t.cause, t0),
    chain: t.chain.map((c) => shiftCause(c, t0)),
    timeFrom: t.timeFrom,
    evidence: t.evidence.map((e) => shiftRef(e, t0)),
  }));
  const incidents: ViewIncident[] = inv.incidents.map((i) => ({
    kind: i.kind,
    vrid: i.vrid,
    start: i.start - t0,
    end: i.end - t0,
    from: i.from,
    to: i.to,
    chain: i.chain,
    summary: i.summary,
    evidence: i.evidence.map((e) => shiftRef(e, t0)),
    transition: i.transition ? inv.transitions.indexOf(i.transition) : null,
  }));
  return {
    startUs: t0,
    endUs: inv.endUs,
    lanes,
    transitions,
    incidents,
    diagnoses: inv.diagnoses.map((d) => ({ ...d, evidence: d.evidence.map((e) => shiftRef(e, t0)) })),
    unanswered: inv.unanswered,
    unreadable: inv.unreadable,
    sources: inv.sources.map((s) => ({
      index: s.index,
      file: s.file,
      kind: s.kind,
      lines: s.log?.lines.length ?? s.notify?.entries.length ?? 0,
    })),
    trace,
    cited: merged.cited,
    reality: realityCheck(inv),
  };
}

function shiftRef(e: EvidenceRef, t0: Micros): EvidenceRef {
  return { ...e, t: e.t - t0 };
}

function shiftCause(c: Cause, t0: Micros): Cause {
  return {
    ...c,
    t: c.t - t0,
    lastAdvert: c.lastAdvert ? { ...c.lastAdvert, t: c.lastAdvert.t - t0 } : undefined,
    evidence: c.evidence.map((e) => shiftRef(e, t0)),
  };
}

/**
 * One Trace of the whole investigation on the common clock: the nodes it named, an instance per
 * node and VRID, every capture's VRRP/ARP/NA packets (up to VIEW_TRACE_PACKETS), the reference
 * capture's adverts as sends, the transitions as state changes (VIPs follow MASTER) and each
 * failover incident as a change of master with its chain.
 */
function mergedTrace(inv: Investigation): { trace: Trace; cited: CitedPackets[] } {
  const t0 = inv.startUs;
  const nodeOf = (address: string) => inv.nodes.ofAddress(address)?.name;
  // Instances: the configs' (and dumps') names per node and VRID, else the log's, else `VRID n`;
  // CARP's (its analysis' master runs) are `vhid n`, with CARP's numbers and no priority.
  const info = new Map<
    string,
    {
      name?: string;
      priority?: number;
      vips: Set<string>;
      iface?: string;
      version?: 2 | 3;
      carp?: { advbase: number; advskew: number; demote: number };
    }
  >();
  const at = (node: string, vrid: number) => {
    const k = `${node}|${vrid}`;
    let v = info.get(k);
    if (!v) info.set(k, (v = { vips: new Set() }));
    return v;
  };
  for (const s of inv.sources) {
    const node = s.pinnedNode ?? inv.nodes.ofLane(s.index)?.name;
    if (!node) continue;
    for (const i of s.config?.model.instances ?? [])
      if (i.vrid !== undefined) {
        const v = at(node, i.vrid);
        v.name ??= i.name;
        v.priority ??= i.priority;
        v.iface ??= i.interface;
        for (const a of i.vips) v.vips.add(a.address);
      }
  }
  for (const t of inv.transitions) if (t.vrid !== null && t.instance) at(t.node, t.vrid).name ??= t.instance;
  const captures = inv.sources.filter((s) => s.capture && inv.fits.get(s.index)?.method !== 'none');
  for (const s of captures)
    for (const k of s.capture!.rows.advertKinds()) {
      const node = nodeOf(k.src);
      if (!node) continue;
      const v = at(node, k.vrid);
      if (k.priority > 0) v.priority ??= k.priority;
      v.version ??= k.version;
      for (const a of k.addresses) v.vips.add(a);
    }
  for (const s of captures)
    for (const r of s.capture!.report.routers)
      if (r.protocol === 'carp')
        for (const m of r.masters) {
          const node = nodeOf(m.source);
          if (node)
            at(node, r.vrid).carp ??= {
              advbase: m.advbase ?? 1,
              advskew: m.advskews?.[0] ?? 0,
              demote: m.demotes?.[0] ?? 0,
            };
        }
  for (const t of inv.transitions) if (t.vrid !== null) at(t.node, t.vrid);

  const nodes: TraceNode[] = inv.nodes.nodes.map((n) => ({
    id: n.name,
    name: n.name,
    role: 'router',
    interfaces: [
      {
        name:
          [...info.entries()].find(([k, v]) => k.startsWith(`${n.name}|`) && v.iface)?.[1].iface ?? 'eth0',
        mac: n.macs[0] ?? '',
        addresses: n.addresses.map((a) => `${a}/${a.includes(':') ? 64 : 24}`),
      },
    ],
  }));
  const known = new Set(nodes.map((n) => n.id));
  const instances: TraceInstance[] = [];
  const routers = new Map<string, TraceRouter>();
  const instanceOf = new Map<string, TraceInstance>();
  for (const [k, v] of info) {
    const [node, vridText] = k.split('|');
    const vrid = Number(vridText);
    if (!known.has(node)) {
      nodes.push({
        id: node,
        name: node,
        role: 'router',
        interfaces: [{ name: v.iface ?? 'eth0', mac: '', addresses: [] }],
      });
      known.add(node);
    }
    const vips = [...v.vips];
    const family = vips[0] ? familyOf(vips[0]) : 'ipv4';
    const router = v.carp ? carpRouterKey(vrid) : routerKey(family, vrid);
    const name = v.name ?? (v.carp ? `vhid ${vrid}` : unnamedInstanceName(vrid));
    const inst: TraceInstance = {
      id: instanceId(node, name),
      node,
      name,
      vrid,
      family,
      version: v.version ?? 2,
      interface: v.iface ?? 'eth0',
      basePriority: v.carp ? 0 : (v.priority ?? 100),
      advertIntervalCs: v.carp ? v.carp.advbase * 100 : 100,
      vips,
      router,
      preempt: true,
      ...(v.carp ? { implementation: 'carp' as const, carp: v.carp } : {}),
    };
    instances.push(inst);
    instanceOf.set(k, inst);
    const r = routers.get(router) ?? { key: router, vrid, family, vips: [] };
    for (const a of vips) if (!r.vips.includes(a)) r.vips.push(a);
    routers.set(router, r);
  }

  // Packets of every aligned capture, on the common clock.
  const all: { p: TracePacket; t: Micros; source: number; cite: number | undefined; ref: boolean }[] = [];
  const refIndex = captures.find((s) => inv.fits.get(s.index)?.method === 'reference')?.index;
  for (const s of captures) {
    const cap = s.capture!;
    const fit = inv.fits.get(s.index)!;
    // The Trace packets are the capture's first rows: packet i is row i.
    cap.packets.forEach((p, i) =>
      all.push({
        p,
        t: cap.epochUs + p.t + fit.offsetUs - t0,
        source: s.index,
        cite: cap.cite(i).packet ?? cap.cite(i).line,
        ref: s.index === refIndex,
      }),
    );
  }
  all.sort((a, b) => a.t - b.t);
  const kept = all.length > VIEW_TRACE_PACKETS ? all.slice(0, VIEW_TRACE_PACKETS) : all;
  const cites: { source: number; cite: number; index: number }[] = [];
  const events: TraceEvent[] = [];
  const packets: TracePacket[] = kept.map((x, index) => {
    const node = nodeOf(x.p.src);
    const inst = node && x.p.vrrp ? instanceOf.get(`${node}|${x.p.vrrp.vrid}`) : undefined;
    if (x.cite !== undefined) cites.push({ source: x.source, cite: x.cite, index });
    if (inst && x.ref)
      events.push({ kind: 'advert-sent', t: x.t, node: inst.node, instance: inst.id, packet: index });
    return { ...x.p, index, t: x.t, node, instance: inst?.id };
  });

  const lookup = (node: string, vrid: number | null, name: string | null): TraceInstance | undefined =>
    (vrid !== null ? instanceOf.get(`${node}|${vrid}`) : undefined) ??
    instances.find((i) => i.node === node && i.name === name);
  // VIPs follow MASTER: an instance entering it adds its VIPs, one leaving it removes them.
  const vipsMove = (inst: TraceInstance, t: number, op: 'add' | 'remove') => {
    for (const address of inst.vips)
      events.push({
        kind: 'vip',
        t,
        node: inst.node,
        instance: inst.id,
        interface: inst.interface,
        address,
        op,
      });
  };
  // (Pushed before the transitions: a leaving at the instant of a takeover comes first.)
  // A master whose adverts stop with nothing in the evidence saying where it went (a capture shows
  // no BACKUP) leaves MASTER where its interval on the wire ends, as unknown, as a capture replay
  // shows it (trace-states.ts): kept MASTER, its lane would show a dual master the investigation
  // never found.
  for (const m of inv.masterIntervals) {
    if (m.open) continue;
    const inst = lookup(m.node, m.vrid, m.begin.instance);
    if (!inst) continue;
    const left = inv.transitions.some(
      (t) =>
        t.to !== 'MASTER' &&
        t.t > m.start &&
        t.t <= m.end + LOG_SLACK_US &&
        lookup(t.node, t.vrid, t.instance) === inst,
    );
    if (left) continue;
    // Where the next master took over (the failover the investigation found), not an interval after
    // its last advert: the lane shows the handover the incident describes, without an overlap.
    const handover = inv.incidents.find(
      (i) =>
        i.kind === 'failover' &&
        i.from === m.node &&
        i.vrid === m.vrid &&
        i.transition !== undefined &&
        i.transition.t > m.start &&
        i.transition.t <= m.end,
    );
    const tt = (handover?.transition?.t ?? m.end) - t0;
    events.push({
      kind: 'state',
      t: tt,
      node: inst.node,
      instance: inst.id,
      from: 'MASTER',
      to: 'INIT',
      cause: {
        code: 'unknown-from-capture',
        t: tt,
        node: inst.node,
        instance: inst.id,
        detail: 'its adverts stopped',
        evidence: [],
      },
      chain: [],
    });
    vipsMove(inst, tt, 'remove');
  }
  for (const t of inv.transitions) {
    const inst = lookup(t.node, t.vrid, t.instance);
    if (!inst) continue;
    const tt = t.t - t0;
    events.push({
      kind: 'state',
      t: tt,
      node: inst.node,
      instance: inst.id,
      from: STATE[t.from],
      to: STATE[t.to],
      cause: shiftCause(t.cause, t0),
      chain: t.chain.map((c) => shiftCause(c, t0)),
    });
    if (t.to === 'MASTER' || t.from === 'MASTER') vipsMove(inst, tt, t.to === 'MASTER' ? 'add' : 'remove');
  }
  for (const i of inv.incidents) {
    if (i.kind !== 'failover' || !i.transition || !i.to) continue;
    const inst = lookup(i.transition.node, i.transition.vrid, i.transition.instance);
    if (!inst) continue;
    const f: FailoverEvent = {
      kind: 'failover',
      t: i.transition.t - t0,
      router: inst.router,
      vrid: inst.vrid,
      from: i.from,
      to: inst.node,
      gapUs: null,
      cause: shiftCause(i.transition.cause, t0),
      chain: i.transition.chain.map((c) => shiftCause(c, t0)),
    };
    events.push(f);
  }
  // Stable sort: at one instant, sends and state changes keep the order they were made in.
  events.sort((a, b) => a.t - b.t);
  const trace: Trace = {
    origin: { source: 'capture', name: 'investigation', epochUs: t0 },
    nodes,
    instances,
    routers: [...routers.values()],
    services: [],
    packets,
    events,
    diagnostics: [],
    endUs: Math.max(0, inv.endUs - t0),
  };
  return { trace, cited: citedPackets(cites) };
}
