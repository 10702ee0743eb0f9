/**
 * A keepalived node: the daemon's life (start, SIGTERM, SIGKILL, SIGSTOP/SIGCONT, §2.4, §2.10), its
 * processes, vrrp_script runs (§4.1), tracked interfaces (§4.4), effective priorities (§4.2), fault
 * reasons (§4.3), sync groups (§6.1) and the VIPs configured on its interfaces.
 */
import type { Cause, CausedTransition, SilenceReason } from '../trace/cause';
import type { PriorityTerm, VrrpState } from '../trace/types';
import type { TrackRef, VrrpScript } from '../config/model';
import { effectivePriority } from '../vrrp/timers';
import { US_PER_S } from '../trace/time';
import type { Clock, TimerHandle } from './clock';
import { InstanceRuntime, type InstanceHost } from './instance';
import { processOfCommand } from '../config/script-process';
import { advertIntervalCs } from '../config/complete-rules';
import { RiseFall } from './scripts';
import type { InstanceEmitted } from './instance.types';
import { NodeCauses } from './causes';
import { PausedSockets, socketOf } from './paused-sockets';
import { faultState, priorityTerms, trackedScripts, type TrackingView } from './tracking';
import type { AdvertOnWire, NodeWorld, RouterSpec, SimInterface } from './types';

export type DaemonStatus = 'running' | 'stopped' | 'killed' | 'paused';

interface ScriptRun {
  cfg: VrrpScript;
  riseFall: RiseFall;
  rc: number | null;
}

/**
 * A clock for one node: while the daemon is paused (SIGSTOP) its callbacks wait for SIGCONT, each as
 * `wait` says (by default with the node's timer threads, paused-sockets.ts).
 */
class NodeClock implements Clock {
  constructor(
    private readonly node: RouterNode,
    private readonly wait: (fn: () => void) => void = (fn) => node.whenAwake(fn),
  ) {}
  setTimeout(fn: () => void, timeout: number): { inner: TimerHandle; cancelled: boolean } {
    const handle = { inner: null as unknown as TimerHandle, cancelled: false };
    // A daemon's timers fire a little late: its scheduler jitter (timing.ts).
    const world = this.node.world;
    handle.inner = world.clock.setTimeout(
      () => this.wait(() => !handle.cancelled && fn()),
      timeout + world.timing.uniform(world.timing.nodeJitter(this.node.name)),
    );
    return handle;
  }
  clearTimeout(id: { inner: TimerHandle; cancelled: boolean } | undefined): void {
    if (!id) return;
    id.cancelled = true;
    this.node.world.clock.clearTimeout(id.inner);
  }
}

export class RouterNode implements InstanceHost {
  readonly name: string;
  readonly clock: Clock;
  daemon: DaemonStatus = 'stopped';
  instances: InstanceRuntime[] = [];
  /** Instances by VRID, for the receive path. */
  /** VRID (0..255) → this node's instances of it: an array, as it is read once per delivery. */
  #byVrid: (InstanceRuntime[] | undefined)[] = [];
  readonly processes = new Map<string, boolean>();
  /** VIPs configured on each interface, in the order added. */
  readonly vipsOn = new Map<string, string[]>();
  #scripts = new Map<string, ScriptRun>();
  #scriptTimers: TimerHandle[] = [];
  /** Timer threads and other callbacks that came due while paused, in the order they did. */
  #deferred: (() => void)[] = [];
  /** What the sockets queued while paused, and the instances' own timers that wait for them. */
  readonly #paused = new PausedSockets();
  #securityWarned = false;
  readonly #causes: NodeCauses;

  constructor(
    readonly spec: RouterSpec,
    readonly world: NodeWorld,
  ) {
    this.name = spec.name;
    this.#causes = new NodeCauses(spec.name, world);
    this.clock = new NodeClock(this);
    for (const p of spec.processes) this.processes.set(p, true);
  }

  iface(name: string): SimInterface | undefined {
    return this.spec.interfaces.find((i) => i.name === name);
  }

  /** Runs `fn` now, or at SIGCONT when the daemon is paused. */
  whenAwake(fn: () => void): void {
    if (this.daemon === 'paused') this.#deferred.push(fn);
    else fn();
  }

  /** Runs an instance's own timer now, or, while paused, once SIGCONT has read its socket. */
  whenSocketAwake(inst: InstanceRuntime, fn: () => void): void {
    if (this.daemon === 'paused') this.#paused.timeout(socketOf(inst.iface.name, inst.cfg.family), fn);
    else fn();
  }

  socketClock(inst: InstanceRuntime): Clock {
    return new NodeClock(this, (fn) => this.whenSocketAwake(inst, fn));
  }

  #log(text: string): void {
    this.world.rec.log(this.name, text);
  }

  #daemonEvent(status: DaemonStatus): void {
    this.daemon = status;
    this.world.rec.event({ t: this.world.clock.now, kind: 'daemon', node: this.name, status });
  }

  // ---- daemon life ----

  /** Starts keepalived: leftover VIPs removed, scripts run at once, then every instance starts (§2.4). */
  start(): void {
    if (this.daemon === 'running' || this.daemon === 'paused') return;
    this.#daemonEvent('running');
    const cfg = this.spec.config;
    this.instances = [];
    this.#byVrid = [];
    this.#scripts.clear();
    for (const ic of cfg.instances) {
      const iface = ic.interface ? this.iface(ic.interface) : undefined;
      if (!iface || ic.vrid === undefined) continue;
      const inst = new InstanceRuntime(ic, cfg.globalDefs, this, iface, ic.priority);
      this.instances.push(inst);
      (this.#byVrid[ic.vrid] ??= []).push(inst);
      inst.actor.start();
      // §2.4 step 1: VIPs left by an earlier run (SIGKILL) are removed first.
      const left = [...ic.vips, ...ic.excludedVips].filter((v) =>
        (this.vipsOn.get(v.dev ?? iface.name) ?? []).includes(v.address),
      );
      if (left.length) {
        this.world.rec.log(this.name, `(${ic.name}) removing VIPs.`, inst.id);
        for (const v of left) this.setVip(v.dev ?? iface.name, v.address, false, inst.id);
      }
    }
    const tracked = new Set(this.instances.flatMap((i) => this.#trackedScripts(i).map((r) => r.name)));
    for (const s of cfg.scripts)
      if (tracked.has(s.name))
        this.#scripts.set(s.name, { cfg: s, riseFall: new RiseFall(s.rise, s.fall, s.initFail), rc: null });
    if (this.#scripts.size && !cfg.globalDefs.enableScriptSecurity && !this.#securityWarned) {
      this.#securityWarned = true;
      this.#log('SECURITY VIOLATION - scripts are being executed but script_security not enabled.');
    }
    for (const s of this.#scripts.values()) this.#runScript(s, false);
    for (const s of this.#scripts.values()) this.#scheduleScript(s);
    this.#recompute(false);
    const startAll = () => {
      for (const inst of this.instances) {
        inst.faultSent = this.#faulted(inst).faulted;
        inst.actor.send({ type: 'START', faulted: inst.faultSent });
      }
    };
    // §2.4: vrrp_startup_delay holds every instance (timers and received adverts) until it has passed.
    const delayUs = Math.round((cfg.globalDefs.vrrpStartupDelayS ?? 0) * US_PER_S);
    if (delayUs > 0) this.#scriptTimers.push(this.clock.setTimeout(startAll, delayUs) as TimerHandle);
    else startAll();
  }

  /** SIGTERM: masters send one priority-0 advert and drop their VIPs (§2.10). */
  stop(): void {
    if (this.daemon !== 'running' && this.daemon !== 'paused') return;
    if (this.daemon === 'paused') {
      this.#deferred = [];
      this.#paused.clear();
    }
    this.daemon = 'running';
    this.#log('Stopping');
    this.#halt('SHUTDOWN');
    this.#daemonEvent('stopped');
    this.#log('Stopped Keepalived v2.2.7 (01/16,2022)');
  }

  /** SIGKILL: nothing is sent and the VIPs stay configured. */
  kill(): void {
    if (this.daemon !== 'running' && this.daemon !== 'paused') return;
    this.#deferred = [];
    this.#paused.clear();
    this.daemon = 'running';
    this.#halt('KILL');
    this.#daemonEvent('killed');
  }

  #halt(signal: 'SHUTDOWN' | 'KILL'): void {
    for (const h of this.#scriptTimers) this.world.clock.clearTimeout(h);
    this.#scriptTimers = [];
    for (const inst of this.instances) {
      inst.stopTimers();
      inst.actor.send({ type: signal });
      inst.actor.stop();
    }
    this.instances = [];
    this.#byVrid = [];
  }

  pause(): void {
    if (this.daemon !== 'running') return;
    const cause = this.#causes.paused(true);
    this.#daemonEvent('paused');
    for (const inst of this.instances)
      if (inst.state === 'MASTER') this.world.masterPaused(this.name, inst.router, true, cause);
  }

  /**
   * SIGCONT: keepalived reads every frame that queued on its sockets (a MASTER answers each lower advert
   * with an advert and GARPs, §2.6), in its scheduler's order: a first read of each socket, then the
   * timer threads that came due, then the rest; an instance's own timer waits until its socket has
   * been read (paused-sockets.ts).
   */
  resume(): void {
    if (this.daemon !== 'paused') return;
    const cause = this.#causes.paused(false);
    this.#daemonEvent('running');
    // Still MASTER to itself (the sigstop recording's notify FIFO shows no state change at SIGCONT).
    for (const inst of this.instances)
      if (inst.state === 'MASTER') this.world.masterPaused(this.name, inst.router, false, cause);
    const timers = this.#deferred;
    this.#deferred = [];
    this.#paused.drain(timers);
  }

  setProcess(name: string, running: boolean): void {
    this.processes.set(name, running);
    this.#causes.processChanged(name);
    this.world.rec.event({
      t: this.world.clock.now,
      kind: 'process',
      node: this.name,
      process: name,
      running,
    });
  }

  setLink(iface: string, up: boolean): void {
    this.world.lan.setLink(this.name, iface, up);
    this.world.rec.event({ t: this.world.clock.now, kind: 'link', node: this.name, interface: iface, up });
    const cause = this.#causes.linkChanged(iface, up);
    if (this.daemon === 'running' || this.daemon === 'paused')
      this.whenAwake(() => {
        this.#log(`Netlink reports ${iface} ${up ? 'up' : 'down'}`);
        this.#causes.current = cause;
        this.#recompute(true);
        this.#causes.current = null;
      });
  }

  /** Changes the configured priority of an instance (scenario `set-priority`). */
  setBasePriority(instance: string, priority: number): void {
    const inst = this.instances.find((i) => i.cfg.name === instance);
    if (!inst) return;
    this.#causes.configChanged(`priority ${inst.base} → ${priority}`);
    inst.base = priority;
    this.#recompute(true);
    this.#causes.current = null;
  }

  /** The node's interface names (a link action without an interface acts on all of them). */
  interfaceNames(): string[] {
    return this.spec.interfaces.map((i) => i.name);
  }

  /** set-advert-int: the running instance's adver_int, rounded as keepalived completes a config (§1.5). */
  setAdvertInterval(instance: string, seconds: number): void {
    const inst = this.instances.find((i) => i.cfg.name === instance);
    if (inst) inst.setAdvertInterval(advertIntervalCs(inst.cfg.version, seconds));
  }

  /** Restart: SIGTERM (priority-0 adverts, VIPs removed, §2.10), then a fresh start reading the config. */
  restart(): void {
    this.stop();
    this.start();
  }

  /** Re-evaluates scripts at once (after `force-script`). */
  rerunScript(name: string): void {
    const s = this.#scripts.get(name);
    this.#causes.scriptForced(name);
    if (s && this.daemon === 'running') {
      this.#runScript(s, true);
    }
  }

  // ---- receiving ----

  /** The instance an advert is for: same VRID, family and interface (a plain loop: once per delivery). */
  #instanceFor(a: AdvertOnWire): InstanceRuntime | undefined {
    const list = this.#byVrid[a.vrid];
    if (!list) return undefined;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (i.cfg.family === a.family && i.iface.name === a.iface) return i;
    }
    return undefined;
  }

  /**
   * A protocol-112 packet read by this node's socket. `foreign`: another protocol's packet read as VRRP
   * (a CARP advert, carp-as-vrrp.ts), which is no advert lost when the daemon is down.
   */
  receive(a: AdvertOnWire, foreign = false): void {
    const inst = this.#instanceFor(a);
    if (this.daemon === 'paused') {
      this.#queueWhilePaused(a, inst, foreign);
      return;
    }
    if (this.daemon !== 'running') {
      if (foreign) return;
      if (this.spec.config.instances.some((i) => i.vrid === a.vrid && i.interface === a.iface))
        this.world.rec.event({
          t: this.world.clock.now,
          kind: 'advert-lost',
          node: this.name,
          packet: a.packet,
          reason: 'daemon-down',
        });
      return;
    }
    inst?.receive(a);
  }

  /**
   * A frame reaches a paused daemon: it waits on the socket of its interface and family, if the node
   * has one, even for a VRID the node does not run; once the socket is full the kernel drops it.
   */
  #queueWhilePaused(a: AdvertOnWire, inst: InstanceRuntime | undefined, foreign: boolean): void {
    if (!this.instances.some((i) => i.iface.name === a.iface && i.cfg.family === a.family)) return;
    const queued = this.#paused.queue(socketOf(a.iface, a.family), inst ? a.vrid : null, () =>
      this.receive(a, foreign),
    );
    if (!queued && inst && !foreign)
      this.world.rec.event({
        t: this.world.clock.now,
        kind: 'advert-lost',
        node: this.name,
        packet: a.packet,
        reason: 'receive-buffer-full',
      });
  }

  // ---- scripts (§4.1) ----

  #scheduleScript(s: ScriptRun): void {
    const intervalUs = Math.max(1, Math.round(s.cfg.intervalS * US_PER_S));
    const tick = () => {
      this.#runScript(s, true);
      this.#scriptTimers.push(this.clock.setTimeout(tick, intervalUs) as TimerHandle);
    };
    this.#scriptTimers.push(this.clock.setTimeout(tick, intervalUs) as TimerHandle);
  }

  #scriptSucceeds(s: VrrpScript): boolean {
    const o = this.world.scriptOverride(this.name, s.name);
    if (o?.result !== undefined) return o.result;
    const proc = o?.process ?? processOfCommand(s.script);
    if (proc !== null) return this.processes.get(proc) === true;
    this.world.rec.diagnostic({
      code: 'sim.unknown-script',
      severity: 'info',
      message: `script "${s.script}" (${s.name}) is not modelled; it succeeds unless the scenario forces it`,
      hint: `map it in the scenario: "scripts": { "${s.name}": { "process": "…" } } or use force-script`,
    });
    return true;
  }

  #runScript(s: ScriptRun, apply: boolean): void {
    const ok = this.#scriptSucceeds(s.cfg);
    const rc = ok ? 0 : 1;
    if (s.rc !== null && s.rc !== rc) this.#log(`Script \`${s.cfg.name}\` now returning ${rc}`);
    s.rc = rc;
    if (!s.riseFall.update(ok)) return;
    const good = s.riseFall.ok === true;
    this.#log(
      good
        ? `VRRP_Script(${s.cfg.name}) succeeded`
        : `VRRP_Script(${s.cfg.name}) failed (exited with status ${rc})`,
    );
    this.world.rec.event({
      t: this.world.clock.now,
      kind: 'script',
      node: this.name,
      script: s.cfg.name,
      ok: good,
      status: good ? 'good' : 'bad',
      rc,
    });
    const o = this.world.scriptOverride(this.name, s.cfg.name);
    this.#causes.scriptChanged(s.cfg.name, good, o?.process ?? processOfCommand(s.cfg.script));
    if (apply) this.#recompute(true);
    this.#causes.current = null;
  }

  // ---- priorities and faults ----

  #tracking(): TrackingView {
    return {
      node: this.name,
      lan: this.world.lan,
      syncGroups: this.spec.config.syncGroups,
      scriptOk: (name) => this.#scripts.get(name)?.riseFall.ok ?? null,
    };
  }

  #trackedScripts(inst: InstanceRuntime): TrackRef[] {
    return trackedScripts(inst, this.#tracking());
  }

  #terms(inst: InstanceRuntime): PriorityTerm[] {
    return priorityTerms(inst, this.#tracking());
  }

  #faulted(inst: InstanceRuntime): { faulted: boolean; viaSync: boolean } {
    return faultState(inst, this.instances, this.#tracking());
  }

  /** Re-derives every instance's effective priority and fault state; tells the machines what changed. */
  #recompute(notify: boolean): void {
    const t = this.world.clock.now;
    for (const inst of this.instances) {
      const terms = this.#terms(inst);
      const next = effectivePriority(
        inst.base,
        terms.reduce((s, x) => s + x.delta, 0),
      );
      if (next !== inst.priority || (notify && inst.base !== inst.actor.getSnapshot().context.basePriority)) {
        const from = inst.priority;
        inst.priority = next;
        if (from !== next) this.#causes.priorityChanged(inst.id, from, next);
        this.world.rec.event({
          t,
          kind: 'priority',
          node: this.name,
          instance: inst.id,
          from,
          to: next,
          base: inst.base,
          terms,
        });
        if (from !== next)
          this.world.rec.log(
            this.name,
            `(${inst.cfg.name}) Changing effective priority from ${from} to ${next}`,
            inst.id,
          );
        inst.actor.send({ type: 'PRIORITY', priority: next, base: inst.base });
      }
    }
    if (!notify) return;
    const entering = this.instances.filter((i) => this.#faulted(i).faulted && !i.faultSent);
    const groups = new Set(entering.filter((i) => i.cfg.syncGroup).map((i) => i.cfg.syncGroup!));
    for (const g of groups) this.#log(`VRRP_Group(${g}) Syncing instances to FAULT state`);
    // The instance that failed itself goes first; members dragged in by their group follow.
    entering.sort((a, b) => Number(this.#faulted(a).viaSync) - Number(this.#faulted(b).viaSync));
    for (const inst of entering) {
      inst.faultSent = true;
      inst.actor.send({ type: 'FAULT', viaSync: this.#faulted(inst).viaSync });
    }
    for (const inst of this.instances) {
      if (inst.faultSent && !this.#faulted(inst).faulted) {
        inst.faultSent = false;
        inst.actor.send({ type: 'FAULT_CLEAR' });
      }
    }
  }

  // ---- InstanceHost ----

  setVip(iface: string, address: string, add: boolean, instance: string): void {
    const list = this.vipsOn.get(iface) ?? [];
    const has = list.includes(address);
    if (add === has) return;
    this.vipsOn.set(iface, add ? [...list, address] : list.filter((a) => a !== address));
    this.world.rec.event({
      t: this.world.clock.now,
      kind: 'vip',
      node: this.name,
      instance,
      interface: iface,
      address,
      op: add ? 'add' : 'remove',
    });
  }

  stateCause(inst: InstanceRuntime, e: Extract<InstanceEmitted, { type: 'state' }>): CausedTransition {
    const c = inst.actor.getSnapshot().context;
    return this.#causes.transition(
      {
        id: inst.id,
        router: inst.router,
        base: inst.base,
        priority: inst.priority,
        version: inst.cfg.version,
        masterIntervalUs: c.masterAdverIntUs,
        downTimerAdverts: c.downTimerAdverts,
        lastAccepted: inst.lastAccepted,
        ...(inst.cfg.syncGroup ? { syncGroup: inst.cfg.syncGroup } : {}),
      },
      e,
    );
  }

  /** Why this node stopped being an acceptable master of `router` (see NodeCauses.whyNotMaster). */
  whyNotMaster(router: string, silence: SilenceReason): Cause[] {
    const inst = this.instances.find((i) => i.router === router);
    const down = inst && !this.world.lan.linkUp(this.name, inst.iface.name) ? inst.iface.name : null;
    return this.#causes.whyNotMaster(router, silence, inst, down);
  }

  stateChanged(inst: InstanceRuntime, _from: VrrpState, to: VrrpState, caused: CausedTransition): void {
    if (to === 'MASTER') this.world.masterEntered(this.name, inst.router, caused);
    else if (_from === 'MASTER') this.world.masterLeft(this.name, inst.router, caused);
    if (!inst.cfg.syncGroup || caused.cause.code === 'sync-group') return;
    const members = this.instances.filter((o) => o !== inst && o.cfg.syncGroup === inst.cfg.syncGroup);
    // §6.1: the group moves as one.
    this.#causes.sync = caused;
    if (to === 'MASTER')
      for (const o of members) if (o.state === 'BACKUP') o.actor.send({ type: 'SYNC_MASTER' });
    if (to === 'BACKUP' && _from === 'MASTER')
      for (const o of members) if (o.state === 'MASTER') o.actor.send({ type: 'SYNC_BACKUP' });
    this.#causes.sync = null;
  }

  ownerConflict(inst: InstanceRuntime): void {
    this.world.rec.event({
      t: this.world.clock.now,
      kind: 'priority',
      node: this.name,
      instance: inst.id,
      from: 255,
      to: 254,
      base: 254,
      terms: [
        {
          source: 'address owner conflict',
          kind: 'owner-conflict',
          delta: -1,
          status: 'another owner advertises',
        },
      ],
    });
  }

  syncAllowsMaster(inst: InstanceRuntime): boolean {
    if (!inst.cfg.syncGroup) return true;
    return this.instances.every(
      (o) => o === inst || o.cfg.syncGroup !== inst.cfg.syncGroup || o.state === 'MASTER' || o.wantMaster,
    );
  }
}
