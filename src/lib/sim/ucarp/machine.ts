/**
 * One ucarp 1.5.2 process as an XState v5 machine: its CARP state (carp.c `carp_set_state`) and the
 * decisions of its receive path and master-down check (`packethandler`, `carp_master_down`), each
 * confirmed by captures/carp/. The machine decides; the node (node.ts) does the I/O through `io`.
 *
 * CARP has no priority: the node that advertises more often (advbase + advskew/256 s) is preferred,
 * and on equal intervals the lower source address (ucarp-tie: u2, .12, yielded to u1, .11).
 */
import { setup } from 'xstate';

/** What the machine asks of the node. */
export interface UcarpIo {
  /** INIT → BACKUP: the down script (removes a VIP a killed run left), master-down timer armed. */
  enterBackupAtStart(): void;
  /** BACKUP → MASTER: up script, GARP, one advert, a second GARP two adverts later. */
  becomeMaster(why: UcarpMasterReason): void;
  /** MASTER → BACKUP on a preferred master's advert: one more advert, down script, timer armed. */
  yieldTo(a: UcarpAdvertEvent): void;
  /** MASTER hears a less preferred master: GARP now and again two adverts later. */
  reassert(a: UcarpAdvertEvent): void;
  /** BACKUP hears its master: the master-down timer starts again. */
  restartDownTimer(a: UcarpAdvertEvent): void;
  /** The process is gone (SIGKILL, SIGTERM without --shutdown, or exit on a link error). */
  halt(how: UcarpHalt): void;
}

export type UcarpHalt = 'killed' | 'stopped' | 'link-error';

export type UcarpMasterReason =
  | { code: 'master-down' }
  | { code: 'preempt'; advert: UcarpAdvertEvent }
  | { code: 'going-to-time-out'; advert: UcarpAdvertEvent };

/** A valid advert of this vhid, compared with the node's own timing. */
export interface UcarpAdvertEvent {
  type: 'ADVERT';
  /** The sender's interval advbase + advskew/256, µs, and the node's own. */
  theirsUs: number;
  oursUs: number;
  /** The sender's source address is numerically lower than the node's. */
  lowerAddress: boolean;
  /** `--deadratio` × own advbase, µs: a master slower than that is treated as timed out. */
  deadUs: number;
  packet: number;
  from: string;
}

export type UcarpEvent =
  { type: 'START' } | { type: 'MASTER_DOWN' } | UcarpAdvertEvent | { type: 'HALT'; how: UcarpHalt };

const advert = (e: UcarpEvent) => e as UcarpAdvertEvent;

export const ucarpMachine = setup({
  types: {} as {
    context: { io: UcarpIo; preempt: boolean };
    input: { io: UcarpIo; preempt: boolean };
    events: UcarpEvent;
  },
  guards: {
    // MASTER: `timercmp(&sc_tv, &ch_tv, >) || (== && ip_src < srcip)`.
    'preferred?': ({ event }) => {
      const a = advert(event);
      return a.oursUs > a.theirsUs || (a.oursUs === a.theirsUs && a.lowerAddress);
    },
    'lessPreferred?': ({ event }) => {
      const a = advert(event);
      return a.oursUs < a.theirsUs || (a.oursUs === a.theirsUs && !a.lowerAddress);
    },
    // BACKUP: `preempt != 0 && timercmp(&sc_tv, &ch_tv, <)`; equal intervals never preempt.
    'preempts?': ({ context, event }) => context.preempt && advert(event).oursUs < advert(event).theirsUs,
    'goingToTimeOut?': ({ event }) => advert(event).deadUs < advert(event).theirsUs,
  },
  actions: {
    enterBackupAtStart: ({ context }) => context.io.enterBackupAtStart(),
    masterDown: ({ context }) => context.io.becomeMaster({ code: 'master-down' }),
    preempt: ({ context, event }) => context.io.becomeMaster({ code: 'preempt', advert: advert(event) }),
    timeOutNow: ({ context, event }) =>
      context.io.becomeMaster({ code: 'going-to-time-out', advert: advert(event) }),
    yield: ({ context, event }) => context.io.yieldTo(advert(event)),
    reassert: ({ context, event }) => context.io.reassert(advert(event)),
    restartDownTimer: ({ context, event }) => context.io.restartDownTimer(advert(event)),
    halt: ({ context, event }) => context.io.halt((event as Extract<UcarpEvent, { type: 'HALT' }>).how),
  },
}).createMachine({
  id: 'ucarp',
  context: ({ input }) => ({ io: input.io, preempt: input.preempt }),
  initial: 'init',
  states: {
    init: {
      on: { START: { target: 'backup', actions: 'enterBackupAtStart' }, HALT: 'stopped' },
    },
    backup: {
      on: {
        MASTER_DOWN: { target: 'master', actions: 'masterDown' },
        ADVERT: [
          { guard: 'preempts?', target: 'master', actions: 'preempt' },
          { guard: 'goingToTimeOut?', target: 'master', actions: 'timeOutNow' },
          { actions: 'restartDownTimer' },
        ],
        HALT: { target: 'stopped', actions: 'halt' },
      },
    },
    master: {
      on: {
        ADVERT: [
          { guard: 'preferred?', target: 'backup', actions: 'yield' },
          { guard: 'lessPreferred?', actions: 'reassert' },
        ],
        HALT: { target: 'stopped', actions: 'halt' },
      },
    },
    stopped: { type: 'final' },
  },
});
