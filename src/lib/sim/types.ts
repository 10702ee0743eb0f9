/**
 * Shapes shared by the simulator's parts: a node's interfaces, the frames travelling on the LAN, and
 * what a node needs from the world around it.
 */
import type { Cause, CausedTransition, EvidenceRef, SilenceReason } from '../trace/cause';
import type { Family, Micros } from '../trace/types';
import type { KeepalivedConfig } from '../config/model';
import type { UcarpConfig } from '../config/ucarp';
import type { VirtualClock } from './clock';
import type { Lan } from './lan';
import type { TraceRecorder } from './recorder';
import type { Timing, TimingDraws } from './timing';

export interface SimAddress {
  address: string;
  prefix: number;
  family: Family;
}

export interface SimInterface {
  name: string;
  /** Lower-case colon form. */
  mac: string;
  addresses: SimAddress[];
  /** EUI-64 link-local, the source of IPv6 adverts (§1.4). */
  linkLocal: string;
}

/** A keepalived node: interfaces, its parsed keepalived.conf and the processes it runs. */
export interface RouterSpec {
  name: string;
  interfaces: SimInterface[];
  config: KeepalivedConfig;
  processes: string[];
  /** A ucarp node: its command line, read (the keepalived config is then empty). */
  ucarp?: UcarpConfig;
}

/** A VRRP advert on the wire, with the fields receivers check (§1.10) kept alongside its bytes. */
export interface AdvertOnWire {
  kind: 'vrrp';
  packet: number;
  fromNode: string;
  iface: string;
  family: Family;
  vrid: number;
  version: number;
  priority: number;
  intervalCs: number;
  vips: string[];
  authType: number;
  authPass: string;
  ttl: number;
  src: string;
  srcBytes: Uint8Array;
  dst: string;
  multicast: boolean;
  /** Unicast: the receiving node, when known. */
  toNode?: string;
  /**
   * The IP packet's length and the one its header implies (§1.10 #2), when they differ: another
   * protocol-112 packet read as VRRP (a CARP advert, carp-as-vrrp.ts). Absent for a VRRP advert.
   */
  length?: { received: number; expected: number };
}

/** A gratuitous ARP or unsolicited NA: `address` is at `mac`. */
export interface AnnounceOnWire {
  kind: 'announce';
  packet: number;
  fromNode: string;
  iface: string;
  address: string;
  mac: string;
}

/** A CARP advert on the LAN, with what a receiving ucarp checks. */
export interface CarpOnWire {
  kind: 'carp';
  packet: number;
  fromNode: string;
  iface: string;
  vhid: number;
  advbase: number;
  advskew: number;
  counter: bigint;
  hmac: Uint8Array;
  src: string;
  dst: string;
  ttl: number;
  multicast: true;
}

export type OnWire = AdvertOnWire | AnnounceOnWire | CarpOnWire;

/** advertSent's priority for a CARP advert, which has none: never 0, so never read as a resignation. */
export const NO_PRIORITY = -1;

/** What a node uses of the world around it. */
export interface NodeWorld {
  clock: VirtualClock;
  rec: TraceRecorder;
  lan: Lan;
  /** Puts a frame on the segment `frame.iface`. */
  transmit(frame: OnWire): void;
  /** The MAC of the node holding `address` on segment `iface`, if any (unicast peers). */
  macOf(iface: string, address: string): { node: string; mac: string } | null;
  /** Forced script results from the scenario (`scripts` and `force-script`). */
  scriptOverride(node: string, script: string): { process?: string; result?: boolean } | undefined;
  /** The scenario event being applied now: the evidence of what it causes at once. */
  readonly applying: EvidenceRef | null;
  /** The last scenario event that changed what the LAN delivers (partition, block, loss, link). */
  readonly lanEvidence: EvidenceRef | null;
  /** An instance of `node` entered MASTER: failover bookkeeping (trace/masters.ts). */
  masterEntered(node: string, router: string, caused: CausedTransition): void;
  /** An instance of `node` left MASTER (`caused`: why, for a master that resumed and took over, §8). */
  masterLeft(node: string, router: string, caused?: CausedTransition): void;
  /**
   * SIGSTOP froze (`paused`) or SIGCONT woke a MASTER instance of `node`: frozen, it sends nothing and
   * is no master its peers can hear, so a backup's takeover is a change of master; woken, it is MASTER
   * again and the master that yields to it hands the router back.
   */
  masterPaused(node: string, router: string, paused: boolean, cause: Cause): void;
  /** An instance of `node` sent an advert (its first frame is packet `packet`); NO_PRIORITY for CARP. */
  advertSent(node: string, router: string, priority: number, packet: number): void;
  /** The last advert `node` sent for `router`, if any. */
  lastAdvert(router: string, node: string): { t: Micros; priority: number; packet: number } | null;
  /** The node that was last the only master of `router`. */
  holder(router: string): string | null;
  /** Why `node` stopped being an acceptable master of `router`, root first (RouterNode.whyNotMaster). */
  whyNotMaster(node: string, router: string, silence: SilenceReason, taker: string): Cause[];
  /** False sends every advert and timer through the instance machines (SimOptions.fastPaths). */
  readonly fastPaths: boolean;
  /** Delivery delays and timer lateness (timing.ts). */
  readonly timing: TimingDraws;
}

/** Sim-wide settings. */
export interface SimOptions {
  /**
   * What the trace keeps of advert deliveries. 'all' (default): every per-receiver `advert-received`
   * event and every master-down `timer` event an accepted advert sets. 'changes' (bulk runs): no
   * `advert-received` event for an accepted advert, and no `timer` event for an accept that only moves
   * a backup's master-down deadline (same master, priority and interval) — frames then show that
   * deadline as the backup's last transition or non-steady accept set it. Dropped and discarded
   * adverts, and every other event, are kept either way; the simulation itself is the same.
   */
  recordDeliveries?: 'all' | 'changes';
  /**
   * Default true: a backup's steady-state advert and a lazily armed timer firing early skip the actor
   * send the machine would answer with nothing but a new deadline (instance.ts, instance-clock.ts).
   * False sends everything through the machines: the reference the fast paths are tested against
   * (byte-identical traces).
   */
  fastPaths?: boolean;
  /**
   * Delivery delays and timer and processing jitter (timing.ts). Default: none, the exact rules. `simulate()`
   * passes the scenario's timing (`lan`, each node's `jitterUs`, else the measured defaults).
   */
  timing?: Timing;
}

export type { Micros };
