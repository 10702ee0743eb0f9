/**
 * The recordings of the real keepalived daemon in captures/ (made by `npm run captures:record`) and
 * their truth files: the injected faults and keepalived's own notify-FIFO state changes, with `t` in
 * seconds since the capture's first packet.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../shared-path';

export interface TruthNode {
  name: string;
  interfaces: Record<string, string[]>;
  mac: Record<string, string>;
  /** The exact keepalived.conf the daemon ran. */
  config: string;
}

export interface TruthEvent {
  /** Seconds since the capture's first packet. */
  t: number;
  kind: 'fault' | 'state';
  node?: string;
  /** state: the vrrp_instance, or `group` for a sync group's line. */
  instance?: string;
  group?: string;
  vrid?: number;
  state?: 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP' | 'DELETED';
  /** state: the effective priority keepalived reported (0 for groups). */
  priority?: number;
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

export interface Recording {
  name: string;
  /** Absolute path of the .pcap or .pcapng. */
  capture: string;
  truth: Truth;
}

/** captures/, or $VRRPSCOPE_RECORDINGS (to check a fresh re-recording before it replaces them). */
export const CAPTURES_DIR = process.env.VRRPSCOPE_RECORDINGS ?? join(REPO_ROOT, 'captures');

/** Every recording in captures/: a `<name>.truth.json` beside `<name>.pcap` or `<name>.pcapng`. */
export function recordings(): Recording[] {
  return readdirSync(CAPTURES_DIR)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.truth.json'.length);
      const capture = ['pcap', 'pcapng']
        .map((ext) => join(CAPTURES_DIR, `${name}.${ext}`))
        .find((p) => existsSync(p));
      if (!capture) throw new Error(`captures/${f} has no capture beside it`);
      const truth = JSON.parse(readFileSync(join(CAPTURES_DIR, f), 'utf8')) as Truth;
      return { name, capture, truth };
    });
}
