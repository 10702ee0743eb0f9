/**
 * One keepalived 2.2.7 `vrrp_instance` on one node as an XState v5 machine
 * (docs/vrrp-behaviour.md §2; suggested shape §2.12). Guards, actions and delays: instance.setup.ts.
 *
 * The machine decides; it does no I/O. It reports what keepalived would do through `emit` (send an
 * advert, set VIPs, GARP, state change, timer deadline, log line) and the node model (node.ts) turns
 * that into packets and trace events. Timers are absolute deadlines kept in context: the `after`
 * delays return "deadline − now" in µs, so an ignored advert (no re-entry) keeps the running deadline
 * (§2.5, §2.12). Run it only on the simulator's VirtualClock.
 */
import { ADVERT_TICK, BECOME_MASTER, initialContext, instanceSetup } from './instance.setup';

export type { InstanceContext, InstanceEmitted, InstanceEvent, InstanceInput } from './instance.types';
export { contextMdiUs } from './instance.setup';

export const instanceMachine = instanceSetup.createMachine({
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
            actions: [
              'markInitialFault',
              {
                type: 'state',
                params: {
                  from: 'INIT',
                  to: 'FAULT',
                  code: 'fault',
                  detail: 'a tracked item is down at startup',
                },
              },
            ],
          },
          {
            // §2.4 step 3: an address owner sets ms_down_timer = 1 µs and is MASTER on the next loop.
            guard: 'owner?',
            target: 'backup',
            actions: [
              'setDownOwner',
              {
                type: 'state',
                params: {
                  from: 'INIT',
                  to: 'BACKUP',
                  code: 'startup',
                  detail: 'address owner: master-down timer 1 µs',
                },
              },
              'reportDownTimer',
            ],
          },
          {
            // §2.4 step 4: everyone else (state MASTER included) waits a full MDI in BACKUP.
            target: 'backup',
            actions: [
              'setDownMdi',
              { type: 'log', params: { text: 'Entering BACKUP STATE (init)' } },
              {
                type: 'state',
                params: {
                  from: 'INIT',
                  to: 'BACKUP',
                  code: 'startup',
                  detail: 'wait one Master_Down_Interval',
                },
              },
              'reportDownTimer',
            ],
          },
        ],
        PRIORITY: { actions: 'applyPriority' },
        ADVERT_INT: { actions: 'applyAdvertInt' },
        KILL: 'stopped',
        SHUTDOWN: 'stopped',
      },
    },
    backup: {
      // The master-down timer is armed lazily: an accepted advert only moves `downDeadlineUs` later,
      // and when the armed timer fires early it re-arms for the rest (no cancel/re-arm per advert).
      after: {
        masterDown: [
          { guard: 'downDeadlineAhead?', target: 'backup', reenter: true },
          {
            guard: 'syncHold?',
            target: 'backup',
            reenter: true,
            actions: ['wantMaster', 'setDownMdi', 'reportDownTimer'],
          },
          {
            target: 'master',
            actions: [
              { type: 'log', params: { text: 'Receive advertisement timeout' } },
              {
                type: 'state',
                params: {
                  from: 'BACKUP',
                  to: 'MASTER',
                  code: 'master-down-timer',
                  detail: 'no advert accepted for one Master_Down_Interval',
                },
              },
              ...BECOME_MASTER,
            ],
          },
        ],
      },
      on: {
        ADVERT: [
          // §2.5: an invalid advert is ignored and the deadline is kept.
          { guard: 'invalid?', actions: { type: 'received', params: { verdict: 'dropped' } } },
          {
            // The deadline moves earlier (now + skew): re-arm.
            guard: 'priorityZero?',
            target: 'backup',
            reenter: true,
            actions: [
              'setDownSkew',
              'reportDownTimer',
              { type: 'log', params: { text: 'Backup received priority 0 advertisement' } },
              { type: 'received', params: { verdict: 'accepted', reason: 'priority 0: master-down = skew' } },
            ],
          },
          {
            guard: 'acceptInBackup?',
            actions: ['acceptInBackup', 'reportAccepted'],
          },
          // §2.5: lower priority with preempt: discarded, deadline NOT reset.
          {
            actions: [
              'notePreemptWindow',
              'logDiscard',
              { type: 'received', params: { verdict: 'discarded', reason: 'lower priority' } },
            ],
          },
        ],
        PRIORITY: { target: 'backup', reenter: true, actions: ['applyPriority', 'reportDownTimer'] },
        ADVERT_INT: { target: 'backup', reenter: true, actions: ['applyAdvertInt', 'reportDownTimer'] },
        FAULT: {
          target: 'fault',
          actions: [
            'cancelDownTimer',
            { type: 'log', params: { text: 'Entering FAULT STATE' } },
            { type: 'state', params: { from: 'BACKUP', to: 'FAULT', code: 'fault', detail: '' } },
          ],
        },
        SYNC_MASTER: {
          target: 'master',
          actions: [
            {
              type: 'state',
              params: {
                from: 'BACKUP',
                to: 'MASTER',
                code: 'sync-group',
                detail: 'forced by its sync group',
              },
            },
            ...BECOME_MASTER,
          ],
        },
        SHUTDOWN: {
          target: 'stopped',
          actions: [
            'cancelDownTimer',
            {
              type: 'state',
              params: { from: 'BACKUP', to: 'STOPPED', code: 'stopped', detail: 'SIGTERM' },
            },
          ],
        },
        KILL: {
          target: 'stopped',
          actions: [
            'cancelDownTimer',
            { type: 'state', params: { from: 'BACKUP', to: 'STOPPED', code: 'vanished', detail: 'SIGKILL' } },
          ],
        },
      },
    },
    master: {
      // The advert timer is lazy too: packets that reset the cadence (§2.11) only move the deadline.
      after: {
        advert: [
          { guard: 'advertDeadlineAhead?', target: 'master', reenter: true },
          {
            target: 'master',
            reenter: true,
            actions: ADVERT_TICK,
          },
        ],
      },
      on: {
        ADVERT: [
          // §2.11: every packet handed to a MASTER resets its advert deadline (unless lower_prio_no_advert),
          // a refused one too: a CARP advert of the same id (carp-as-vrrp.ts) as much as a VRRP one.
          {
            guard: 'invalid?',
            actions: ['restartCadence', { type: 'received', params: { verdict: 'dropped' } }],
          },
          {
            guard: 'priorityZero?',
            actions: [
              'sendAdvert',
              'restartCadence',
              { type: 'log', params: { text: 'Master received priority 0 message' } },
              { type: 'received', params: { verdict: 'accepted', reason: 'priority 0: answered' } },
            ],
          },
          {
            guard: 'ownerConflict?',
            target: 'backup',
            actions: [
              {
                type: 'log',
                params: {
                  text: 'CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority',
                },
              },
              'lowerToOwnerConflict',
              'ownerConflictReport',
              'yieldState',
              'cancelAdvertTimer',
              'removeVips',
              'setDownMdi',
              'reportDownTimer',
              { type: 'received', params: { verdict: 'accepted', reason: 'address owner conflict' } },
            ],
          },
          {
            guard: 'peerOutranks?',
            target: 'backup',
            actions: [
              'sendAdvertIfHigherPrioSend',
              'logHigher',
              'yieldState',
              'cancelAdvertTimer',
              { type: 'log', params: { text: 'Entering BACKUP STATE' } },
              'removeVips',
              'learnInterval',
              'setDownMdi',
              'reportDownTimer',
              { type: 'received', params: { verdict: 'accepted', reason: '' } },
            ],
          },
          {
            guard: 'ourOwnAddress?',
            actions: [
              'restartCadence',
              {
                type: 'log',
                params: {
                  text: 'WARNING - equal priority advert received from remote host with our IP address.',
                },
              },
              { type: 'received', params: { verdict: 'discarded', reason: 'our own address' } },
            ],
          },
          {
            guard: 'lowerPrioNoAdvert?',
            actions: { type: 'received', params: { verdict: 'discarded', reason: 'lower priority' } },
          },
          {
            // §2.6: keepalived answers a lower advert at once ("forcing new election") with GARPs.
            actions: [
              'logLower',
              'setAdvertDeadline',
              'sendAdvert',
              'reportAdvertTimer',
              'garpLowerPriority',
              {
                type: 'received',
                params: { verdict: 'discarded', reason: 'lower priority: forcing new election' },
              },
            ],
          },
        ],
        PRIORITY: { actions: 'applyPriority' },
        ADVERT_INT: { actions: ['applyAdvertInt', 'ownIntervalAsMaster'] },
        FAULT: [
          {
            // §2.8 / §6.1: a member forced by its sync group sends one priority-0 advert.
            guard: 'viaSync?',
            target: 'fault',
            actions: [
              'cancelAdvertTimer',
              { type: 'log', params: { text: 'Entering FAULT STATE' } },
              'sendResign',
              { type: 'log', params: { text: 'sent 0 priority' } },
              'removeVips',
              {
                type: 'state',
                params: {
                  from: 'MASTER',
                  to: 'FAULT',
                  code: 'sync-group',
                  detail: 'forced by its sync group',
                },
              },
            ],
          },
          {
            target: 'fault',
            actions: [
              'cancelAdvertTimer',
              { type: 'log', params: { text: 'Entering FAULT STATE' } },
              'sendResign',
              'sendResign',
              { type: 'log', params: { text: 'sent 0 priority' } },
              'removeVips',
              { type: 'state', params: { from: 'MASTER', to: 'FAULT', code: 'fault', detail: '' } },
            ],
          },
        ],
        SYNC_BACKUP: {
          target: 'backup',
          actions: [
            'cancelAdvertTimer',
            {
              type: 'state',
              params: {
                from: 'MASTER',
                to: 'BACKUP',
                code: 'sync-group',
                detail: 'forced by its sync group',
              },
            },
            'removeVips',
            'setDownMdi',
            'reportDownTimer',
          ],
        },
        SHUTDOWN: {
          // §2.10: exactly one priority-0 advert, then the VIPs go.
          target: 'stopped',
          actions: [
            'cancelAdvertTimer',
            'sendResign',
            { type: 'log', params: { text: 'sent 0 priority' } },
            'removeVips',
            {
              type: 'state',
              params: { from: 'MASTER', to: 'STOPPED', code: 'stopped', detail: 'SIGTERM' },
            },
          ],
        },
        // SIGKILL: nothing is sent and the VIPs stay on the interface (§2.4 step 1 removes them at the next start).
        KILL: {
          target: 'stopped',
          actions: [
            'cancelAdvertTimer',
            {
              type: 'state',
              params: {
                from: 'MASTER',
                to: 'STOPPED',
                code: 'vanished',
                detail: 'SIGKILL: VIPs left on the interface',
              },
            },
          ],
        },
      },
    },
    fault: {
      on: {
        PRIORITY: { actions: 'applyPriority' },
        ADVERT_INT: { actions: 'applyAdvertInt' },
        FAULT_CLEAR: [
          {
            // §2.9: only an owner leaving its *initial* fault goes straight to MASTER.
            guard: 'ownerLeavingInitialFault?',
            target: 'master',
            actions: [
              'clearInitialFault',
              {
                type: 'state',
                params: {
                  from: 'FAULT',
                  to: 'MASTER',
                  code: 'fault-cleared',
                  detail: 'address owner leaving its initial fault',
                },
              },
              ...BECOME_MASTER,
            ],
          },
          {
            target: 'backup',
            actions: [
              'clearInitialFault',
              'setDownMdi',
              { type: 'log', params: { text: 'Entering BACKUP STATE' } },
              {
                type: 'state',
                params: {
                  from: 'FAULT',
                  to: 'BACKUP',
                  code: 'fault-cleared',
                  detail: 'every fault reason cleared: fresh Master_Down_Interval',
                },
              },
              'reportDownTimer',
            ],
          },
        ],
        SHUTDOWN: {
          target: 'stopped',
          actions: {
            type: 'state',
            params: { from: 'FAULT', to: 'STOPPED', code: 'stopped', detail: 'SIGTERM' },
          },
        },
        KILL: {
          target: 'stopped',
          actions: {
            type: 'state',
            params: { from: 'FAULT', to: 'STOPPED', code: 'vanished', detail: 'SIGKILL' },
          },
        },
      },
    },
    stopped: { type: 'final' },
  },
});
