/**
 * The Trace: the one event model that both the simulator (src/lib/sim) and capture analysis
 * (src/lib/analysis) produce, and that the one renderer (src/ui) consumes (docs/style.md §1).
 *
 * Time is integer microseconds from the trace origin (`Micros`); the absolute epoch of t = 0 is
 * stored once in `TraceOrigin.epochUs`. State is piecewise constant between events, so the state
 * at any t is a fold of the events up to t (see frame.ts).
 */
import type { Diagnostic } from './diagnostic';

import type { Cause } from './cause';
import type { Micros } from './time';
export type { Micros } from './time';

/** keepalived's instance states (include/vrrp.h), plus STOPPED for "no daemon running it". */
export type VrrpState = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT' | 'STOPPED';

export type Family = 'ipv4' | 'ipv6';

export type ChecksumStatus = 'good' | 'bad' | 'unverified';

/**
 * Every field of one decoded advertisement, with names after Wireshark's (`vrrp.*`): plain data,
 * so the trace needs no protocol package (vrrp/advert.ts encodes and decodes it).
 */
export interface AdvertFields {
  family: Family;
  /** vrrp.version */
  version: number;
  /** vrrp.type */
  type: number;
  /** vrrp.virt_rtr_id */
  vrid: number;
  /** vrrp.prio */
  priority: number;
  /** vrrp.addr_count */
  addrCount: number;
  /** vrrp.auth_type (v2 only) */
  authType?: number;
  /** v2: vrrp.adver_int in seconds; v3: vrrp.short_adver_int in centiseconds. */
  advertIntervalRaw: number;
  /** The interval in centiseconds for both versions. */
  advertIntervalCs: number;
  /** v3: the 4 reserved bits. */
  reserved?: number;
  /** vrrp.checksum */
  checksum: number;
  checksumStatus: ChecksumStatus;
  /** v3 over IPv4 only: which variant matched (vendors disagree, §1.7). */
  checksumVariant?: 'pseudo-header' | 'no-pseudo-header';
  /** vrrp.ip_addr / vrrp.ipv6_addr */
  addresses: string[];
  /** v2 PASS: the text up to the first NUL (vrrp.auth_string). */
  authString?: string;
  /** Bytes of the VRRP message present (at most the length its address count implies). */
  length: number;
}

/**
 * Every field of one CARP advertisement, named after Wireshark's `carp.*` (carp/wire.ts decodes it).
 * The HMAC is keyed with the passphrase, so nothing here can verify it.
 */
export interface CarpFields {
  /** carp.version */
  version: number;
  /** carp.type */
  type: number;
  /** carp.vhid */
  vhid: number;
  /** carp.advskew, 1/256 s */
  advskew: number;
  /** carp.authlen, 32-bit words */
  authlen: number;
  /** carp.demotion: above 0, the sender has demoted itself. */
  demotion: number;
  /** carp.adver_int: advbase, whole seconds */
  advbase: number;
  /** carp.checksum */
  checksum: number;
  checksumStatus: ChecksumStatus;
  /** carp.counter (64 bits) */
  counter: bigint;
  /** carp.hmac, lowercase hex */
  hmac: string;
  /** Bytes of the CARP message (what the IP header declares). */
  length: number;
}

/** Which implementation spoke for an instance, as far as the trace can tell. */
export type Implementation = 'keepalived' | 'frr' | 'carp';

export interface TraceInterface {
  name: string;
  /** Lower-case colon form, `bc:76:4e:05:6c:1c`. */
  mac: string;
  /** Configured (primary and secondary) addresses in CIDR form, `192.168.3.4/24`. VIPs are not listed here. */
  addresses: string[];
}

export type NodeRole = 'router' | 'client' | 'server';

export interface TraceNode {
  /** Stable id, unique in the trace: the node name in simulations, an inferred name in captures. */
  id: string;
  name: string;
  role: NodeRole;
  interfaces: TraceInterface[];
  /** Processes the node runs besides keepalived (haproxy, mysqld…). */
  processes?: string[];
  /** Clients only: their /etc/hosts entries, name → address. */
  hosts?: Record<string, string>;
}

/** One `vrrp_instance` on one node: one virtual router as seen by one participant. */
export interface TraceInstance {
  /** `${node}/${name}`. */
  id: string;
  node: string;
  name: string;
  vrid: number;
  family: Family;
  version: 2 | 3;
  interface: string;
  /** Configured priority after keepalived's corrections (docs/vrrp-behaviour.md §2.3). */
  basePriority: number;
  advertIntervalCs: number;
  /** VIPs carried in adverts, without prefix. */
  vips: string[];
  /** The virtual router this instance belongs to (see `routerKey`). */
  router: string;
  preempt: boolean;
  unicastPeers?: string[];
  syncGroup?: string;
  /** Absent: keepalived. A CARP instance's `vrid` is its vhid and it has no priority, but `carp`. */
  implementation?: Implementation;
  /** CARP: advbase (s), advskew (1/256 s) and demotion counter of its first advert. */
  carp?: { advbase: number; advskew: number; demote: number };
}

/** A virtual router on the LAN: all instances sharing a VRID and family on one segment. */
export interface TraceRouter {
  key: string;
  /** Absent: VRRP. */
  protocol?: 'vrrp' | 'carp';
  vrid: number;
  family: Family;
  vips: string[];
}

/** The app → VIP → haproxy → backends path: which node serves `name` at a given time. */
export interface TraceService {
  /** The DNS name the clients use, e.g. prod-db-internal.panda.com. */
  name: string;
  address: string;
  port?: number;
  /** The process on the router nodes that serves it (haproxy). */
  process?: string;
  /** Server node ids behind the balancer (the three DB nodes). */
  backends: string[];
}

export interface TraceOrigin {
  source: 'simulation' | 'capture';
  name: string;
  /** Absolute time of t = 0, µs since the Unix epoch (0 for a simulation unless given). */
  epochUs: number;
}

/** A frame seen on (or sent to) the wire. `index` is its position in `Trace.packets`. */
export interface TracePacket {
  index: number;
  t: Micros;
  /** Sending node id, when known. */
  node?: string;
  /** Sending instance id, when known. */
  instance?: string;
  type: 'vrrp' | 'carp' | 'arp' | 'ndp' | 'other';
  srcMac?: string;
  dstMac?: string;
  src: string;
  dst: string;
  /** IPv4 TTL or IPv6 hop limit. */
  ttl?: number;
  vrrp?: AdvertFields;
  carp?: CarpFields;
  /** ARP or neighbour advertisement: the address announced and the MAC it maps to. */
  announce?: { address: string; mac: string; gratuitous: boolean };
  /** The link-layer frame, when the producer keeps it (simulation: always; capture: on demand). */
  bytes?: Uint8Array;
  /** The link type of `bytes` (pcap LINKTYPE_*; 1 = Ethernet). */
  linkType?: number;
  /** Free-text comment (pcapng opt_comment), e.g. the fault that preceded it. */
  comment?: string;
}

/** A reason an effective priority differs from the base one. */
export interface PriorityTerm {
  /** `chk_haproxy`, `eth1`, … */
  source: string;
  kind: 'script' | 'interface' | 'file' | 'process' | 'owner-conflict';
  delta: number;
  /** `failed`, `down`, … */
  status: string;
}

interface EventBase {
  t: Micros;
}

export type TraceEvent =
  | (EventBase & { kind: 'advert-sent'; node: string; instance: string; packet: number })
  | (EventBase & {
      kind: 'advert-received';
      node: string;
      instance: string;
      packet: number;
      /** accepted: processed by the state machine; discarded: valid but ignored; dropped: failed validation. */
      verdict: 'accepted' | 'discarded' | 'dropped';
      reason: string;
    })
  | (EventBase & {
      kind: 'advert-lost';
      /** The intended receiver. */
      node: string;
      packet: number;
      /** `receive-buffer-full`: the receiver's daemon was paused and its socket full (sim/paused-sockets.ts). */
      reason: 'link-down' | 'partition' | 'loss' | 'blocked' | 'daemon-down' | 'ttl' | 'receive-buffer-full';
    })
  | (EventBase & {
      kind: 'state';
      node: string;
      instance: string;
      from: VrrpState;
      to: VrrpState;
      /** Why (cause.ts): the primary cause, with its evidence. */
      cause: Cause;
      /** Earlier causes that led to it, root first. */
      chain: Cause[];
    })
  | (EventBase & {
      kind: 'priority';
      node: string;
      instance: string;
      from: number;
      to: number;
      base: number;
      terms: PriorityTerm[];
    })
  | (EventBase & {
      kind: 'vip';
      node: string;
      instance: string;
      interface: string;
      address: string;
      op: 'add' | 'remove';
    })
  | (EventBase & { kind: 'garp-sent'; node: string; instance: string; address: string; packet: number })
  | (EventBase & {
      kind: 'arp-cache';
      /** The client (or other neighbour) whose cache changed. */
      node: string;
      address: string;
      mac: string;
      previous: string | null;
      packet?: number;
    })
  | (EventBase & {
      kind: 'timer';
      node: string;
      instance: string;
      timer: 'advert' | 'master-down' | 'preempt-delay';
      /** When it will fire, or null when cancelled. */
      deadline: Micros | null;
    })
  | (EventBase & {
      /**
       * An instance's timer values, recorded at start and whenever one changes (priority, a learned
       * v3 interval, set-advert-int), so that readers never recompute them (§2.2).
       */
      kind: 'timing';
      node: string;
      instance: string;
      /** The instance's own advert interval (adver_int). */
      advertIntervalUs: Micros;
      /** The interval its master-down timer counts in: v3 learns the master's, v2 keeps its own (§2.2). */
      masterAdvertIntervalUs: Micros;
      /** Skew_Time for its effective priority (§2.2). */
      skewUs: Micros;
      /** Master_Down_Interval = 3 × master interval + skew (§2.2). */
      mdiUs: Micros;
    })
  | (EventBase & {
      kind: 'fault';
      /** The scenario action, e.g. `kill-process`, `partition`, `heal`. */
      action: string;
      node?: string;
      label: string;
      params?: Record<string, unknown>;
    })
  | (EventBase & { kind: 'daemon'; node: string; status: 'running' | 'stopped' | 'killed' | 'paused' })
  | (EventBase & { kind: 'process'; node: string; process: string; running: boolean })
  | (EventBase & {
      kind: 'script';
      node: string;
      script: string;
      ok: boolean;
      status: 'good' | 'bad';
      rc: number;
    })
  | (EventBase & { kind: 'link'; node: string; interface: string; up: boolean })
  | (EventBase & { kind: 'log'; node: string; instance?: string; text: string })
  | FailoverEvent
  | (EventBase & { kind: 'anomaly'; code: string; message: string; router?: string; packet?: number });

/**
 * A change of master of one virtual router (masters.ts defines it: not the start of a dual master),
 * with the cause of the change and the chain that led to it (cause.ts).
 */
export interface FailoverEvent extends EventBase {
  kind: 'failover';
  router: string;
  vrid: number;
  /** Old master node id, null when none was known. */
  from: string | null;
  to: string;
  /** Since the old master's last advert of any priority (a priority-0 one included), µs. */
  gapUs: number | null;
  /** That last advert: its packet index, when the trace has it. */
  lastAdvertPacket?: number;
  cause: Cause;
  chain: Cause[];
}

export type TraceEventKind = TraceEvent['kind'];

export interface Trace {
  origin: TraceOrigin;
  nodes: TraceNode[];
  instances: TraceInstance[];
  routers: TraceRouter[];
  services: TraceService[];
  packets: TracePacket[];
  /** Sorted by t; ties keep production order. */
  events: TraceEvent[];
  diagnostics: Diagnostic[];
  /** The end of the observed or simulated period. */
  endUs: Micros;
}

/** `ipv4/200` style key for a virtual router. */
export function routerKey(family: Family, vrid: number): string {
  return `${family}/${vrid}`;
}

/** A CARP virtual host's key: apart from VRRP's, as a vhid and a VRID may share a number on one LAN. */
/** The name of an instance no config or log named (a node only a capture shows): its VRID. */
export function unnamedInstanceName(vrid: number): string {
  return `VRID ${vrid}`;
}

export function carpRouterKey(vhid: number): string {
  return `carp/${vhid}`;
}

export function instanceId(node: string, name: string): string {
  return `${node}/${name}`;
}
