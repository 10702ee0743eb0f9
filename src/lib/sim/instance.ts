/**
 * One running vrrp_instance: its machine actor plus what the machine reports turned into frames and
 * trace events (adverts through advert-sender.ts, VIP changes, GARP bursts with their delayed second
 * burst, §2.7, §5), and the receive checks of §1.10 in front of the machine, with the steady-state
 * fast path (a backup's accept that only moves its master-down deadline).
 */
import { createActor, type Actor } from 'xstate';
import type { VrrpInstance } from '../config/model';
import type { CausedTransition } from '../trace/cause';
import type { Micros, VrrpState } from '../trace/types';
import { instanceId, routerKey } from '../trace/types';
import { parseIP } from '../net/address';
import { US_PER_S } from '../trace/time';
import { US_PER_CS } from '../vrrp/constants';
import { AdvertSender } from './advert-sender';
import type { Clock, TimerHandle } from './clock';
import { InstanceClock } from './instance-clock';
import { acceptOnlyMovesDeadline, acceptsInBackup, contextMdiUs, contextSkewUs } from './instance.setup';
import { instanceMachine, type InstanceEmitted } from './instance.machine';
import type { InstanceEnv } from './instance.types';
import { announceFrame, authTypeCode } from './packets';
import type { AdvertOnWire, NodeWorld, SimInterface } from './types';
import type { GlobalDefs } from '../config/model';
import { receiveCheck } from './receive-checks';

/** The node-side services an instance uses. */
export interface InstanceHost {
  name: string;
  world: NodeWorld;
  /** The clock of the node's timer threads (GARP bursts): while paused, a callback waits for SIGCONT. */
  clock: Clock;
  /**
   * Runs one of the instance's own timers (master-down, advert) now, or, while the daemon is paused,
   * once SIGCONT has read the instance's socket (paused-sockets.ts).
   */
  whenSocketAwake(inst: InstanceRuntime, fn: () => void): void;
  /** A clock whose callbacks wait as whenSocketAwake says: the machine's, without the fast paths. */
  socketClock(inst: InstanceRuntime): Clock;
  /** Adds or removes a VIP on an interface of the node (records the vip event). */
  setVip(iface: string, address: string, add: boolean, instance: string): void;
  /** The cause of a state change the machine reports, with its evidence and chain (node.ts). */
  stateCause(inst: InstanceRuntime, e: Extract<InstanceEmitted, { type: 'state' }>): CausedTransition;
  /** The instance changed state (sync groups, failover bookkeeping). */
  stateChanged(inst: InstanceRuntime, from: VrrpState, to: VrrpState, caused: CausedTransition): void;
  /** The instance met another address owner (§2.6.2): its base priority is now 254. */
  ownerConflict(inst: InstanceRuntime): void;
  syncAllowsMaster(inst: InstanceRuntime): boolean;
}

/** An advert an instance accepted: when it was sent, its packet, sender and priority. */
export interface AcceptedAdvert {
  t: Micros;
  packet: number;
  node: string;
  priority: number;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] > b[i] ? 1 : -1;
  return 0;
}

export class InstanceRuntime {
  readonly id: string;
  readonly router: string;
  readonly iface: SimInterface;
  /** Our source address (§1.1 / §2.6.1) and its bytes for the tie-break. */
  readonly src: string;
  readonly srcBytes: Uint8Array;
  readonly vips: string[];
  readonly evips: string[];
  readonly actor: Actor<typeof instanceMachine>;
  state: VrrpState = 'INIT';
  base: number;
  priority: number;
  /** Own fault reasons currently active, and whether the machine has been told it is in fault. */
  faultReasons: string[] = [];
  faultSent = false;
  lastMasterSrc: string | null = null;
  /** The last advert this instance accepted (§2.5): what its master-down timer runs from. */
  lastAccepted: AcceptedAdvert | null = null;
  /** The advert being handed to the machine, so that its acceptance can be noted. */
  #handing: AdvertOnWire | null = null;
  readonly #sender: AdvertSender;
  #garpTimers: TimerHandle[] = [];
  /** The advert being handed to the machine is a steady-state accept (acceptOnlyMovesDeadline). */
  #steadyAccept = false;
  /** Our VRRPv2 auth type code (0 none, 1 PASS, 2 AH). */
  readonly authType: number;
  /** The timer values last recorded as a `timing` event (MDI, skew, intervals), to record only changes. */
  #timing = { advertIntervalUs: -1, masterAdvertIntervalUs: -1, skewUs: -1, mdiUs: -1 };

  /** The instance's configuration; set-advert-int replaces it with a copy (as a reload would). */
  cfg: VrrpInstance;

  constructor(
    cfg: VrrpInstance,
    readonly global: GlobalDefs,
    readonly host: InstanceHost,
    iface: SimInterface,
    priority: number,
  ) {
    this.cfg = cfg;
    this.id = instanceId(host.name, cfg.name);
    this.router = routerKey(cfg.family, cfg.vrid ?? 0);
    this.iface = iface;
    const primary = iface.addresses.find((a) => a.family === cfg.family);
    this.src =
      (cfg.unicastPeers.length ? cfg.unicastSrcIp : cfg.mcastSrcIp) ??
      (cfg.family === 'ipv6' ? iface.linkLocal : (primary?.address ?? '0.0.0.0'));
    this.srcBytes = parseIP(this.src)?.bytes ?? new Uint8Array(cfg.family === 'ipv4' ? 4 : 16);
    this.vips = cfg.vips.map((v) => v.address);
    this.evips = cfg.excludedVips.map((v) => v.address);
    this.base = cfg.priority;
    this.priority = priority;
    this.authType = cfg.version === 2 ? authTypeCode(cfg.authType) : 0;
    this.#sender = new AdvertSender(this);
    const env: InstanceEnv = {
      now: () => host.world.clock.now,
      syncAllowsMaster: () => host.syncAllowsMaster(this),
    };
    const clock = host.world.fastPaths
      ? new InstanceClock(host.world.clock, (fn) => host.whenSocketAwake(this, fn), {
          snapshot: () => this.actor.getSnapshot(),
          now: () => host.world.clock.now,
          lateness: () => host.world.timing.uniform(host.world.timing.nodeJitter(host.name)),
          advertTick: (priority, deadline) => {
            this.#onEmitted({ type: 'advert', priority });
            this.#onEmitted({ type: 'timer', timer: 'advert', deadline });
          },
        })
      : host.socketClock(this);
    this.actor = createActor(instanceMachine, {
      clock,
      input: {
        env,
        version: cfg.version,
        basePriority: cfg.priority,
        priority,
        advertIntervalCs: cfg.advertIntervalCs,
        downTimerAdverts: cfg.downTimerAdverts,
        nopreempt: !cfg.preempt,
        preemptDelayUs: Math.round(cfg.preemptDelayS * US_PER_S),
        lowerPrioNoAdvert: cfg.lowerPrioNoAdvert,
        higherPrioSendAdvert: cfg.higherPrioSendAdvert,
      },
    });
    this.actor.on('*', (e) => this.#onEmitted(e as InstanceEmitted));
    // Every transition may change a timer value (priority, learned interval, set-advert-int).
    this.actor.subscribe(() => this.#recordTiming());
  }

  /**
   * set-advert-int: adver_int becomes `intervalCs` from now on — the adverts it sends, the interval
   * it expects from peers (v2, §1.10) and its timers (§2.2). A restart reads the config again.
   */
  setAdvertInterval(intervalCs: number): void {
    this.cfg = { ...this.cfg, advertIntervalCs: intervalCs };
    this.#sender.forgetTemplates();
    this.actor.send({ type: 'ADVERT_INT', intervalUs: intervalCs * US_PER_CS });
  }

  /** Records the instance's timer values when one of them changed, so readers never recompute them (§2.2). */
  #recordTiming(): void {
    const c = this.actor.getSnapshot().context;
    const now = {
      advertIntervalUs: c.adverIntUs,
      masterAdvertIntervalUs: c.masterAdverIntUs,
      skewUs: contextSkewUs(c),
      mdiUs: contextMdiUs(c),
    };
    const last = this.#timing;
    if (
      now.advertIntervalUs === last.advertIntervalUs &&
      now.masterAdvertIntervalUs === last.masterAdvertIntervalUs &&
      now.skewUs === last.skewUs &&
      now.mdiUs === last.mdiUs
    )
      return;
    this.#timing = now;
    this.host.world.rec.event({
      t: this.#now(),
      kind: 'timing',
      node: this.host.name,
      instance: this.id,
      ...now,
    });
  }

  get wantMaster(): boolean {
    return this.actor.getSnapshot().context.wantMaster;
  }

  #now(): Micros {
    return this.host.world.clock.now;
  }

  #log(text: string): void {
    this.host.world.rec.log(this.host.name, `(${this.cfg.name}) ${text}`, this.id);
  }

  #onEmitted(e: InstanceEmitted): void {
    const rec = this.host.world.rec;
    const t = this.#now();
    switch (e.type) {
      case 'advert':
        return this.#sender.send(e.priority);
      case 'state': {
        const from = this.state;
        this.state = e.to;
        const caused = this.host.stateCause(this, e);
        rec.event({
          t,
          kind: 'state',
          node: this.host.name,
          instance: this.id,
          from: e.from,
          to: e.to,
          cause: caused.cause,
          chain: caused.chain,
        });
        if (e.from === 'MASTER') this.#cancelGarps();
        // §2.9: a unicast instance leaving FAULT announces its own source address once.
        if (e.from === 'FAULT' && e.to === 'BACKUP' && this.cfg.unicastPeers.length)
          this.#announce(this.src, this.iface.name, this.iface.mac);
        this.host.stateChanged(this, from, e.to, caused);
        return;
      }
      case 'vips': {
        const add = e.op === 'add';
        if (this.vips.length + this.evips.length) this.#log(add ? 'setting VIPs.' : 'removing VIPs.');
        for (const v of [...this.cfg.vips, ...this.cfg.excludedVips])
          this.host.setVip(v.dev ?? this.iface.name, v.address, add, this.id);
        return;
      }
      case 'garp':
        return this.#garp(e.reason);
      case 'timer':
        rec.event({
          t,
          kind: 'timer',
          node: this.host.name,
          instance: this.id,
          timer: e.timer,
          deadline: e.deadline,
        });
        return;
      case 'received':
        if (e.verdict === 'accepted') this.#noteAccepted(e.packet);
        if (e.verdict === 'accepted' && rec.deliveries === 'changes') return;
        rec.event({
          t,
          kind: 'advert-received',
          node: this.host.name,
          instance: this.id,
          packet: e.packet,
          verdict: e.verdict,
          reason: e.reason,
        });
        return;
      case 'accepted':
        this.#noteAccepted(e.packet);
        return this.#recordAccepted(t, e.packet, e.deadline, this.#steadyAccept);
      case 'log':
        return this.#log(e.text);
      case 'none':
        return;
      case 'owner-conflict':
        this.base = 254;
        this.priority = 254;
        this.host.ownerConflict(this);
        return;
    }
  }

  #noteAccepted(packet: number): void {
    const a = this.#handing;
    if (!a || a.packet !== packet) return;
    const p = this.host.world.rec.packets[packet];
    this.lastAccepted = { t: p?.t ?? this.#now(), packet, node: a.fromNode, priority: a.priority };
  }

  /**
   * A BACKUP accepted an advert: its new master-down deadline and the receipt, unless the trace keeps
   * only changes (SimOptions.recordDeliveries): then no receipt, and no deadline for a steady-state accept.
   */
  #recordAccepted(t: Micros, packet: number, deadline: Micros, steady: boolean): void {
    const rec = this.host.world.rec;
    if (rec.deliveries === 'changes') {
      if (!steady)
        rec.event({
          t,
          kind: 'timer',
          node: this.host.name,
          instance: this.id,
          timer: 'master-down',
          deadline,
        });
      return;
    }
    rec.event({ t, kind: 'timer', node: this.host.name, instance: this.id, timer: 'master-down', deadline });
    if (rec.deliveries === 'all')
      rec.event({
        t,
        kind: 'advert-received',
        node: this.host.name,
        instance: this.id,
        packet,
        verdict: 'accepted',
        reason: '',
      });
  }

  /** The source MAC: the NIC's, or the virtual MAC with use_vmac (§1.8). */
  srcMac(): string {
    if (!this.cfg.useVmac || this.cfg.vmacXmitBase) return this.iface.mac;
    return this.cfg.vmacMac ?? this.vmac();
  }

  vmac(): string {
    const hex = (this.cfg.vrid ?? 0).toString(16).padStart(2, '0');
    return this.cfg.family === 'ipv4' ? `00:00:5e:00:01:${hex}` : `00:00:5e:00:02:${hex}`;
  }

  /** The MAC that answers for the VIPs. */
  vipMac(): string {
    return this.cfg.useVmac ? (this.cfg.vmacMac ?? this.vmac()) : this.iface.mac;
  }

  /** A GARP burst now and the delayed second burst (and refreshes) later (§2.7 steps 5–6, §5.2). */
  #garp(reason: 'master' | 'lower-priority'): void {
    const cfg = this.cfg;
    this.#garpBurst(cfg.garpMasterRepeat);
    const delayUs = Math.round(cfg.garpMasterDelayS * US_PER_S);
    if (delayUs > 0)
      this.#garpTimers.push(
        this.host.clock.setTimeout(() => this.#garpBurst(cfg.garpMasterRepeat), delayUs) as TimerHandle,
      );
    if (reason === 'master' && cfg.garpMasterRefreshS > 0) {
      const refreshUs = Math.round(cfg.garpMasterRefreshS * US_PER_S);
      const refresh = () => {
        this.#garpBurst(cfg.garpMasterRefreshRepeat);
        this.#garpTimers.push(this.host.clock.setTimeout(refresh, refreshUs) as TimerHandle);
      };
      this.#garpTimers.push(this.host.clock.setTimeout(refresh, delayUs + refreshUs) as TimerHandle);
    }
  }

  #garpBurst(repeat: number): void {
    if (this.state !== 'MASTER') return;
    const all = [...this.cfg.vips, ...this.cfg.excludedVips];
    if (all.length) this.#log(`Sending/queueing gratuitous ARPs on ${this.iface.name} for ${all[0].address}`);
    const mac = this.vipMac();
    for (let r = 0; r < Math.max(1, repeat); r++) {
      for (const v of all) this.#announce(v.address, v.dev ?? this.iface.name, mac);
    }
  }

  /** One gratuitous ARP (IPv4) or unsolicited NA (IPv6) saying `address` is at `mac` (§5.3). */
  #announce(address: string, iface: string, mac: string): void {
    const world = this.host.world;
    if (!world.lan.linkUp(this.host.name, iface)) return;
    const v6 = address.includes(':');
    const packet = world.rec.packet({
      t: this.#now(),
      node: this.host.name,
      instance: this.id,
      type: v6 ? 'ndp' : 'arp',
      srcMac: mac,
      dstMac: v6 ? '33:33:00:00:00:01' : 'ff:ff:ff:ff:ff:ff',
      src: address,
      dst: v6 ? 'ff02::1' : address,
      announce: { address, mac, gratuitous: true },
      bytes: announceFrame(v6 ? 'ipv6' : 'ipv4', mac, address),
      linkType: 1,
    });
    world.rec.event({
      t: this.#now(),
      kind: 'garp-sent',
      node: this.host.name,
      instance: this.id,
      address,
      packet,
    });
    world.transmit({ kind: 'announce', packet, fromNode: this.host.name, iface, address, mac });
  }

  #cancelGarps(): void {
    for (const h of this.#garpTimers) this.host.clock.clearTimeout(h);
    this.#garpTimers = [];
  }

  /** Cancels pending GARPs (daemon stopped or killed). */
  stopTimers(): void {
    this.#cancelGarps();
  }

  /** The receive checks of §1.10 in 2.2.7 order; returns the KO/DROP reason or '' when valid. */
  check(a: AdvertOnWire): string {
    return receiveCheck(a, this);
  }

  /**
   * The steady state of a BACKUP, almost every delivery of a run: a valid advert it accepts (§2.5) whose
   * acceptance changes nothing but the master-down deadline (acceptOnlyMovesDeadline). The machine's
   * ADVERT transition takes its `acceptInBackup?` branch — no state change, no re-entry, no timer — and
   * only assigns `downDeadlineUs = now + MDI` and reports it. Decided with the machine's own guard functions.
   */
  #isSteadyAccept(a: AdvertOnWire): boolean {
    const snap = this.actor.getSnapshot();
    if (snap.value !== 'backup' || a.priority === 0) return false;
    const c = snap.context;
    const now = this.#now();
    return acceptsInBackup(c, a.priority, now) && acceptOnlyMovesDeadline(c, a.priority, a.intervalCs, now);
  }

  /**
   * A steady-state accept without an actor send: the same deadline the machine's acceptInBackup assigns,
   * written in place (the transition changes nothing else), and the same report. The lazily armed timer
   * (instance-clock.ts) picks up the moved deadline.
   */
  #refreshMasterDown(a: AdvertOnWire): void {
    const c = this.actor.getSnapshot().context;
    const now = this.#now();
    c.downDeadlineUs = now + contextMdiUs(c);
    this.#recordAccepted(now, a.packet, c.downDeadlineUs, true);
  }

  /** Hands a received advert to the machine (FAULT, INIT and STOPPED ignore everything, §1.10 step 3). */
  receive(a: AdvertOnWire): void {
    if (this.state !== 'BACKUP' && this.state !== 'MASTER') return;
    const reason = this.check(a);
    if (reason) this.#log(reason);
    this.#steadyAccept = !reason && this.#isSteadyAccept(a);
    if (this.#steadyAccept && this.host.world.fastPaths) {
      this.#handing = a;
      this.#refreshMasterDown(a);
      this.#noteAccepted(a.packet);
      this.#handing = null;
      this.lastMasterSrc = a.src;
      return;
    }
    const cmp = compareBytes(a.srcBytes, this.srcBytes);
    this.#handing = a;
    this.actor.send({
      type: 'ADVERT',
      packet: a.packet,
      priority: a.priority,
      intervalCs: a.intervalCs,
      src: a.src,
      cmp,
      valid: !reason,
      reason,
    });
    this.#steadyAccept = false;
    this.#handing = null;
    if (!reason && this.state === 'BACKUP') this.lastMasterSrc = a.src;
  }
}
