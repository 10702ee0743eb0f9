/**
 * Context, input, events and emitted reports of the instance machine (instance.machine.ts).
 */
import type { CauseCode } from '../trace/cause';
import type { Micros, VrrpState } from '../trace/types';
import { US_PER_CS } from '../vrrp/constants';

/** What the machine may ask of its surroundings (never I/O). */
export interface InstanceEnv {
  /** Current virtual time, µs. */
  now(): Micros;
  /** §6.1: true when this instance is not in a sync group, or every other member wants MASTER. */
  syncAllowsMaster(): boolean;
}

export interface InstanceInput {
  env: InstanceEnv;
  version: 2 | 3;
  basePriority: number;
  /** Effective priority at start (base plus weights already known). */
  priority: number;
  advertIntervalCs: number;
  downTimerAdverts: number;
  nopreempt: boolean;
  preemptDelayUs: Micros;
  lowerPrioNoAdvert: boolean;
  /** higher_prio_send_advert: one more advert before yielding (§2.6). */
  higherPrioSendAdvert: boolean;
}

export interface InstanceContext {
  env: InstanceEnv;
  version: 2 | 3;
  basePriority: number;
  /** Effective priority E (§2.1). */
  priority: number;
  /** Configured adver_int, µs. */
  adverIntUs: Micros;
  /** v3: learned from the master; v2: always adverIntUs (§2.2). */
  masterAdverIntUs: Micros;
  downTimerAdverts: number;
  nopreempt: boolean;
  preemptDelayUs: Micros;
  /** §3.3: end of the open preempt_delay window, or null when clear. */
  preemptTimeUs: Micros | null;
  /** Absolute master-down deadline (BACKUP). */
  downDeadlineUs: Micros;
  /** Absolute next-advert deadline (MASTER). */
  advertDeadlineUs: Micros;
  lowerPrioNoAdvert: boolean;
  higherPrioSendAdvert: boolean;
  /** keepalived's wantstate MASTER, for sync groups (§6.1). */
  wantMaster: boolean;
  /** In the fault found at startup (§2.9 owner exception). */
  initialFault: boolean;
}

export function initialContext(input: InstanceInput): InstanceContext {
  const adverIntUs = input.advertIntervalCs * US_PER_CS;
  return {
    env: input.env,
    version: input.version,
    basePriority: input.basePriority,
    priority: input.priority,
    adverIntUs,
    masterAdverIntUs: adverIntUs,
    downTimerAdverts: input.downTimerAdverts,
    nopreempt: input.nopreempt,
    preemptDelayUs: input.preemptDelayUs,
    preemptTimeUs: null,
    downDeadlineUs: 0,
    advertDeadlineUs: 0,
    lowerPrioNoAdvert: input.lowerPrioNoAdvert,
    higherPrioSendAdvert: input.higherPrioSendAdvert,
    wantMaster: false,
    initialFault: false,
  };
}

export type InstanceEvent =
  | { type: 'START'; faulted: boolean }
  | {
      type: 'ADVERT';
      /** Index of the packet in the trace. */
      packet: number;
      priority: number;
      intervalCs: number;
      src: string;
      /** Sender address compared with ours: 1 higher, 0 same, −1 lower (§2.6.1). */
      cmp: number;
      /** Result of the receive checks of §1.10. */
      valid: boolean;
      reason: string;
    }
  | { type: 'PRIORITY'; priority: number; base: number }
  /** The instance's adver_int changed at run time (set-advert-int), µs. */
  | { type: 'ADVERT_INT'; intervalUs: Micros }
  | { type: 'FAULT'; viaSync: boolean }
  | { type: 'FAULT_CLEAR' }
  | { type: 'SYNC_MASTER' }
  | { type: 'SYNC_BACKUP' }
  | { type: 'SHUTDOWN' }
  | { type: 'KILL' };

export type InstanceEmitted =
  | { type: 'advert'; priority: number }
  | {
      type: 'state';
      from: VrrpState;
      to: VrrpState;
      /** The primary cause code; the node adds time, evidence and the chain (node.ts). */
      code: CauseCode;
      detail: string;
      /** higher-priority / tie-break-address: the advert that made a MASTER yield. */
      advert?: { packet: number; priority: number; own: number };
    }
  | { type: 'vips'; op: 'add' | 'remove' }
  | { type: 'garp'; reason: 'master' | 'lower-priority' }
  | { type: 'timer'; timer: 'advert' | 'master-down'; deadline: Micros | null }
  | { type: 'received'; packet: number; verdict: 'accepted' | 'discarded' | 'dropped'; reason: string }
  | { type: 'log'; text: string }
  /** A BACKUP accepted an advert: the received verdict and the new master-down deadline together. */
  | { type: 'accepted'; packet: number; deadline: Micros }
  | { type: 'owner-conflict' }
  | { type: 'none' };
