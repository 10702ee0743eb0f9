/**
 * One keepalived 2.2.7 `vrrp_instance` on one node as an XState v5 machine
 * (docs/vrrp-behaviour.md §2; suggested shape §2.12).
 *
 * The machine decides; it does no I/O. It reports what keepalived would do through `emit` (send an
 * advert, set VIPs, GARP, state change, timer deadline, log line) and the node model (node.ts) turns
 * that into packets and trace events. Timers are absolute deadlines kept in context: the `after`
 * delays return "deadline − now" in µs, so an ignored advert (no re-entry) keeps the running deadline
 * (§2.5, §2.12). Run it only on the simulator's VirtualClock.
 */
import { assign, emit, setup } from 'xstate';
import type { Micros, StateCause, VrrpState } from '../trace/types';
import { masterDownUs, skewUs } from '../vrrp/timers';
import { US_PER_CS } from '../vrrp/constants';
import { initialContext, type InstanceContext, type InstanceEmitted, type InstanceEvent, type InstanceInput } from './instance.types';

export type { InstanceContext, InstanceEmitted, InstanceEvent, InstanceInput } from './instance.types';

/** MDI for the context's effective priority and the master's interval (§2.2). */
export function contextMdiUs(c: InstanceContext, priority = c.priority): Micros {
  return masterDownUs(c.version, priority, c.masterAdverIntUs, c.downTimerAdverts);
}

function contextSkewUs(c: InstanceContext): Micros {
  return skewUs(c.version, c.priority, c.masterAdverIntUs);
}

type Advert = Extract<InstanceEvent, { type: 'ADVERT' }>;
const advertOf = (e: InstanceEvent): Advert => e as Advert;

function stateEvent(from: VrrpState, to: VrrpState, cause: StateCause, detail: string): InstanceEmitted {
  return { type: 'state', from, to, cause, detail };
}

export const instanceMachine = setup({
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
    'acceptInBackup?': ({ context, event }) => {
      const a = advertOf(event);
      if (a.priority >= context.priority || context.nopreempt) return true;
      if (context.preemptDelayUs <= 0) return false;
      return context.preemptTimeUs === null || context.env.now() < context.preemptTimeUs;
    },
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
  },
  actions: {
    // ---- timers ----
    setDownMdi: assign({ downDeadlineUs: ({ context }) => context.env.now() + contextMdiUs(context) }),
    setDownSkew: assign({ downDeadlineUs: ({ context }) => context.env.now() + contextSkewUs(context) }),
    setDownOwner: assign({ downDeadlineUs: ({ context }) => context.env.now() + 1 }),
    setAdvertDeadline: assign({ advertDeadlineUs: ({ context }) => context.env.now() + context.adverIntUs }),
    reportDownTimer: emit(({ context }) => ({ type: 'timer', timer: 'master-down', deadline: context.downDeadlineUs }) as const),
    reportAdvertTimer: emit(({ context }) => ({ type: 'timer', timer: 'advert', deadline: context.advertDeadlineUs }) as const),
    cancelDownTimer: emit({ type: 'timer', timer: 'master-down', deadline: null }),
    cancelAdvertTimer: emit({ type: 'timer', timer: 'advert', deadline: null }),
    /** §2.2: a priority change shifts a running BACKUP deadline by newMDI − oldMDI. */
    applyPriority: assign(({ context, event }) => {
      if (event.type !== 'PRIORITY') return {};
      const shift = contextMdiUs(context, event.priority) - contextMdiUs(context);
      return { priority: event.priority, basePriority: event.base, downDeadlineUs: context.downDeadlineUs + shift };
    }),
    /** v3 learns the master's interval from an accepted advert (§2.2); v2 always keeps its own. */
    learnInterval: assign({
      masterAdverIntUs: ({ context, event }) =>
        context.version === 3 ? advertOf(event).intervalCs * US_PER_CS : context.masterAdverIntUs,
    }),
    // ---- preempt_delay (§3.3) ----
    notePreemptWindow: assign({
      preemptTimeUs: ({ context, event }) => {
        const a = advertOf(event);
        if (a.priority >= context.priority) return null;
        if (context.preemptDelayUs > 0 && context.preemptTimeUs === null) return context.env.now() + context.preemptDelayUs;
        return context.preemptTimeUs;
      },
    }),
    clearPreemptWindow: assign({ preemptTimeUs: null }),
    // ---- sync groups (§6.1) ----
    wantMaster: assign({ wantMaster: true }),
    wantBackup: assign({ wantMaster: false }),
    markInitialFault: assign({ initialFault: true }),
    clearInitialFault: assign({ initialFault: false }),
    lowerToOwnerConflict: assign({ priority: 254, basePriority: 254 }),
    // ---- packets and addresses ----
    sendAdvert: emit(({ context }) => ({ type: 'advert', priority: context.priority }) as const),
    sendResign: emit({ type: 'advert', priority: 0 }),
    addVips: emit({ type: 'vips', op: 'add' }),
    removeVips: emit({ type: 'vips', op: 'remove' }),
    garpMaster: emit({ type: 'garp', reason: 'master' }),
    garpLowerPriority: emit({ type: 'garp', reason: 'lower-priority' }),
    ownerConflictReport: emit({ type: 'owner-conflict' }),
    // ---- reporting ----
    received: emit(({ event }, params: { verdict: 'accepted' | 'discarded' | 'dropped'; reason?: string }) => {
      const a = advertOf(event);
      return { type: 'received', packet: a.packet, verdict: params.verdict, reason: params.reason ?? a.reason } as const;
    }),
    log: emit((_, params: { text: string }) => ({ type: 'log', text: params.text }) as const),
    logDiscard: emit(({ event }) => {
      const a = advertOf(event);
      return { type: 'log', text: `received lower priority (${a.priority}) advert from ${a.src} - discarding` } as const;
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
    state: emit((_, p: { from: VrrpState; to: VrrpState; cause: StateCause; detail: string }) =>
      stateEvent(p.from, p.to, p.cause, p.detail),
    ),
    yieldState: emit(({ context, event }) => {
      const a = advertOf(event);
      const tie = a.priority === context.priority;
      return stateEvent(
        'MASTER',
        'BACKUP',
        tie ? 'tie-break' : 'higher-priority-advert',
        tie ? `equal priority ${a.priority} from higher address ${a.src}` : `advert from ${a.src} with priority ${a.priority} > ${context.priority}`,
      );
    }),
  },
}).createMachine({
  id: 'vrrpInstance',
  context: ({ input }) => initialContext(input),
  initial: 'init',
  states: {
    init: {
      on: {
        START: [
          {
            guard: 'faulted?',
            target: 'fault',
            actions: ['markInitialFault', { type: 'state', params: { from: 'INIT', to: 'FAULT', cause: 'fault', detail: 'a tracked item is down at startup' } }],
          },
          {
            // §2.4 step 3: an address owner sets ms_down_timer = 1 µs and is MASTER on the next loop.
            guard: 'owner?',
            target: 'backup',
            actions: ['setDownOwner', { type: 'state', params: { from: 'INIT', to: 'BACKUP', cause: 'startup', detail: 'address owner: master-down timer 1 µs' } }],
          },
          {
            // §2.4 step 4: everyone else (state MASTER included) waits a full MDI in BACKUP.
            target: 'backup',
            actions: [
              'setDownMdi',
              { type: 'log', params: { text: 'Entering BACKUP STATE (init)' } },
              { type: 'state', params: { from: 'INIT', to: 'BACKUP', cause: 'startup', detail: 'startup: wait one Master_Down_Interval' } },
            ],
          },
        ],
        PRIORITY: { actions: 'applyPriority' },
        KILL: 'stopped',
        SHUTDOWN: 'stopped',
      },
    },
    backup: {
      entry: 'reportDownTimer',
      after: {
        masterDown: [
          { guard: 'syncHold?', target: 'backup', reenter: true, actions: ['wantMaster', 'setDownMdi'] },
          {
            target: 'master',
            actions: [
              { type: 'log', params: { text: 'Receive advertisement timeout' } },
              { type: 'state', params: { from: 'BACKUP', to: 'MASTER', cause: 'master-down-timer', detail: 'no advert accepted for one Master_Down_Interval' } },
            ],
          },
        ],
      },
      on: {
        ADVERT: [
          // §2.5: an invalid advert is ignored and the deadline is kept.
          { guard: 'invalid?', actions: { type: 'received', params: { verdict: 'dropped' } } },
          {
            guard: 'priorityZero?',
            target: 'backup',
            reenter: true,
            actions: ['setDownSkew', { type: 'log', params: { text: 'Backup received priority 0 advertisement' } }, { type: 'received', params: { verdict: 'accepted', reason: 'priority 0: master-down = skew' } }],
          },
          {
            guard: 'acceptInBackup?',
            target: 'backup',
            reenter: true,
            actions: ['notePreemptWindow', 'learnInterval', 'wantBackup', 'setDownMdi', { type: 'received', params: { verdict: 'accepted', reason: '' } }],
          },
          // §2.5: lower priority with preempt: discarded, deadline NOT reset.
          { actions: ['notePreemptWindow', 'logDiscard', { type: 'received', params: { verdict: 'discarded', reason: 'lower priority' } }] },
        ],
        PRIORITY: { target: 'backup', reenter: true, actions: 'applyPriority' },
        FAULT: {
          target: 'fault',
          actions: ['cancelDownTimer', { type: 'log', params: { text: 'Entering FAULT STATE' } }, { type: 'state', params: { from: 'BACKUP', to: 'FAULT', cause: 'fault', detail: '' } }],
        },
        SYNC_MASTER: {
          target: 'master',
          actions: [{ type: 'state', params: { from: 'BACKUP', to: 'MASTER', cause: 'sync-group', detail: 'forced by its sync group' } }],
        },
        SHUTDOWN: { target: 'stopped', actions: ['cancelDownTimer', { type: 'state', params: { from: 'BACKUP', to: 'STOPPED', cause: 'shutdown', detail: 'SIGTERM' } }] },
        KILL: { target: 'stopped', actions: ['cancelDownTimer', { type: 'state', params: { from: 'BACKUP', to: 'STOPPED', cause: 'killed', detail: 'SIGKILL' } }] },
      },
    },
    master: {
      // §2.7: the advert goes first, then the VIPs, then the GARP burst.
      entry: ['setAdvertDeadline', 'sendAdvert', { type: 'log', params: { text: 'Entering MASTER STATE' } }, 'addVips', 'garpMaster', 'clearPreemptWindow'],
      initial: 'running',
      states: {
        running: {
          entry: 'reportAdvertTimer',
          after: { advert: { target: 'running', reenter: true, actions: ['setAdvertDeadline', 'sendAdvert'] } },
          on: {
            ADVERT: [
              // §2.11: every packet handed to a MASTER resets its advert deadline (unless lower_prio_no_advert).
              {
                guard: 'invalid?',
                target: 'running',
                reenter: true,
                actions: ['setAdvertDeadline', { type: 'received', params: { verdict: 'dropped' } }],
              },
              {
                guard: 'priorityZero?',
                target: 'running',
                reenter: true,
                actions: ['setAdvertDeadline', 'sendAdvert', { type: 'log', params: { text: 'Master received priority 0 message' } }, { type: 'received', params: { verdict: 'accepted', reason: 'priority 0: answered' } }],
              },
              {
                guard: 'ownerConflict?',
                target: '#vrrpInstance.backup',
                actions: [
                  { type: 'log', params: { text: 'CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority' } },
                  'lowerToOwnerConflict',
                  'ownerConflictReport',
                  'yieldState',
                  'cancelAdvertTimer',
                  'removeVips',
                  'setDownMdi',
                  { type: 'received', params: { verdict: 'accepted', reason: 'address owner conflict' } },
                ],
              },
              {
                guard: 'peerOutranks?',
                target: '#vrrpInstance.backup',
                actions: ['logHigher', 'yieldState', 'cancelAdvertTimer', { type: 'log', params: { text: 'Entering BACKUP STATE' } }, 'removeVips', 'learnInterval', 'setDownMdi', { type: 'received', params: { verdict: 'accepted', reason: '' } }],
              },
              {
                guard: 'ourOwnAddress?',
                target: 'running',
                reenter: true,
                actions: ['setAdvertDeadline', { type: 'log', params: { text: 'WARNING - equal priority advert received from remote host with our IP address.' } }, { type: 'received', params: { verdict: 'discarded', reason: 'our own address' } }],
              },
              { guard: 'lowerPrioNoAdvert?', actions: { type: 'received', params: { verdict: 'discarded', reason: 'lower priority' } } },
              {
                // §2.6: keepalived answers a lower advert at once ("forcing new election") with GARPs.
                target: 'running',
                reenter: true,
                actions: ['logLower', 'setAdvertDeadline', 'sendAdvert', 'garpLowerPriority', { type: 'received', params: { verdict: 'discarded', reason: 'lower priority: forcing new election' } }],
              },
            ],
          },
        },
      },
      on: {
        PRIORITY: { actions: 'applyPriority' },
        FAULT: [
          {
            // §2.8 / §6.1: a member forced by its sync group sends one priority-0 advert.
            guard: 'viaSync?',
            target: 'fault',
            actions: ['cancelAdvertTimer', { type: 'log', params: { text: 'Entering FAULT STATE' } }, 'sendResign', { type: 'log', params: { text: 'sent 0 priority' } }, 'removeVips', { type: 'state', params: { from: 'MASTER', to: 'FAULT', cause: 'sync-group', detail: 'forced by its sync group' } }],
          },
          {
            target: 'fault',
            actions: ['cancelAdvertTimer', { type: 'log', params: { text: 'Entering FAULT STATE' } }, 'sendResign', 'sendResign', { type: 'log', params: { text: 'sent 0 priority' } }, 'removeVips', { type: 'state', params: { from: 'MASTER', to: 'FAULT', cause: 'fault', detail: '' } }],
          },
        ],
        SYNC_BACKUP: {
          target: 'backup',
          actions: ['cancelAdvertTimer', { type: 'state', params: { from: 'MASTER', to: 'BACKUP', cause: 'sync-group', detail: 'forced by its sync group' } }, 'removeVips', 'setDownMdi'],
        },
        SHUTDOWN: {
          // §2.10: exactly one priority-0 advert, then the VIPs go.
          target: 'stopped',
          actions: ['cancelAdvertTimer', 'sendResign', { type: 'log', params: { text: 'sent 0 priority' } }, 'removeVips', { type: 'state', params: { from: 'MASTER', to: 'STOPPED', cause: 'shutdown', detail: 'SIGTERM' } }],
        },
        // SIGKILL: nothing is sent and the VIPs stay on the interface (§2.4 step 1 removes them at the next start).
        KILL: { target: 'stopped', actions: ['cancelAdvertTimer', { type: 'state', params: { from: 'MASTER', to: 'STOPPED', cause: 'killed', detail: 'SIGKILL: VIPs left on the interface' } }] },
      },
    },
    fault: {
      on: {
        PRIORITY: { actions: 'applyPriority' },
        FAULT_CLEAR: [
          {
            // §2.9: only an owner leaving its *initial* fault goes straight to MASTER.
            guard: 'ownerLeavingInitialFault?',
            target: 'master',
            actions: ['clearInitialFault', { type: 'state', params: { from: 'FAULT', to: 'MASTER', cause: 'fault-cleared', detail: 'address owner leaving its initial fault' } }],
          },
          {
            target: 'backup',
            actions: ['clearInitialFault', 'setDownMdi', { type: 'log', params: { text: 'Entering BACKUP STATE' } }, { type: 'state', params: { from: 'FAULT', to: 'BACKUP', cause: 'fault-cleared', detail: 'every fault reason cleared: fresh Master_Down_Interval' } }],
          },
        ],
        SHUTDOWN: { target: 'stopped', actions: { type: 'state', params: { from: 'FAULT', to: 'STOPPED', cause: 'shutdown', detail: 'SIGTERM' } } },
        KILL: { target: 'stopped', actions: { type: 'state', params: { from: 'FAULT', to: 'STOPPED', cause: 'killed', detail: 'SIGKILL' } } },
      },
    },
    stopped: { type: 'final' },
  },
});
