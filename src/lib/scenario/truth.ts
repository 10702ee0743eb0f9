/**
 * The truth file of a recording of the real daemon (captures/<name>.truth.json, written by
 * captures/make-truth.ts): its nodes and configs, the faults injected and keepalived's own state
 * changes, `t` in seconds since the capture's first packet. And the scenario that replays it: the same
 * nodes, configs and fault times, for the simulator (fidelity tests, `simulate --runs` beside the
 * recording's measured latencies).
 */
import { ACTION_NAMES, type ScenarioAction } from './actions/names';
import type { Scenario, ScenarioEvent } from './types';

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

const ACTIONS: ReadonlySet<string> = new Set<string>(ACTION_NAMES);

function toEvent(e: TruthEvent): ScenarioEvent {
  if (!e.action || !ACTIONS.has(e.action))
    throw new Error(`truth fault at ${e.t} s has no scenario action: ${e.action}`);
  const ev: ScenarioEvent = { at: e.t, action: e.action as ScenarioAction };
  if (e.node !== undefined) ev.node = e.node;
  if (e.process !== undefined) ev.process = e.process;
  if (e.interface !== undefined) ev.interface = e.interface;
  if (e.groups !== undefined) ev.groups = e.groups.map((g) => [...g]);
  if (e.from !== undefined) ev.from = e.from;
  if (e.to !== undefined) ev.to = e.to;
  return ev;
}

const shellQuote = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/**
 * When the daemon a start command launched reported its first state (keepalived's "Entering … STATE
 * (init)" on the notify FIFO): BACKUP, FAULT, or an owner's MASTER; null when the node's next event
 * is none of these.
 */
function initReport(truth: Truth, i: number): number | null {
  const start = truth.events[i];
  const next = truth.events.slice(i + 1).find((e) => e.node === start.node);
  const init =
    next?.kind === 'state' &&
    (next.state === 'BACKUP' || next.state === 'FAULT' || (next.state === 'MASTER' && next.priority === 255));
  return init ? next.t : null;
}

export interface TruthScenarioOptions {
  /**
   * `'command'` (default): a keepalived start at the time its command ran. `'init'`: at the daemon's
   * first state report, for races that process start-up decides: the simulator's start is the daemon
   * ready (§2.4), and launches 0.04 ms apart were ready 4–85 ms apart on the recording machine
   * (startup-race.pcap). The report comes 0–60 ms after the daemon was ready (the FIFO reader is a
   * process too), which is why it is not the default: most recordings' phases are closer by the command.
   */
  startAt?: 'command' | 'init';
}

/**
 * The scenario that replays `truth`'s faults at their recorded times (seconds since the first packet).
 * Only faults are carried over: the daemon's state changes are what the simulator must predict.
 * Throws on a fault with no scenario action.
 */
export function truthToScenario(truth: Truth, opts: TruthScenarioOptions = {}): Scenario {
  const faults = truth.events.flatMap((e, i) => {
    if (e.kind !== 'fault') return [];
    const start = e.action === 'start-keepalived' || e.action === 'restart-keepalived';
    if (!start || opts.startAt !== 'init') return [e];
    return [{ ...e, t: initReport(truth, i) ?? e.t }];
  });
  return {
    name: truth.scenario,
    description: truth.description,
    seed: 1,
    nodes: truth.nodes.map((n) => ({
      name: n.name,
      interfaces: Object.fromEntries(Object.entries(n.interfaces).map(([k, v]) => [k, [...v]])),
      mac: { ...n.mac },
      // A ucarp node's config is its command line, each word quoted as a shell would need it.
      ...(n.implementation === 'ucarp'
        ? { implementation: 'ucarp' as const, config: (n.command ?? []).map(shellQuote).join(' ') }
        : { config: n.config }),
    })),
    events: faults.map(toEvent),
  };
}

/** What makes a scenario the replay of a recording: its nodes, configs and faults (not its name, seed or timing model). */
function setup(s: Scenario): string {
  return JSON.stringify({
    nodes: s.nodes.map((n) => [
      n.name,
      n.interfaces,
      n.mac ?? {},
      n.implementation ?? 'keepalived',
      n.config,
    ]),
    clients: s.clients?.length ?? 0,
    servers: s.servers?.length ?? 0,
    events: (s.events ?? []).map((e) => [
      e.at,
      e.action,
      e.node ?? null,
      e.process ?? null,
      e.interface ?? null,
      e.groups ?? null,
      e.from ?? null,
      e.to ?? null,
    ]),
  });
}

/** Whether `scenario` replays `truth`: the same nodes, interfaces, MACs, configs and faults at the same times. */
export function replaysTruth(scenario: Scenario, truth: Truth): boolean {
  try {
    return setup(scenario) === setup(truthToScenario(truth));
  } catch {
    return false;
  }
}

/** A hosts file (`address name` lines) of the truth's nodes, to name a capture's senders as the scenario names its nodes. */
export function truthHosts(truth: Truth): string {
  return truth.nodes
    .flatMap((n) => Object.values(n.interfaces).flatMap((l) => l.map((a) => `${a.split('/')[0]} ${n.name}`)))
    .join('\n');
}
