/**
 * Summaries of a simulated trace for the CLI and tests: master runs per VRID and the failovers.
 */
import type { Micros, StateCause, Trace } from '../trace/types';

export interface MasterRun {
  vrid: number;
  router: string;
  node: string;
  instance: string;
  /** The source address of its adverts, when it sent any. */
  source: string | null;
  fromUs: Micros;
  /** Null when still MASTER at the end of the trace. */
  toUs: Micros | null;
}

/** Every stretch of time an instance spent in MASTER, in start order. */
export function masters(trace: Trace): MasterRun[] {
  const byId = new Map(trace.instances.map((i) => [i.id, i]));
  const open = new Map<string, MasterRun>();
  const runs: MasterRun[] = [];
  for (const e of trace.events) {
    if (e.kind === 'state') {
      const inst = byId.get(e.instance);
      if (!inst) continue;
      if (e.to === 'MASTER' && !open.has(e.instance)) {
        const run: MasterRun = {
          vrid: inst.vrid,
          router: inst.router,
          node: inst.node,
          instance: inst.id,
          source: null,
          fromUs: e.t,
          toUs: null,
        };
        open.set(e.instance, run);
        runs.push(run);
      } else if (e.from === 'MASTER' && e.to !== 'MASTER') {
        const run = open.get(e.instance);
        if (run) run.toUs = e.t;
        open.delete(e.instance);
      }
    } else if (e.kind === 'advert-sent') {
      const run = open.get(e.instance);
      if (run && run.source === null) run.source = trace.packets[e.packet]?.src ?? null;
    }
  }
  return runs;
}

/** The failover events of a trace. */
export function failovers(trace: Trace) {
  return trace.events.filter((e) => e.kind === 'failover');
}

/** The failover event of the trace model. */
export type FailoverEvent = Extract<Trace['events'][number], { kind: 'failover' }>;

/** An advert as the new master saw it. */
export interface SeenAdvert {
  t: Micros;
  source: string;
  priority: number;
}

/**
 * Why the new master took over, rebuilt from its own state and receive events, because the raw
 * gap since the old master's last advert is not the cause: a backup discards lower-priority adverts
 * without resetting its master-down timer (§2.5), so in the Panda failover the old master's last
 * advert came 0.613 s before the takeover while the timer ran from its last priority-100 advert
 * 3.613 s before it (§4.8, §9.3).
 */
export interface FailoverExplanation {
  failover: FailoverEvent;
  /** The cause code of the new master's move to MASTER, null when its state event is missing. */
  takeover: StateCause | null;
  /** The last advert from the old master the new master accepted before the takeover. */
  lastAccepted: SeenAdvert | null;
  /**
   * master-down-timer takeovers: from the last accepted advert (or from entering BACKUP when none
   * was accepted) to the takeover, µs. It is the Master_Down_Interval, or the skew after a
   * priority-0 advert (§2.2).
   */
  timerUs: Micros | null;
  /** The old master's adverts the new master discarded after `lastAccepted` (lower priority, §2.5). */
  discarded: SeenAdvert[];
  /** Since the old master's last advert of any priority (the failover event's `gapUs`). */
  gapSinceLastAdvertUs: Micros | null;
  /** One sentence: the causal story. */
  text: string;
}

const sec = (us: number) => (us / 1e6).toFixed(6);

/** Explains every failover of a simulated trace (see `FailoverExplanation`). */
export function explainFailovers(trace: Trace): FailoverExplanation[] {
  const byId = new Map(trace.instances.map((i) => [i.id, i]));
  const out: FailoverExplanation[] = [];
  for (const f of failovers(trace)) {
    const events = trace.events;
    // The new master's state event at the failover time, and where it entered BACKUP before it.
    let instance: string | null = null;
    let takeover: StateCause | null = null;
    let detail = '';
    let k = events.indexOf(f);
    for (let j = k; j >= 0 && events[j].t === f.t; j--) {
      const e = events[j];
      if (
        e.kind === 'state' &&
        e.to === 'MASTER' &&
        e.node === f.to &&
        byId.get(e.instance)?.router === f.router
      ) {
        instance = e.instance;
        takeover = e.cause;
        detail = e.detail;
        k = j;
        break;
      }
    }
    let lastAccepted: SeenAdvert | null = null;
    let backupSince: Micros | null = null;
    const discarded: SeenAdvert[] = [];
    for (let j = k - 1; instance !== null && j >= 0; j--) {
      const e = events[j];
      if (e.kind === 'state' && e.instance === instance) {
        if (e.to === 'BACKUP') backupSince = e.t;
        break;
      }
      if (e.kind !== 'advert-received' || e.instance !== instance) continue;
      const p = trace.packets[e.packet];
      if (!p?.vrrp || (f.from !== null && p.node !== f.from)) continue;
      const seen = { t: p.t, source: p.src, priority: p.vrrp.priority };
      if (e.verdict === 'accepted') {
        lastAccepted = seen;
        break;
      }
      if (e.verdict === 'discarded') discarded.unshift(seen);
    }
    const from = f.from ?? 'the old master';
    const timerStart = lastAccepted?.t ?? backupSince;
    const timerUs = takeover === 'master-down-timer' && timerStart !== null ? f.t - timerStart : null;
    let text: string;
    if (takeover === 'master-down-timer' && lastAccepted?.priority === 0)
      text = `${from} resigned with a priority-0 advert at ${sec(lastAccepted.t)}; ${f.to}'s master-down timer expired after the skew ${sec(timerUs ?? 0)} s`;
    else if (takeover === 'master-down-timer' && lastAccepted)
      text =
        `master-down timer expired: ${f.to}'s last accepted advert from ${from} was at ${sec(lastAccepted.t)} (priority ${lastAccepted.priority}), MDI ${sec(timerUs ?? 0)} s` +
        (discarded.length
          ? `; ${discarded.length} later lower-priority advert${discarded.length > 1 ? 's' : ''} from ${from} (priority ${[...new Set(discarded.map((d) => d.priority))].join(', ')}) discarded without resetting the timer`
          : '');
    else if (takeover === 'master-down-timer')
      text = `master-down timer expired: no advert from ${from} accepted since ${f.to} entered BACKUP${backupSince !== null ? ` at ${sec(backupSince)}` : ''}${timerUs !== null ? `, MDI ${sec(timerUs)} s` : ''}`;
    else if (takeover !== null) text = `${takeover}${detail ? `: ${detail}` : ''}`;
    else text = f.cause;
    out.push({
      failover: f,
      takeover,
      lastAccepted,
      timerUs,
      discarded,
      gapSinceLastAdvertUs: f.gapUs,
      text,
    });
  }
  return out;
}
