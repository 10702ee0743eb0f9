/**
 * The truth file of a recording (captures/<scenario>.truth.json): written by make-truth.ts, read by the
 * fidelity tests. `t` is in seconds since the capture's first packet.
 */

export interface TruthNode {
  name: string;
  interfaces: Record<string, string[]>;
  mac: Record<string, string>;
  /** The exact keepalived.conf the daemon ran ('' for a ucarp node). */
  config: string;
  /** Which daemon ran on the node; absent means keepalived. */
  implementation?: 'keepalived' | 'ucarp';
  /** ucarp nodes: the exact ucarp command line (without the lab's up/down scripts). */
  command?: string[];
}

export interface TruthEvent {
  /** Seconds since the capture's first packet. */
  t: number;
  /** `log`: a line of the daemon's own log that is not a state change (ucarp). */
  kind: 'fault' | 'state' | 'log';
  node?: string;
  /** state: the vrrp_instance, or `group` for a sync group's line. */
  instance?: string;
  group?: string;
  vrid?: number;
  state?: 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP' | 'DELETED';
  /** state: the effective priority keepalived reported (0 for groups); absent for ucarp, which logs none. */
  priority?: number;
  /** ucarp state and log events: the daemon's own log line, without its timestamp. */
  log?: string;
  /** fault: the scenario action it maps to. */
  action?: string;
  process?: string;
  interface?: string;
  groups?: string[][];
  /** block-multicast: the sender whose multicast `to` no longer hears. */
  from?: string;
  to?: string;
}

export interface Truth {
  scenario: string;
  description: string;
  nodes: TruthNode[];
  events: TruthEvent[];
}
