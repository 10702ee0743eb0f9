/**
 * The causes a simulated node writes on its state changes (trace/cause.ts): what each scenario action
 * did to the node, remembered with its evidence, so that a transition long after the action (a
 * track_script failing at its next run, a backup's master-down timer expiring) still names it.
 */
import type { Cause, CausedTransition, CauseCode, EvidenceRef, SilenceReason } from '../trace/cause';
import type { Micros, VrrpState } from '../trace/types';
import { masterDownUs, skewUs } from '../vrrp/timers';
import type { AcceptedAdvert } from './instance';
import type { NodeWorld } from './types';

/** What a cause needs of an instance. */
export interface CausingInstance {
  id: string;
  router: string;
  base: number;
  priority: number;
  version: 2 | 3;
  /** The master's advert interval as the instance uses it (§2.2), µs. */
  masterIntervalUs: Micros;
  downTimerAdverts: number;
  lastAccepted: AcceptedAdvert | null;
  syncGroup?: string;
}

export const packetRef = (t: Micros, packet: number): EvidenceRef => ({
  kind: 'packet',
  t,
  source: 0,
  packet,
});

export class NodeCauses {
  readonly #process = new Map<string, EvidenceRef>();
  readonly #forced = new Map<string, EvidenceRef>();
  readonly #links = new Map<string, Cause>();
  /** Why each instance's effective priority last changed, by instance id. */
  readonly #priority = new Map<string, Cause>();
  /** The last transition of this node's instance of each router, kept after the daemon stops. */
  readonly #last = new Map<string, CausedTransition & { to: VrrpState }>();
  #paused: Cause | null = null;
  /** The change being applied now (a script result, a link, a configured priority). */
  current: Cause | null = null;
  /** A sync-group member's transition the others are following now (§6.1). */
  sync: CausedTransition | null = null;

  constructor(
    readonly node: string,
    readonly world: NodeWorld,
  ) {}

  #now(): Micros {
    return this.world.clock.now;
  }

  #cause(code: CauseCode, extra: Partial<Cause> = {}): Cause {
    const applying = this.world.applying;
    return { code, t: this.#now(), node: this.node, evidence: applying ? [applying] : [], ...extra };
  }

  processChanged(process: string): void {
    if (this.world.applying) this.#process.set(process, this.world.applying);
  }

  scriptForced(script: string): void {
    if (this.world.applying) this.#forced.set(script, this.world.applying);
  }

  /** A track_script changed result: the evidence is the action that forced it or stopped its process. */
  scriptChanged(script: string, ok: boolean, process: string | null): Cause {
    const ev = this.world.applying ?? this.#forced.get(script) ?? (process && this.#process.get(process));
    this.current = {
      code: ok ? 'script-recovered' : 'script-failed',
      t: this.#now(),
      node: this.node,
      subject: script,
      evidence: ev ? [ev] : [],
    };
    return this.current;
  }

  linkChanged(iface: string, up: boolean): Cause {
    this.current = this.#cause(up ? 'interface-up' : 'interface-down', { subject: iface });
    this.#links.set(iface, this.current);
    return this.current;
  }

  configChanged(detail: string): Cause {
    return (this.current = this.#cause('config-changed', { detail }));
  }

  /** SIGSTOP (`on`) or SIGCONT: the cause the action gives this node's masters. */
  paused(on: boolean): Cause {
    const cause = this.#cause('vanished', { detail: on ? 'SIGSTOP: paused' : 'SIGCONT: resumed as MASTER' });
    this.#paused = on ? cause : null;
    return cause;
  }

  /** The instance's effective priority moved because of `current`. */
  priorityChanged(instance: string, from: number, to: number): void {
    if (this.current) this.#priority.set(instance, { ...this.current, instance, effective: { from, to } });
  }

  /** The cause of a state change the instance machine reported. */
  transition(
    inst: CausingInstance,
    e: {
      to: VrrpState;
      code: CauseCode;
      detail: string;
      advert?: { packet: number; priority: number; own: number };
    },
  ): CausedTransition {
    const detail = e.detail ? { detail: e.detail } : {};
    const base = { instance: inst.id };
    let out: CausedTransition;
    switch (e.code) {
      case 'master-down-timer':
        out = this.#takeover(inst);
        break;
      case 'higher-priority':
      case 'tie-break-address': {
        const a = e.advert!;
        const p = this.world.rec.packets[a.packet];
        out = {
          cause: {
            code: e.code,
            t: this.#now(),
            node: this.node,
            ...base,
            priority: { own: a.own, other: a.priority, ...(p?.node ? { otherNode: p.node } : {}) },
            evidence: [packetRef(p?.t ?? this.#now(), a.packet)],
          },
          chain: [],
        };
        break;
      }
      case 'sync-group':
        out = {
          cause: this.#cause('sync-group', {
            ...base,
            ...(inst.syncGroup ? { subject: inst.syncGroup } : {}),
          }),
          chain: this.sync ? [...this.sync.chain, this.sync.cause] : this.current ? [this.current] : [],
        };
        break;
      case 'fault':
      case 'fault-cleared':
        out = {
          cause: this.#cause(e.code, { ...base, ...detail }),
          chain: this.current ? [this.current] : [],
        };
        break;
      default:
        out = { cause: this.#cause(e.code, { ...base, ...detail }), chain: [] };
    }
    this.#last.set(inst.router, { ...out, to: e.to });
    return out;
  }

  /**
   * BACKUP → MASTER when the master-down timer expired (§2.5): the last accepted advert, the timer
   * (MDI, or the skew after a priority-0 advert, §2.2), and why nothing acceptable came — the old
   * master went silent, kept advertising at a lower priority, or was not heard — with the old master's
   * own story as the chain. An address owner that heard nobody is start-up (§2.4).
   */
  #takeover(inst: CausingInstance): CausedTransition {
    const last = inst.lastAccepted;
    const base = { instance: inst.id };
    if (!last && inst.base === 255)
      return { cause: this.#cause('startup', { ...base, detail: 'address owner, priority 255' }), chain: [] };
    const holder = this.world.holder(inst.router);
    const old = last?.node ?? (holder !== this.node ? holder : null);
    const sent = old ? this.world.lastAdvert(inst.router, old) : null;
    let silence: SilenceReason = 'silent';
    if (sent && (!last || sent.packet > last.packet) && sent.priority > 0)
      silence = sent.priority < inst.priority ? 'lower-priority' : 'not-heard';
    const timerUs =
      last?.priority === 0
        ? skewUs(inst.version, inst.priority, inst.masterIntervalUs)
        : masterDownUs(inst.version, inst.priority, inst.masterIntervalUs, inst.downTimerAdverts);
    const cause: Cause = {
      code: 'master-down-timer',
      t: this.#now(),
      node: this.node,
      ...base,
      ...(last
        ? { lastAdvert: { t: last.t, from: last.node, priority: last.priority, packet: last.packet } }
        : {}),
      mdiUs: timerUs,
      silence,
      ...(silence === 'lower-priority' && sent && old
        ? { priority: { own: inst.priority, other: sent.priority, otherNode: old } }
        : {}),
      evidence: last ? [packetRef(last.t, last.packet)] : [],
    };
    let chain: Cause[];
    if (old) chain = this.world.whyNotMaster(old, inst.router, silence, this.node);
    else {
      const started = this.#last.get(inst.router);
      chain = started ? [...started.chain, started.cause] : [];
    }
    // Preemption: our own priority rose above the master's (§3.1).
    const own = this.#priority.get(inst.id);
    if (silence === 'lower-priority' && own?.effective && own.effective.to > own.effective.from) {
      chain.push(own);
      chain.sort((a, b) => a.t - b.t);
    }
    return { cause, chain };
  }

  /** Why this node stopped being an acceptable master of `router`, root first. */
  whyNotMaster(
    router: string,
    silence: SilenceReason,
    inst: { id: string } | undefined,
    linkDown: string | null,
  ): Cause[] {
    if (this.#paused) return [this.#paused];
    if (silence === 'lower-priority' && inst) {
      const c = this.#priority.get(inst.id);
      return c ? [c] : [];
    }
    const lt = this.#last.get(router);
    if (lt && lt.to !== 'MASTER') return [...lt.chain, lt.cause];
    const link = linkDown ? this.#links.get(linkDown) : undefined;
    return link ? [link] : [];
  }
}
