/**
 * The scenario format: what the simulator runs, the UI edits, the CLI reads and share URLs carry.
 * JSON; times in seconds of virtual time (documented in the README, "Scenario format").
 */
import type { Result } from '../trace/diagnostic';
import type { Micros } from '../trace/time';
import type { Trace } from '../trace/types';

/** The daemons a scenario node can run. */
export const IMPLEMENTATIONS = ['keepalived', 'ucarp'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

export interface ScenarioNode {
  name: string;
  /** Interface name → addresses in CIDR form (`192.168.3.4/24`); IPv6 link-locals are derived from the MAC. */
  interfaces: Record<string, string[]>;
  /** Interface name → MAC. Missing MACs are derived deterministically from the node name. */
  mac?: Record<string, string>;
  /** The keepalived.conf text; for a ucarp node, its command line (`ucarp --vhid=7 --pass=… …`). */
  config: string;
  /** Which daemon the node runs (default keepalived). */
  implementation?: Implementation;
  /** Processes running at start (haproxy…). */
  processes?: string[];
  /** This daemon's timer and processing jitter, µs: timers fire and frames are read up to this late (sim/timing.ts). */
  jitterUs?: number;
}

export interface ScenarioClient {
  name: string;
  interfaces: Record<string, string[]>;
  mac?: Record<string, string>;
  /** /etc/hosts entries: name → address. */
  hosts?: Record<string, string>;
}

/** A server behind the VIP (the DB nodes of the story). */
export interface ScenarioServer {
  name: string;
  interfaces: Record<string, string[]>;
  mac?: Record<string, string>;
}

/** How a `vrrp_script` is decided: by a process's liveness, or forced. */
export interface ScenarioScript {
  process?: string;
  /** Forced result: true = exit 0. */
  result?: boolean;
}

export interface ScenarioService {
  name: string;
  address: string;
  port?: number;
  process?: string;
  backends: string[];
}

export type { ScenarioAction } from './actions/names';
import type { ScenarioAction } from './actions/names';

export interface ScenarioEvent {
  /** Seconds of virtual time. */
  at: number;
  action: ScenarioAction;
  node?: string;
  process?: string;
  interface?: string;
  /** partition: lists of node names that can still hear each other. */
  groups?: string[][];
  /** block-multicast: from node → to node (one way). */
  from?: string;
  to?: string;
  percent?: number;
  /** set-latency, in milliseconds. */
  ms?: number;
  /** set-priority: instance name and new base priority. */
  instance?: string;
  priority?: number;
  /** set-advert-int: the instance's new advert_int, seconds (§1.5). */
  seconds?: number;
  /** force-script: script name and result (true = success), or null to stop forcing. */
  name?: string;
  result?: boolean | null;
  /** Free text shown in the timeline. */
  note?: string;
}

/** Frame delivery on the LAN (sim/timing.ts): `latencyUs` + uniform [0, `jitterUs`] per frame. */
export interface ScenarioLan {
  latencyUs?: number;
  jitterUs?: number;
}

export interface Scenario {
  name: string;
  description?: string;
  seed: number;
  nodes: ScenarioNode[];
  clients?: ScenarioClient[];
  servers?: ScenarioServer[];
  scripts?: Record<string, ScenarioScript>;
  services?: ScenarioService[];
  events?: ScenarioEvent[];
  /** Delivery delay on the LAN; absent fields take the measured defaults (README, "Timing model"). */
  lan?: ScenarioLan;
  /** Default length of a run, in seconds. */
  duration?: number;
}

/** The simulator's entry point: scenario → Trace up to `untilUs`. Passed in where lib must not reach lib/sim. */
export type SimulateFn = (scenario: Scenario, options: { untilUs: Micros }) => Result<Trace>;
