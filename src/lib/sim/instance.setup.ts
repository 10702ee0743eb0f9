/**
 * The named guards, actions and delays of the instance machine (instance.machine.ts), in XState v5
 * `setup()` style: the machine refers to them by name (docs/style.md §6; behaviour: §2, §3).
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { CauseCode } from '../trace/cause';
import type { Micros, VrrpState } from '../trace/types';
import { masterDownUs, skewUs } from '../vrrp/timers';
import { US_PER_CS } from '../vrrp/constants';
import {
  initialContext,
  type InstanceContext,
  type InstanceEmitted,
  type InstanceEvent,
  type InstanceInput,
} from './instance.types';

/** MDI for the context's effective priority and the master's interval (§2.2). */
export function contextMdiUs(c: InstanceContext, priority = c.priority): Micros {
  return masterDownUs(c.version, priority, c.masterAdverIntUs, c.downTimerAdverts);
}

/** Skew_Time for the context's effective priority and the master's interval (§2.2). */
export function contextSkewUs(c: InstanceContext): Micros {
  return skewUs(c.version, c.priority, c.masterAdverIntUs);
}

type Advert = Extract<InstanceEvent, { type: 'ADVERT' }>;
const advertOf = (e: InstanceEvent): Advert => e as Advert;

// ---- Pure rules shared by the machine and the runtime's fast paths (instance.ts, instance-clock.ts) ----

/** §2.5: a BACKUP accepts a valid non-zero advert when P ≥ E, or nopreempt, or an open preempt_delay window (§3.3). */
export function acceptsInBackup(c: InstanceContext, priority: number, nowUs: Micros): boolean {
  if (priority >= c.priority || c.nopreempt) return true;
  if (c.preemptDelayUs <= 0) return false;
  return c.preemptTimeUs === null || nowUs < c.preemptTimeUs;
}

/** §3.3: the preempt_delay window after a BACKUP accepted an advert of `priority`. */
export function preemptTimeAfterAccept(c: InstanceContext, priority: number, nowUs: Micros): Micros | null {
  if (priority >= c.priority) return null;
  if (c.preemptDelayUs > 0 && c.preemptTimeUs === null) return nowUs + c.preemptDelayUs;
  return c.preemptTimeUs;
}

/** §2.2: v3 learns the master's interval from an accepted advert; v2 always keeps its own. */
export function masterIntervalAfterAccept(c: InstanceContext, intervalCs: number): Micros {
  return c.version === 3 ? intervalCs * US_PER_CS : c.masterAdverIntUs;
}

/**
 * True when accepting this advert in BACKUP (acceptInBackup) would change nothing in the context but
 * the master-down deadline: the preempt window, the learned interval and wantstate stay as they are.
 * The steady state of every backup (same master, same priority and interval).
 */
export function acceptOnlyMovesDeadline(
  c: InstanceContext,
  priority: number,
  intervalCs: number,
  nowUs: Micros,
): boolean {
  return (
    !c.wantMaster &&
    preemptTimeAfterAccept(c, priority, nowUs) === c.preemptTimeUs &&
    masterIntervalAfterAccept(c, intervalCs) === c.masterAdverIntUs
  );
}

/** §2.2: a MASTER's next advert is one configured adver_int after this one (or after a reset, §2.11). */
export const nextAdvertDeadline = (c: InstanceContext, nowUs: Micros): Micros => nowUs + c.adverIntUs;

/** A lazily armed BACKUP timer fired before its (since moved) master-down deadline. */
export const downDeadlineAhead = (c: InstanceContext, nowUs: Micros): boolean => nowUs < c.downDeadlineUs;
/** A lazily armed MASTER timer fired before its (since moved) advert deadline. */
export const advertDeadlineAhead = (c: InstanceContext, nowUs: Micros): boolean => nowUs < c.advertDeadlineUs;

function stateEvent(from: VrrpState, to: VrrpState, code: CauseCode, detail: string): InstanceEmitted {
  return { type: 'state', from, to, code, detail };
}

/**
 * A MASTER's advert timer reached its deadline: next deadline, one advert, report the timer. The
 * instance clock performs exactly these three without a transition (instance-clock.ts).
 */
export const ADVERT_TICK = ['setAdvertDeadline', 'sendAdvert', 'reportAdvertTimer'] as const;

/** §2.7: the advert goes first, then the VIPs, then the GARP burst (after the state change is reported). */
export const BECOME_MASTER = [
  'setAdvertDeadline',
  'sendAdvert',
  { type: 'log', params: { text: 'Entering MASTER STATE' } },
  'addVips',
  'garpMaster',
  'clearPreemptWindow',
  'reportAdvertTimer',
] as const;

export const instanceSetup = setup({
  types: {
    context: {} as InstanceContext,
    events: {} as InstanceEvent,
    input: {} as InstanceInput,
    emitted: {} as InstanceEmitted,
  },
  delays: {
    /** Until the master-down deadline (MDI, skew, or what remains of them). */
    masterDown: ({ context }) => Math.max(0, context.downDeadlineUs - context.env.now()),
    /** Until the next advert of a MASTER (configured adver_int after the last send or reset, §2.2). */
    advert: ({ context }) => Math.max(0, context.advertDeadlineUs - context.env.now()),
  },
  guards: {
    'faulted?': ({ event }) => event.type === 'START' && event.faulted,
    'owner?': ({ context }) => context.basePriority === 255,
    'ownerLeavingInitialFault?': ({ context }) => context.basePriority === 255 && context.initialFault,
    'invalid?': ({ event }) => !advertOf(event).valid,
    'priorityZero?': ({ event }) => advertOf(event).priority === 0,
    /** §2.5: P ≥ E, or nopreempt, or an open preempt_delay window (§3.3). */
    'acceptInBackup?': ({ context, event }) =>
      acceptsInBackup(context, advertOf(event).priority, context.env.now()),
    /** §2.6: P > E, or P == E and the sender's address is higher than ours (§2.6.1). */
    'peerOutranks?': ({ context, event }) => {
      const a = advertOf(event);
      return a.priority > context.priority || (a.priority === context.priority && a.cmp > 0);
    },
    /** §2.6.2: two address owners; 2.2.7 lowers the local one to 254 for the rest of the run. */
    'ownerConflict?': ({ context, event }) => {
      const a = advertOf(event);
      return context.priority === 255 && a.priority === 255 && a.cmp !== 0;
    },
    'ourOwnAddress?': ({ context, event }) => {
      const a = advertOf(event);
      return a.priority === context.priority && a.cmp === 0;
    },
    'lowerPrioNoAdvert?': ({ context }) => context.lowerPrioNoAdvert,
    /** §6.1: a sync-group member goes MASTER only when every other member wants MASTER. */
    'syncHold?': ({ context }) => !context.env.syncAllowsMaster(),
    'viaSync?': ({ event }) => event.type === 'FAULT' && event.viaSync,
    /** A lazily armed timer fired before its (since moved) deadline: re-arm for the rest. */
    'downDeadlineAhead?': ({ context }) => downDeadlineAhead(context, context.env.now()),
    'advertDeadlineAhead?': ({ context }) => advertDeadlineAhead(context, context.env.now()),
  },
  actions: {
    // ---- timers ----
    setDownMdi: assign({ downDeadlineUs: ({ context }) => context.env.now() + contextMdiUs(context) }),
    setDownSkew: assign({ downDeadlineUs: ({ context }) => context.env.now() + contextSkewUs(context) }),
    setDownOwner: assign({ downDeadlineUs: ({ context }) => context.env.now() + 1 }),
    setAdvertDeadline: assign({
      advertDeadlineUs: ({ context }) => nextAdvertDeadline(context, context.env.now()),
    }),
    reportDownTimer: emit(
      ({ context }) => ({ type: 'timer', timer: 'master-down', deadline: context.downDeadlineUs }) as const,
    ),
    reportAdvertTimer: emit(
      ({ context }) => ({ type: 'timer', timer: 'advert', deadline: context.advertDeadlineUs }) as const,
    ),
    /**
     * §2.11: after every packet handed to a MASTER for its VRID (vrrp_dispatcher_read(), end of loop),
     * invalid ones included, its advert deadline restarts, unless lower_prio_no_advert is set.
     */
    restartCadence: enqueueActions(({ context, enqueue }) => {
      if (context.lowerPrioNoAdvert) return;
      const deadline = nextAdvertDeadline(context, context.env.now());
      enqueue.assign({ advertDeadlineUs: deadline });
      enqueue.emit({ type: 'timer', timer: 'advert', deadline });
    }),
    cancelDownTimer: emit({ type: 'timer', timer: 'master-down', deadline: null }),
    cancelAdvertTimer: emit({ type: 'timer', timer: 'advert', deadline: null }),
    /** §2.2: a priority change shifts a running BACKUP deadline by newMDI − oldMDI. */
    applyPriority: assign(({ context, event }) => {
      if (event.type !== 'PRIORITY') return {};
      const shift = contextMdiUs(context, event.priority) - contextMdiUs(context);
      return {
        priority: event.priority,
        basePriority: event.base,
        downDeadlineUs: context.downDeadlineUs + shift,
      };
    }),
    /**
     * set-advert-int: a new adver_int. v2's master interval is always its own; v3 keeps the one it
     * learned until the next accepted advert (§2.2). A running BACKUP deadline shifts by newMDI − oldMDI,
     * as for a priority change; a MASTER's next advert keeps its deadline, the ones after use the new interval.
     */
    applyAdvertInt: assign(({ context, event }) => {
      if (event.type !== 'ADVERT_INT') return {};
      const next = {
        ...context,
        adverIntUs: event.intervalUs,
        masterAdverIntUs: context.version === 2 ? event.intervalUs : context.masterAdverIntUs,
      };
      return { ...next, downDeadlineUs: context.downDeadlineUs + contextMdiUs(next) - contextMdiUs(context) };
    }),
    /** A MASTER is its own master: its master interval is its adver_int (§2.2). */
    ownIntervalAsMaster: assign({ masterAdverIntUs: ({ context }) => context.adverIntUs }),
    /** v3 learns the master's interval from an accepted advert (§2.2); v2 always keeps its own. */
    learnInterval: assign({
      masterAdverIntUs: ({ context, event }) =>
        masterIntervalAfterAccept(context, advertOf(event).intervalCs),
    }),
    // ---- preempt_delay (§3.3) ----
    notePreemptWindow: assign({
      preemptTimeUs: ({ context, event }) =>
        preemptTimeAfterAccept(context, advertOf(event).priority, context.env.now()),
    }),
    clearPreemptWindow: assign({ preemptTimeUs: null }),
    /**
     * §2.5 accept, in one context update (the hot path): open/clear the preempt_delay window (§3.3),
     * learn the v3 interval (§2.2), wantstate BACKUP, deadline = now + MDI.
     */
    acceptInBackup: assign(({ context, event }) => {
      const a = advertOf(event);
      const now = context.env.now();
      const next = {
        ...context,
        preemptTimeUs: preemptTimeAfterAccept(context, a.priority, now),
        masterAdverIntUs: masterIntervalAfterAccept(context, a.intervalCs),
        wantMaster: false,
      };
      next.downDeadlineUs = now + contextMdiUs(next);
      return next;
    }),
    // ---- sync groups (§6.1) ----
    wantMaster: assign({ wantMaster: true }),
    wantBackup: assign({ wantMaster: false }),
    markInitialFault: assign({ initialFault: true }),
    clearInitialFault: assign({ initialFault: false }),
    lowerToOwnerConflict: assign({ priority: 254, basePriority: 254 }),
    // ---- packets and addresses ----
    sendAdvert: emit(({ context }) => ({ type: 'advert', priority: context.priority }) as const),
    sendResign: emit({ type: 'advert', priority: 0 }),
    /** higher_prio_send_advert (default off): one last advert with our priority before yielding (§2.6). */
    sendAdvertIfHigherPrioSend: emit(({ context }) =>
      context.higherPrioSendAdvert
        ? ({ type: 'advert', priority: context.priority } as const)
        : ({ type: 'none' } as const),
    ),
    addVips: emit({ type: 'vips', op: 'add' }),
    removeVips: emit({ type: 'vips', op: 'remove' }),
    garpMaster: emit({ type: 'garp', reason: 'master' }),
    garpLowerPriority: emit({ type: 'garp', reason: 'lower-priority' }),
    ownerConflictReport: emit({ type: 'owner-conflict' }),
    // ---- reporting ----
    received: emit(
      ({ event }, params: { verdict: 'accepted' | 'discarded' | 'dropped'; reason?: string }) => {
        const a = advertOf(event);
        return {
          type: 'received',
          packet: a.packet,
          verdict: params.verdict,
          reason: params.reason ?? a.reason,
        } as const;
      },
    ),
    log: emit((_, params: { text: string }) => ({ type: 'log', text: params.text }) as const),
    /** An accepted advert and the master-down deadline it set, in one report. */
    reportAccepted: emit(
      ({ context, event }) =>
        ({ type: 'accepted', packet: advertOf(event).packet, deadline: context.downDeadlineUs }) as const,
    ),
    logDiscard: emit(({ event }) => {
      const a = advertOf(event);
      return {
        type: 'log',
        text: `received lower priority (${a.priority}) advert from ${a.src} - discarding`,
      } as const;
    }),
    logHigher: emit(({ context, event }) => {
      const a = advertOf(event);
      const text =
        a.priority > context.priority
          ? `Master received advert from ${a.src} with higher priority ${a.priority}, ours ${context.priority}`
          : `Master received advert from ${a.src} with same priority ${a.priority} but higher IP address than ours`;
      return { type: 'log', text } as const;
    }),
    logLower: emit(({ context, event }) => {
      const a = advertOf(event);
      return {
        type: 'log',
        text: `Received advert from ${a.src} with lower priority ${a.priority}, ours ${context.priority}, forcing new election`,
      } as const;
    }),
    state: emit((_, p: { from: VrrpState; to: VrrpState; code: CauseCode; detail: string }) =>
      stateEvent(p.from, p.to, p.code, p.detail),
    ),
    /** §2.6 / §2.6.1: a MASTER yields to a higher priority, or to the higher address at a tie. */
    yieldState: emit(({ context, event }) => {
      const a = advertOf(event);
      const tie = a.priority === context.priority;
      return {
        ...stateEvent('MASTER', 'BACKUP', tie ? 'tie-break-address' : 'higher-priority', ''),
        advert: { packet: a.packet, priority: a.priority, own: context.priority },
      } as const;
    }),
  },
});

export { initialContext };
