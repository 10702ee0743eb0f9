/**
 * The simulated world: keepalived nodes, clients and servers on the LAN segments, the scenario's
 * actions applied at their times, and the failover bookkeeping. `run(untilUs)` advances the virtual
 * clock; `trace()` gives the shared Trace.
 */
import type { ScenarioEvent } from '../scenario/types';
import { ACTION_SPECS, eventParams } from '../scenario/actions/registry';
import type { ActionNode, ActionWorld } from '../scenario/actions/types';
import type { Cause, CausedTransition, EvidenceRef, SilenceReason } from '../trace/cause';
import { failoverEvent, lastAdvertOf, MasterTracker } from '../trace/masters';
import type { Micros, Trace, TraceInstance, TraceNode } from '../trace/types';
import { instanceId, routerKey } from '../trace/types';
import { US_PER_S } from '../trace/time';
import { carpAsVrrp } from './carp-as-vrrp';
import { Lane, VirtualClock } from './clock';
import { Lan, type LossReason } from './lan';
import { RouterNode } from './node';
import { UcarpNode } from './ucarp/node';
import { TraceRecorder } from './recorder';
import { Rng } from './rng';
import { EXACT_TIMING, TimingDraws } from './timing';
import type { NodeWorld, OnWire, RouterSpec, SimInterface, SimOptions } from './types';

/** A host that only listens: clients (with /etc/hosts and an ARP cache) and servers. */
export interface HostSpec {
  name: string;
  role: 'client' | 'server';
  interfaces: SimInterface[];
  hosts?: Record<string, string>;
}

/** Something attached to a LAN segment: a keepalived node or a listening host. */
interface Endpoint {
  node: string;
  router?: RouterNode;
  ucarp?: UcarpNode;
  host?: HostSpec & { arp: Map<string, string> };
}

export class World implements NodeWorld {
  readonly clock = new VirtualClock();
  readonly rec = new TraceRecorder(() => this.clock.now);
  readonly lan: Lan;
  readonly routers = new Map<string, RouterNode>();
  /** Nodes running ucarp (scenario "implementation": "ucarp"), apart from the keepalived ones. */
  readonly ucarps = new Map<string, UcarpNode>();
  readonly hosts = new Map<string, HostSpec & { arp: Map<string, string> }>();
  /** Segment (interface name) → endpoints attached to it. */
  #segments = new Map<string, Endpoint[]>();
  #addressOwner = new Map<string, { node: string; mac: string }>();
  #overrides: Record<string, { process?: string; result?: boolean }>;
  #forced = new Map<string, boolean>();
  /** Router → node → its last advert. */
  #lastAdverts = new Map<string, Map<string, { t: Micros; priority: number; packet: number }>>();
  readonly #masters = new MasterTracker();
  /** `${router} ${node}` → the transition that made the node MASTER of the router. */
  /** Each master's entry into MASTER; `resumed`: it never left MASTER, SIGCONT woke it (masterPaused). */
  readonly #entries = new Map<string, CausedTransition & { t: Micros; resumed?: boolean }>();
  applying: EvidenceRef | null = null;
  lanEvidence: EvidenceRef | null = null;
  readonly fastPaths: boolean;
  /** Delivery delays and timer lateness (timing.ts); all zero unless the options give a timing. */
  readonly timing: TimingDraws;
  readonly #nodeJitter: boolean;

  constructor(
    routers: RouterSpec[],
    hosts: HostSpec[],
    seed: number,
    scripts: Record<string, { process?: string; result?: boolean }> = {},
    opts: SimOptions = {},
  ) {
    this.lan = new Lan(new Rng(seed));
    this.#overrides = scripts;
    this.rec.deliveries = opts.recordDeliveries ?? 'all';
    this.fastPaths = opts.fastPaths ?? true;
    this.timing = new TimingDraws(opts.timing ?? EXACT_TIMING, seed);
    this.lan.latencyUs = this.timing.timing.lan.latencyUs;
    this.#nodeJitter = this.timing.anyNodeJitter;
    for (const spec of routers) {
      if (spec.ucarp) {
        const u = new UcarpNode({ ...spec, ucarp: spec.ucarp }, this);
        this.ucarps.set(spec.name, u);
        this.#attach(spec.name, spec.interfaces, { ucarp: u });
        continue;
      }
      const node = new RouterNode(spec, this);
      this.routers.set(spec.name, node);
      this.#attach(spec.name, spec.interfaces, { router: node });
      // Processes running from the start, so that frames know them (frame.ts starts them as not running).
      for (const p of spec.processes)
        this.rec.event({ t: 0, kind: 'process', node: spec.name, process: p, running: true });
    }
    for (const h of hosts) {
      const host = { ...h, arp: new Map<string, string>() };
      this.hosts.set(h.name, host);
      this.#attach(h.name, h.interfaces, { host });
    }
  }

  #attach(
    node: string,
    ifaces: SimInterface[],
    who: { router?: RouterNode; ucarp?: UcarpNode; host?: HostSpec & { arp: Map<string, string> } },
  ): void {
    for (const i of ifaces) {
      const seg = this.#segments.get(i.name) ?? [];
      seg.push({ node, ...who });
      this.#segments.set(i.name, seg);
      for (const a of i.addresses) this.#addressOwner.set(`${i.name}|${a.address}`, { node, mac: i.mac });
    }
  }

  // ---- NodeWorld ----

  macOf(iface: string, address: string): { node: string; mac: string } | null {
    return this.#addressOwner.get(`${iface}|${address}`) ?? null;
  }

  scriptOverride(node: string, script: string): { process?: string; result?: boolean } | undefined {
    const forced = this.#forced.get(`${node}|${script}`) ?? this.#forced.get(`*|${script}`);
    if (forced !== undefined) return { result: forced };
    return this.#overrides[script];
  }

  advertSent(node: string, router: string, priority: number, packet: number): void {
    let m = this.#lastAdverts.get(router);
    if (!m) this.#lastAdverts.set(router, (m = new Map()));
    m.set(node, { t: this.clock.now, priority, packet });
  }

  lastAdvert(router: string, node: string): { t: Micros; priority: number; packet: number } | null {
    return this.#lastAdverts.get(router)?.get(node) ?? null;
  }

  holder(router: string): string | null {
    return this.#masters.holder(router);
  }

  /**
   * Why `node` stopped being an acceptable master of `router`, root first: its own story (stopped,
   * killed, paused, fault, lower priority), with its priority-0 advert when it sent one (§2.10); or
   * the LAN action after which its adverts were not heard.
   */
  whyNotMaster(node: string, router: string, silence: SilenceReason, taker: string): Cause[] {
    if (silence === 'not-heard') {
      const ev = this.lanEvidence;
      return [
        {
          code: 'split-brain',
          t: ev?.t ?? this.clock.now,
          node,
          peer: taker,
          ...(ev?.text ? { detail: ev.text } : {}),
          evidence: ev ? [ev] : [],
        },
      ];
    }
    const chain =
      this.routers.get(node)?.whyNotMaster(router, silence) ??
      this.ucarps.get(node)?.whyNotMaster(router, silence) ??
      [];
    const last = this.lastAdvert(router, node);
    if (last?.priority === 0)
      chain.push({
        code: 'priority-zero',
        t: last.t,
        node,
        evidence: [{ kind: 'packet', t: last.t, source: 0, packet: last.packet }],
      });
    return chain;
  }

  /** Failover bookkeeping (trace/masters.ts): a change of master with a known old master is a failover. */
  masterEntered(node: string, router: string, caused: CausedTransition): void {
    this.#entries.set(`${router} ${node}`, { ...caused, t: this.clock.now });
    this.#changed(router, this.#masters.enter(router, node, this.clock.now));
  }

  masterLeft(node: string, router: string, caused?: CausedTransition): void {
    this.#changed(router, this.#masters.leave(router, node, this.clock.now), caused);
  }

  masterPaused(node: string, router: string, paused: boolean, cause: Cause): void {
    if (paused) {
      this.#changed(router, this.#masters.leave(router, node, this.clock.now));
      return;
    }
    this.#entries.set(`${router} ${node}`, { cause, chain: [], t: this.clock.now, resumed: true });
    this.#changed(router, this.#masters.enter(router, node, this.clock.now));
  }

  /**
   * A change of master is dated when the new master entered MASTER (trace/masters.ts). Its cause is
   * the new master's entry, or, for a master woken by SIGCONT, why the other master yielded to it
   * (`left`, a higher-priority advert, §2.6).
   */
  #changed(
    router: string,
    change: { from: string | null; to: string } | null,
    left?: CausedTransition,
  ): void {
    if (!change || change.from === null) return;
    const entered = this.#entries.get(`${router} ${change.to}`);
    if (!entered) return;
    const entry = entered.resumed && left ? { ...left, t: entered.t } : entered;
    const vrid = Number(router.split('/')[1]);
    const last = lastAdvertOf(this.rec.packets, change.from, vrid, entry.t);
    this.rec.eventAt(
      failoverEvent(
        entry.t,
        router,
        vrid,
        { from: change.from, to: change.to },
        entry,
        last && { t: last.t, packet: last.index },
      ),
    );
  }

  /**
   * Delivers a frame to every other endpoint of its segment: after the LAN's delay (latency + one jitter
   * draw per frame), and each keepalived node reads it after its own processing jitter (timing.ts). With
   * no node jitter, one callback delivers to every receiver in segment order.
   */
  transmit(frame: OnWire): void {
    const seg = this.#segments.get(frame.iface);
    if (!seg) return;
    const delay = this.lan.latencyUs + this.timing.uniform(this.timing.timing.lan.jitterUs);
    // Arrival lane: a frame waiting on the socket is read before a timer due at the same µs (clock.ts).
    if (!this.#nodeJitter) {
      this.clock.setTimeout(
        () => {
          for (const ep of seg) this.#deliverTo(ep, frame);
        },
        delay,
        Lane.arrival,
      );
      return;
    }
    // Each receiver reads the frame at its own time, in the order of those times; the frame's arrivals
    // share one clock entry (clock.ts atEach), which keeps the model's cost near the exact timing's.
    const to: Endpoint[] = [];
    const reads: Micros[] = [];
    for (const ep of seg) {
      if (!this.#receives(ep, frame)) continue;
      to.push(ep);
      reads.push(ep.router ? this.timing.uniform(this.timing.nodeJitter(ep.node)) : 0);
    }
    // The delay is ≥ 0 and reads are whole µs, so floor(delay + read) = floor(delay) + read.
    const base = this.clock.now + Math.floor(delay);
    this.clock.atEach(base, reads, (i) => this.#deliverTo(to[i], frame), Lane.arrival);
  }

  /** Whether the frame is addressed to this endpoint at all (not whether it gets through). */
  #receives(ep: Endpoint, frame: OnWire): boolean {
    if (ep.node === frame.fromNode) return false;
    // keepalived's protocol-112 socket reads CARP adverts too (carp-as-vrrp.ts, §2.11).
    if (frame.kind === 'carp') return !!ep.ucarp || !!ep.router;
    if (frame.kind !== 'vrrp') return !!ep.host;
    return !!ep.router && (frame.multicast || frame.toNode === ep.node);
  }

  #deliverTo(ep: Endpoint, frame: OnWire): void {
    if (!this.#receives(ep, frame)) return;
    if (frame.kind === 'vrrp') {
      const router = ep.router!;
      const lost = this.lan.lossReason(frame.fromNode, ep.node, frame.iface, frame.multicast);
      if (!lost) return router.receive(frame);
      if (router.spec.config.instances.some((i) => i.vrid === frame.vrid && i.interface === frame.iface))
        this.#lost(ep.node, frame.packet, lost);
    } else if (frame.kind === 'carp') {
      const lost = this.lan.lossReason(frame.fromNode, ep.node, frame.iface, true);
      if (ep.router) {
        // Not an advert of its routers: a loss is not recorded, a read is handed to the VRID's instance.
        const read = lost ? null : carpAsVrrp(frame);
        if (read) ep.router.receive(read, true);
      } else if (!lost) ep.ucarp!.receive(frame);
      else this.#lost(ep.node, frame.packet, lost);
    } else if (!this.lan.lossReason(frame.fromNode, ep.node, frame.iface, false)) {
      this.#hearAnnounce(ep.host!, frame.address, frame.mac, frame.packet);
    }
  }

  #lost(node: string, packet: number, reason: LossReason): void {
    this.rec.event({ t: this.clock.now, kind: 'advert-lost', node, packet, reason });
  }

  /**
   * A client updates (or creates) its ARP entry for an address it talks to (one in its /etc/hosts) or
   * already caches, from a gratuitous ARP (§5.4; creating an entry depends on arp_accept).
   */
  #hearAnnounce(
    host: HostSpec & { arp: Map<string, string> },
    address: string,
    mac: string,
    packet: number,
  ): void {
    const wanted = host.arp.has(address) || Object.values(host.hosts ?? {}).includes(address);
    if (!wanted) return;
    const previous = host.arp.get(address) ?? null;
    if (previous === mac) return;
    host.arp.set(address, mac);
    this.rec.event({ t: this.clock.now, kind: 'arp-cache', node: host.name, address, mac, previous, packet });
  }

  // ---- scenario actions ----

  /** Schedules a scenario event at its time (seconds → µs). Applied on the world clock, never paused. */
  /** `index`: the event's position in the scenario, its evidence in the causes it leads to. */
  schedule(e: ScenarioEvent, index?: number): void {
    if (!(typeof e.at === 'number' && e.at >= 0 && Number.isFinite(e.at))) return;
    this.clock.at(Math.round(e.at * US_PER_S), () => this.apply(e, index), Lane.arrival);
  }

  /**
   * Applies a scenario event: records it as a fault event, then does what its registry entry says
   * (scenario/actions/registry.ts). `index`: the event's position in the scenario, its evidence.
   */
  apply(e: ScenarioEvent, index?: number): void {
    const spec = ACTION_SPECS[e.action];
    if (!spec) return;
    const t = this.clock.now;
    const label = spec.describe(e);
    this.applying = index === undefined ? null : { kind: 'scenario-event', t, index, text: label };
    if (this.applying && spec.lan) this.lanEvidence = this.applying;
    try {
      const params = eventParams(e);
      this.rec.event({
        t,
        kind: 'fault',
        action: e.action,
        ...(e.node ? { node: e.node } : {}),
        label,
        ...(Object.keys(params).length ? { params } : {}),
      });
      spec.apply(this.#actionWorld, e);
    } finally {
      this.applying = null;
    }
  }

  /** The world as the action registry sees it (scenario/actions/types.ts). */
  get #actionWorld(): ActionWorld {
    return {
      router: (name: string): ActionNode | undefined => this.routers.get(name) ?? this.ucarps.get(name),
      lan: this.lan,
      forceScript: (node: string | undefined, name: string, result: boolean | null) => {
        const key = `${node ?? '*'}|${name}`;
        if (result === null) this.#forced.delete(key);
        else this.#forced.set(key, result);
        const target = node ? this.routers.get(node) : undefined;
        for (const n of target ? [target] : node ? [] : this.routers.values()) n.rerunScript(name);
      },
    };
  }

  /** Runs the clock to `untilUs`. */
  run(untilUs: Micros): void {
    this.clock.runUntil(untilUs);
  }

  trace(name: string, endUs: Micros, epochUs = 0): Trace {
    const nodes: TraceNode[] = [];
    const instances: TraceInstance[] = [];
    const routers = new Map<
      string,
      { key: string; vrid: number; family: 'ipv4' | 'ipv6'; vips: string[]; protocol?: 'carp' }
    >();
    const ifaceOut = (i: SimInterface) => ({
      name: i.name,
      mac: i.mac,
      addresses: i.addresses.map((a) => `${a.address}/${a.prefix}`),
    });
    for (const r of this.routers.values()) {
      nodes.push({
        id: r.name,
        name: r.name,
        role: 'router',
        interfaces: r.spec.interfaces.map(ifaceOut),
        processes: r.spec.processes,
      });
      for (const ic of r.spec.config.instances) {
        if (ic.vrid === undefined || !ic.interface) continue;
        const key = routerKey(ic.family, ic.vrid);
        const vips = ic.vips.map((v) => v.address);
        if (!routers.has(key)) routers.set(key, { key, vrid: ic.vrid, family: ic.family, vips });
        instances.push({
          id: instanceId(r.name, ic.name),
          node: r.name,
          name: ic.name,
          vrid: ic.vrid,
          family: ic.family,
          version: ic.version,
          interface: ic.interface,
          basePriority: ic.priority,
          advertIntervalCs: ic.advertIntervalCs,
          vips,
          router: key,
          preempt: ic.preempt,
          ...(ic.unicastPeers.length ? { unicastPeers: ic.unicastPeers } : {}),
          ...(ic.syncGroup ? { syncGroup: ic.syncGroup } : {}),
        });
      }
    }
    for (const u of this.ucarps.values()) {
      nodes.push({
        id: u.name,
        name: u.name,
        role: 'router',
        interfaces: u.spec.interfaces.map(ifaceOut),
        processes: u.spec.processes,
      });
      const inst = u.traceInstance();
      if (!inst) continue;
      instances.push(inst);
      if (!routers.has(inst.router))
        routers.set(inst.router, {
          key: inst.router,
          vrid: inst.vrid,
          family: 'ipv4',
          vips: inst.vips,
          protocol: 'carp',
        });
    }
    for (const h of this.hosts.values())
      nodes.push({
        id: h.name,
        name: h.name,
        role: h.role,
        interfaces: h.interfaces.map(ifaceOut),
        ...(h.hosts ? { hosts: h.hosts } : {}),
      });
    return {
      origin: { source: 'simulation', name, epochUs },
      nodes,
      instances,
      routers: [...routers.values()],
      services: [],
      packets: this.rec.packets,
      events: this.rec.events,
      diagnostics: this.rec.diagnostics,
      endUs,
    };
  }
}
