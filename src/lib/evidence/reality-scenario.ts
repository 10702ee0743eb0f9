/**
 * Configs against reality (issue 11 §3), first half: the scenario the evidence implies. The nodes
 * are the nodes whose configs were given, with the addresses and MACs the evidence shows; the
 * faults are what the logs and captures say happened, each mapped to a scenario action of the
 * registry (scenario/actions): a script failed or recovered (force-script), a link went down or up,
 * keepalived started, was stopped (SIGTERM), killed (a restart with no stop line) or frozen (its
 * "timer expired N seconds ago" line), and a split brain (a partition, the newcomer alone, healed
 * as it ended). The simulation covers only the evidence's span, plus a warm-up when a node was
 * already running when the evidence begins.
 */
import { printConfig } from '../config/index';
import type { VrrpInstance } from '../config/model';
import type { Scenario, ScenarioEvent, ScenarioNode } from '../scenario/types';
import type { EvidenceRef } from '../trace/cause';
import { US_PER_S, type Micros } from '../trace/time';
import { masterDownUs } from '../vrrp/timers';
import type { Investigation, Lane } from './investigation';
import type { SourceRead } from './sources';
import { AdvertIndex, type NodeAdvert } from './adverts';
import { lowerBound } from './capture-rows';
import type { LogFact } from './log-facts';

/** A fault the evidence implies, on the common clock. */
export interface ImpliedFault {
  t: Micros;
  /** ± µs: where the evidence puts it (a log stamp's resolution, the clock fit). */
  uncertaintyUs: number;
  event: Omit<ScenarioEvent, 'at'>;
  evidence: EvidenceRef;
  /** The nodes a LAN fault concerns (a node's own fault concerns that node). */
  concerns?: string[];
}

export interface RealityPlan {
  /** The cluster's nodes. */
  nodes: string[];
  scenario: Scenario;
  /** The common clock's µs at the scenario's t = 0. */
  originUs: Micros;
  /** How long to simulate, µs: the evidence's span (plus the warm-up). */
  untilUs: Micros;
  /** Changes of master before this (common clock) are the warm-up's, not compared. */
  compareFromUs: Micros;
  faults: ImpliedFault[];
  /** Per node: the config source and its instances, for citing config lines. */
  configs: Map<string, { source: { index: number; file: string; text: string }; instances: VrrpInstance[] }>;
}

/** Longest span simulated (a day, as `simulate --until`): longer evidence is not checked past it. */
const MAX_SPAN_US = 86_400 * US_PER_S;
/** A node running before the evidence begins starts this long before it (its election settles). */
const WARM_UP_US = 15 * US_PER_S;

/** The node a config source belongs to: pinned, identified, its router_id, else its file name. */
export function configNode(inv: Investigation, s: SourceRead): string {
  return (
    s.pinnedNode ??
    inv.nodes.ofLane(s.index)?.name ??
    s.config?.model.globalDefs.routerId ??
    s.file.replace(/^.*[/\\]/, '').replace(/\.conf$/, '')
  );
}

/** A node's adverts as the evidence cites them: the advert at or before a time, and priority-0 ones. */
interface NodeAdverts {
  lastBefore(t: Micros): { t: Micros; ref: EvidenceRef } | null;
  zeroNear(t: Micros, withinUs: number): { t: Micros; ref: EvidenceRef } | null;
  any(before: Micros): boolean;
}

function nodeAdverts(index: AdvertIndex, node: string): NodeAdverts {
  const cite = (a: NodeAdvert) => ({
    t: a.t,
    ref: {
      kind: 'packet' as const,
      t: a.t,
      source: a.source,
      packet: a.packet ?? 0,
      text: `VRRP advert from ${node}, VRID ${a.vrid}, priority ${a.priority}`,
    },
  });
  return {
    lastBefore: (t) => {
      const a = index.lastBefore(node, null, t);
      return a ? cite(a) : null;
    },
    zeroNear: (t, withinUs) => {
      const list = index.of(node, null);
      for (let i = lowerBound(list.t, t - withinUs); i < list.length && list.t[i] <= t + withinUs; i++)
        if (list.priority[i] === 0) return cite(list.at(i));
      return null;
    },
    any: (before) => (index.of(node, null).t[0] ?? Infinity) < before,
  };
}

/** The interfaces of a scenario node: each interface its instances name, with the evidence's addresses. */
function nodeInterfaces(inv: Investigation, node: string, instances: VrrpInstance[], k: number) {
  const known = inv.nodes.node(node);
  const addresses = known?.addresses ?? [];
  const interfaces: Record<string, string[]> = {};
  const mac: Record<string, string> = {};
  for (const i of instances) {
    if (!i.interface || interfaces[i.interface]) continue;
    const v6 = i.family === 'ipv6';
    const prefix = (a: string) => a.split('.').slice(0, 3).join('.');
    const vip = i.vips[0]?.address ?? '';
    const mine = addresses.filter((a) => a.includes(':') === v6);
    // The node's own address on the VIPs' subnet, else its first of the family, else one made up
    // on the VIPs' subnet (logs alone name no address; only ties would depend on it).
    const chosen =
      mine.find((a) => !v6 && prefix(a) === prefix(vip)) ??
      i.unicastSrcIp ??
      mine[0] ??
      (v6 ? `fd00:ffff::${k + 1}` : `${vip && !vip.includes(':') ? prefix(vip) : '10.255.255'}.${250 - k}`);
    interfaces[i.interface] = [`${chosen}/${chosen.includes(':') ? 64 : 24}`];
    if (known?.macs[Object.keys(mac).length]) mac[i.interface] = known.macs[Object.keys(mac).length];
  }
  return { interfaces, mac };
}

type Configs = Map<string, { source: SourceRead; instances: VrrpInstance[] }>;

/**
 * The scenarios the evidence implies, one per cluster: nodes whose configs share a VRID and a VIP.
 * Two clusters on one VRID with other VIPs reject each other's adverts (address list), which the
 * simulator does not model, so each is simulated on its own. Empty when no config was given.
 */
export function realityPlans(inv: Investigation): RealityPlan[] {
  const configs: Configs = new Map();
  for (const s of inv.sources)
    if (s.config && s.config.model.instances.length > 0)
      configs.set(configNode(inv, s), { source: s, instances: s.config.model.instances });
  if (configs.size === 0 || inv.endUs <= inv.startUs) return [];
  const index = new AdvertIndex(inv.sources, inv.fits, inv.nodes);
  const faults = impliedFaults(inv, configs, index);
  return clustersOf(configs).map((members) => {
    const mine: Configs = new Map(members.map((n) => [n, configs.get(n)!]));
    return planFor(
      inv,
      index,
      mine,
      faults.filter((f) => (f.concerns ?? [f.event.node]).some((n) => n !== undefined && mine.has(n))),
    );
  });
}

/** Config nodes grouped by shared (VRID, VIP) pairs. */
function clustersOf(configs: Configs): string[][] {
  const names = [...configs.keys()];
  const keys = (n: string) =>
    new Set(configs.get(n)!.instances.flatMap((i) => i.vips.map((v) => `${i.vrid}|${v.address}`)));
  const group = new Map(names.map((n) => [n, n]));
  const find = (n: string): string => (group.get(n) === n ? n : find(group.get(n)!));
  for (const a of names)
    for (const b of names) {
      const kb = keys(b);
      if (a < b && [...keys(a)].some((k) => kb.has(k))) group.set(find(a), find(b));
    }
  const out = new Map<string, string[]>();
  for (const n of names) out.set(find(n), [...(out.get(find(n)) ?? []), n]);
  return [...out.values()];
}

/** Every fault the logs and captures imply, for the nodes with configs, on the common clock. */
function impliedFaults(inv: Investigation, configs: Configs, index: AdvertIndex): ImpliedFault[] {
  const hasCapture = inv.sources.some((s) => s.capture);
  const faults: ImpliedFault[] = [];
  const add = (f: ImpliedFault) => faults.push(f);
  // Each node's first start line; a node with none, or active before it, was running when the evidence begins.
  const starts = new Map<string, Micros>();
  for (const lane of inv.lanes)
    for (const { t, fact } of laneEntries(inv, lane))
      if (fact?.kind === 'daemon' && fact.status === 'starting' && fact.detail?.startsWith('Keepalived'))
        if (!starts.has(lane.node) || starts.get(lane.node)! > t) starts.set(lane.node, t);
  const early = [...configs.keys()].filter(
    (n) => !starts.has(n) || hasEarlierActivity(inv, index, n, starts.get(n)!),
  );
  for (const lane of inv.lanes) {
    const node = lane.node;
    // A log no capture could place has an unknown offset; with no capture at all, logs share a clock.
    if (!configs.has(node) || (lane.fit.method === 'none' && hasCapture)) continue;
    const adverts = nodeAdverts(index, node);
    const lastAdvertBefore = adverts.lastBefore;
    let running = early.includes(node);
    let stopping = false;
    let lastLine: { t: Micros; ref: EvidenceRef; unc: number } | null = null;
    for (const { t, unc, ref, fact: f } of laneEntries(inv, lane)) {
      const at = (event: ImpliedFault['event'], tt = t, u = unc, ev: EvidenceRef = ref) =>
        add({ t: tt, uncertaintyUs: u, event: { ...event, node }, evidence: ev });
      if (f?.kind === 'daemon' && f.status === 'starting' && f.detail?.startsWith('Keepalived')) {
        if (running && !stopping && lastLine) {
          // A start with no stop before it: the daemon was killed. It fell silent after its last
          // advert (a capture's time), else after its last line.
          const last = lastAdvertBefore(t);
          if (last && last.t > lastLine.t - 2 * US_PER_S)
            at({ action: 'kill-keepalived' }, last.t + 1000, 1000, last.ref);
          else {
            // A master logs nothing while all is well: its last line only bounds the kill. The
            // takeover that followed bounds it too (a master-down interval after its last advert).
            const taker = inv.transitions.find(
              (x) => x.node !== node && x.to === 'MASTER' && x.t > lastLine!.t && x.t < t,
            );
            const mdi = taker ? mdiOf(configs, taker.node, taker.vrid) : null;
            const latest = taker && mdi !== null ? Math.max(lastLine.t, taker.t - mdi) : lastLine.t;
            at({ action: 'kill-keepalived' }, latest, latest - lastLine.t + lastLine.unc, lastLine.ref);
          }
        }
        at({ action: 'start-keepalived' });
        running = true;
        stopping = false;
      } else if (f?.kind === 'daemon' && (f.status === 'stopping' || f.status === 'stopped')) {
        if (running && !stopping) {
          // SIGTERM: its priority-0 advert (a capture's time) follows at once.
          const zero = adverts.zeroNear(t, unc + 200_000);
          if (zero) at({ action: 'stop-keepalived' }, zero.t - 100, 1000, zero.ref);
          else at({ action: 'stop-keepalived' });
        }
        if (f.status === 'stopped') running = false;
        stopping = true;
      } else if (f?.kind === 'stalled') {
        // Frozen (SIGSTOP): from after its last advert before the late timer was due, to this line.
        const due = t - Math.round(f.seconds * US_PER_S);
        const last = lastAdvertBefore(due);
        if (last && due - last.t < 3 * US_PER_S)
          at({ action: 'pause-keepalived' }, last.t + 1000, 1000, last.ref);
        else at({ action: 'pause-keepalived' }, due - US_PER_S / 2, unc + US_PER_S / 2);
        at({ action: 'resume-keepalived' });
      } else if (f?.kind === 'cause' && (f.code === 'script-failed' || f.code === 'script-recovered')) {
        if (f.subject && !f.instance)
          at({ action: 'force-script', name: f.subject, result: f.code === 'script-recovered' });
      } else if (f?.kind === 'cause' && (f.code === 'interface-down' || f.code === 'interface-up')) {
        // keepalived says it once per instance and once from netlink: the first line is the event.
        const action = f.code === 'interface-down' ? 'link-down' : 'link-up';
        const prev = [...faults]
          .reverse()
          .find(
            (x) =>
              x.event.node === node &&
              (x.event.action === 'link-down' || x.event.action === 'link-up') &&
              x.event.interface === f.subject,
          );
        if (f.subject && prev?.event.action !== action) at({ action, interface: f.subject });
      }
      lastLine = { t, ref, unc };
    }
  }
  // A split brain: the newcomer stopped hearing the others (a partition, or multicast lost one
  // way), from its master-down interval before it took over until the dual master ended.
  for (const inc of inv.incidents) {
    if (inc.kind !== 'split-brain' || !inc.to || !configs.has(inc.to)) continue;
    const inst = configs.get(inc.to)!.instances.find((i) => i.vrid === inc.vrid);
    if (!inst) continue;
    const intervalUs = inst.advertIntervalCs * 10_000;
    const others = [...configs.keys()].filter((n) => n !== inc.to && sharesVrid(configs, n, inc.vrid));
    const ev = inc.evidence[0] ?? {
      kind: 'log-line' as const,
      t: inc.start,
      source: 0,
      line: 0,
      text: inc.summary,
    };
    add({
      t: inc.start - masterDownUs(inst.version, inst.priority, intervalUs),
      uncertaintyUs: intervalUs,
      event: { action: 'partition', groups: [[inc.to], others] },
      evidence: ev,
      concerns: [inc.to, ...others],
    });
    add({
      t: inc.end - intervalUs / 2,
      uncertaintyUs: intervalUs,
      event: { action: 'heal' },
      evidence: ev,
      concerns: [inc.to, ...others],
    });
  }
  faults.sort((a, b) => a.t - b.t);
  refineStarts(inv, configs, faults);
  return faults;
}

/** The master-down interval of a node's instance on a VRID, µs. */
function mdiOf(configs: Configs, node: string, vrid: number | null): number | null {
  const i = configs.get(node)?.instances.find((x) => x.vrid === vrid);
  return i ? masterDownUs(i.version, i.priority, i.advertIntervalCs * 10_000) : null;
}

/**
 * A start line stamped to the second leaves the start uncertain by ±0.5 s, which decides startup
 * races and the phase of the adverts. Where a capture dates the node's first MASTER after it
 * (a master-down interval after the start), that dates the start to the µs; and a node that did
 * not win takes the latest start its stamp allows if the winner's first advert is to reach it in
 * time. Both stay within what the evidence says.
 */
function refineStarts(inv: Investigation, configs: Configs, faults: ImpliedFault[]): void {
  const starts = faults.filter((f) => f.event.action === 'start-keepalived' && f.uncertaintyUs > 10_000);
  const won: { node: string; t: Micros; vrid: number | null; slackUs: number }[] = [];
  // Another cluster on the VRID (a collision) holds its own election.
  const clusters = clustersOf(configs);
  const together = (a: string, b: string) => clusters.some((c) => c.includes(a) && c.includes(b));
  for (const f of starts) {
    const node = f.event.node!;
    const x = inv.transitions.find(
      (t) =>
        t.node === node &&
        t.to === 'MASTER' &&
        t.t > f.t - f.uncertaintyUs &&
        t.t < f.t + f.uncertaintyUs + 2 * (mdiOf(configs, node, t.vrid) ?? 0),
    );
    const mdi = x ? mdiOf(configs, node, x.vrid) : null;
    if (!x || mdi === null || Math.abs(x.t - mdi - f.t) > f.uncertaintyUs + x.uncertaintyUs + 50_000)
      continue;
    if (x.uncertaintyUs < 10_000) {
      f.t = x.t - mdi - 300;
      f.uncertaintyUs = 1000;
    }
    // The router's first master won its election, as its (possibly refined) start and
    // master-down interval say; stamps to the second cannot order the others' starts against it.
    const first = inv.transitions.find(
      (t) => t.to === 'MASTER' && t.vrid === x.vrid && configs.has(t.node) && together(t.node, node),
    );
    if (first === x) won.push({ node, t: f.t + mdi, vrid: x.vrid, slackUs: f.uncertaintyUs });
  }
  for (const w of won)
    for (const f of starts) {
      const node = f.event.node!;
      const mdi = mdiOf(configs, node, w.vrid);
      if (node === w.node || !together(node, w.node) || f.uncertaintyUs <= 1000 || mdi === null || f.t >= w.t)
        continue;
      const latest = w.t - mdi + 2000;
      if (f.t < latest && f.t + f.uncertaintyUs + w.slackUs + 50_000 >= latest) f.t = latest;
    }
  faults.sort((a, b) => a.t - b.t);
}

/** One cluster's scenario: its nodes, the faults that concern them, and the span to simulate. */
function planFor(
  inv: Investigation,
  index: AdvertIndex,
  configs: Configs,
  faults: ImpliedFault[],
): RealityPlan {
  const starts = new Map<string, Micros>();
  for (const f of faults)
    if (f.event.action === 'start-keepalived' && !starts.has(f.event.node!)) starts.set(f.event.node!, f.t);
  const early = [...configs.keys()].filter(
    (n) => !starts.has(n) || hasEarlierActivity(inv, index, n, starts.get(n)!),
  );
  // Nodes running before the evidence begins start at 0, the evidence's first master first (so that
  // a history such as nopreempt's is kept); then the evidence begins after a warm-up.
  const originUs = (early.length > 0 ? inv.startUs - WARM_UP_US : inv.startUs) - US_PER_S;
  const firstMaster = inv.transitions.find((t) => t.to === 'MASTER' && configs.has(t.node))?.node;
  const events: ScenarioEvent[] = [
    // Scripts succeed unless the evidence says one failed: the simulator cannot run the node's commands.
    ...[
      ...new Set(
        [...configs.values()].flatMap((c) => c.instances.flatMap((i) => i.trackScripts.map((s) => s.name))),
      ),
    ].map((name): ScenarioEvent => ({ at: 0, action: 'force-script', name, result: true })),
    ...early.map((n): ScenarioEvent => ({
      at: n === firstMaster || early.length === 1 ? 0 : 1,
      action: 'start-keepalived',
      node: n,
    })),
  ];
  for (const f of faults)
    if (f.t >= originUs)
      events.push({ ...f.event, at: Math.round(f.t - originUs) / US_PER_S } as ScenarioEvent);
  const nodes: ScenarioNode[] = [...configs.entries()].map(([name, c], k) => ({
    name,
    ...nodeInterfaces(inv, name, c.instances, k),
    config: printConfig(c.source.config!.model),
  }));
  const untilUs = Math.min(MAX_SPAN_US, inv.endUs - originUs + US_PER_S);
  return {
    nodes: [...configs.keys()],
    scenario: {
      name: 'evidence',
      description: 'the faults the evidence shows, on the configs given',
      seed: 1,
      nodes,
      events,
    },
    originUs,
    untilUs,
    compareFromUs: early.length > 0 ? inv.startUs : originUs,
    faults,
    // Plain data: the app sends the plan from the evidence worker to the simulation worker's caller.
    configs: new Map(
      [...configs].map(([n, c]) => [
        n,
        {
          source: { index: c.source.index, file: c.source.file, text: c.source.config!.text },
          instances: c.instances,
        },
      ]),
    ),
  };
}

/** The node made a transition or sent an advert before its first start line: it was already running. */
function hasEarlierActivity(inv: Investigation, index: AdvertIndex, node: string, start: Micros): boolean {
  return (
    inv.transitions.some((t) => t.node === node && t.t < start - US_PER_S) ||
    nodeAdverts(index, node).any(start - US_PER_S)
  );
}

/** A lane's stamped log lines on the common clock (a stamp is the start of its resolution). */
function laneEntries(inv: Investigation, lane: Lane) {
  const s = inv.sources.find((x) => x.index === lane.source)!;
  const lines = s.log?.lines;
  const out: { t: Micros; unc: number; ref: EvidenceRef; fact: LogFact | null }[] = [];
  for (let i = 0; lines && i < lines.length; i++) {
    const stamp = lines.stamp(i);
    if (stamp === null || !lines.onLane(i, lane.host)) continue;
    const resolutionUs = lines.resolutionUs[i];
    const t = stamp + lane.fit.offsetUs + Math.floor(resolutionUs / 2);
    const ref: EvidenceRef = {
      kind: 'log-line',
      t,
      source: s.index,
      line: lines.line[i],
      text: lines.text(i),
    };
    out.push({ t, unc: Math.ceil(resolutionUs / 2) + lane.fit.uncertaintyUs, ref, fact: lines.fact(i) });
  }
  return out;
}

function sharesVrid(configs: Configs, node: string, vrid: number | null): boolean {
  return configs.get(node)!.instances.some((i) => i.vrid === vrid);
}
