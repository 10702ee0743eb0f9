/**
 * Every scenario action, declared once: its fields with their types and ranges, its label, what it
 * does to the world, what undoes it and whether it restores something. The validator (check.ts, for
 * scenario files, share links and the app), the simulator, the timeline, the failover labels and the
 * Faults panel all read this table. Adding an action: add its name to `ScenarioAction` (../types.ts)
 * and its entry here; the simulator gains whatever new behaviour `apply` calls.
 */
import type { ScenarioEvent } from '../types';
import { ACTION_NAMES, type ScenarioAction } from './names';
import type { ActionNode, ActionSpec, ActionWorld, ParamSpec } from './types';

const NODE: ParamSpec = { kind: 'string', required: true, label: 'Node', ref: 'router' };
const OPTIONAL_NODE: ParamSpec = { ...NODE, required: false };
const PROCESS: ParamSpec = { kind: 'string', required: true, label: 'Process', ref: 'process' };
const INTERFACE: ParamSpec = { kind: 'string', required: false, label: 'Interface', ref: 'interface' };
const INSTANCE: ParamSpec = { kind: 'string', required: true, label: 'Instance', ref: 'instance' };

const on = (e: ScenarioEvent) => (e.node ? ` on ${e.node}` : '');
/** Runs `fn` on the event's node when the world has it (a name the validator let through cannot crash a run). */
const withNode = (w: ActionWorld, e: ScenarioEvent, fn: (n: ActionNode) => void) => {
  const n = e.node ? w.router(e.node) : undefined;
  if (n) fn(n);
};

/** A daemon signal: keepalived (or ucarp) on one node. */
function daemon(
  label: string,
  text: string,
  run: (n: ActionNode) => void,
  more: Partial<ActionSpec> = {},
  which: 'keepalived' | 'ucarp' = 'keepalived',
): ActionSpec {
  return {
    label,
    params: { node: NODE },
    describe: (e) => `${which} ${text}${on(e)}`,
    apply: (w, e) => withNode(w, e, run),
    undoneBy: [],
    restores: false,
    daemon: which,
    ...more,
  };
}

function link(up: boolean): ActionSpec {
  return {
    label: up ? 'Link up' : 'Link down',
    params: { node: NODE, interface: INTERFACE },
    describe: (e) => `link ${e.interface ? `${e.interface} ` : ''}${up ? 'up' : 'down'}${on(e)}`,
    apply: (w, e) =>
      withNode(w, e, (n) => {
        for (const i of e.interface ? [e.interface] : n.interfaceNames()) n.setLink(i, up);
      }),
    undoneBy: up ? [] : ['link-up'],
    restores: up,
    lan: true,
  };
}

export const ACTION_SPECS: Record<ScenarioAction, ActionSpec> = {
  'start-keepalived': daemon('Start keepalived', 'started', (n) => n.start(), { restores: true }),
  'stop-keepalived': daemon('Stop keepalived (SIGTERM)', 'stopped (SIGTERM)', (n) => n.stop(), {
    undoneBy: ['start-keepalived', 'restart-keepalived'],
  }),
  'kill-keepalived': daemon('Kill keepalived (SIGKILL)', 'killed (SIGKILL)', (n) => n.kill(), {
    undoneBy: ['start-keepalived', 'restart-keepalived'],
  }),
  'pause-keepalived': daemon('Pause keepalived (SIGSTOP)', 'paused (SIGSTOP)', (n) => n.pause(), {
    undoneBy: ['resume-keepalived'],
  }),
  'resume-keepalived': daemon('Resume keepalived (SIGCONT)', 'resumed (SIGCONT)', (n) => n.resume(), {
    restores: true,
  }),
  // §2.10 then §2.4: a SIGTERM (priority-0 adverts, VIPs removed) and a fresh start of the daemon.
  'restart-keepalived': daemon(
    'Restart keepalived (SIGTERM, then start)',
    'restarted (SIGTERM, then start)',
    (n) => n.restart(),
  ),
  // ucarp's own process (a node with "implementation": "ucarp"); captures/carp/ records each.
  'start-ucarp': daemon('Start ucarp', 'started', (n) => n.start(), { restores: true }, 'ucarp'),
  'stop-ucarp': daemon(
    'Stop ucarp (SIGTERM)',
    'stopped (SIGTERM)',
    (n) => n.stop(),
    { undoneBy: ['start-ucarp'] },
    'ucarp',
  ),
  'kill-ucarp': daemon(
    'Kill ucarp (SIGKILL)',
    'killed (SIGKILL)',
    (n) => n.kill(),
    { undoneBy: ['start-ucarp'] },
    'ucarp',
  ),
  'start-process': {
    label: 'Start a process',
    params: { node: NODE, process: PROCESS },
    describe: (e) => `${e.process} started${on(e)}`,
    apply: (w, e) => withNode(w, e, (n) => n.setProcess(e.process ?? '', true)),
    undoneBy: [],
    restores: true,
  },
  'kill-process': {
    label: 'Kill a process',
    params: { node: NODE, process: PROCESS },
    describe: (e) => `${e.process} killed${on(e)}`,
    apply: (w, e) => withNode(w, e, (n) => n.setProcess(e.process ?? '', false)),
    undoneBy: ['start-process'],
    restores: false,
  },
  'link-down': link(false),
  'link-up': link(true),
  partition: {
    label: 'Partition the LAN',
    params: { groups: { kind: 'groups', required: true, label: 'Sides' } },
    describe: (e) => `partition ${(e.groups ?? []).map((g) => `[${g.join(', ')}]`).join(' | ')}`,
    apply: (w, e) => w.lan.partition(e.groups ?? []),
    undoneBy: ['heal'],
    restores: false,
    lan: true,
    noEffect: (e) =>
      (e.groups ?? []).filter((g) => g.length > 0).length < 2
        ? 'a partition needs at least two non-empty sides: with one side everyone still hears everyone'
        : null,
  },
  heal: {
    label: 'Heal the network',
    params: {},
    describe: () => 'network healed',
    apply: (w) => w.lan.heal(),
    undoneBy: [],
    restores: true,
    lan: true,
  },
  'block-multicast': {
    label: 'Block multicast one way',
    params: {
      from: { kind: 'string', required: true, label: 'From', ref: 'router' },
      to: { kind: 'string', required: true, label: 'To', ref: 'router' },
    },
    describe: (e) => `multicast blocked ${e.from} → ${e.to}`,
    apply: (w, e) => {
      if (e.from && e.to) w.lan.blockMulticast(e.from, e.to);
    },
    undoneBy: ['heal'],
    restores: false,
    lan: true,
    noEffect: (e) =>
      e.from && e.from === e.to ? 'a node never hears its own adverts: pick two nodes' : null,
  },
  'set-loss': {
    label: 'Set packet loss',
    params: { percent: { kind: 'number', required: true, label: 'Loss', min: 0, max: 100, unit: '%' } },
    describe: (e) => `loss ${e.percent ?? 0}%`,
    apply: (w, e) => {
      w.lan.lossPercent = e.percent ?? 0;
    },
    undoneBy: ['set-loss', 'heal'],
    restores: false,
    lan: true,
    startsFault: (e) => e.percent !== 0,
  },
  'set-latency': {
    label: 'Set latency',
    params: { ms: { kind: 'number', required: true, label: 'Latency', min: 0, max: 600_000, unit: 'ms' } },
    describe: (e) => `latency ${e.ms ?? 0} ms`,
    apply: (w, e) => {
      w.lan.latencyUs = Math.round((e.ms ?? 0) * 1000);
    },
    undoneBy: ['set-latency', 'heal'],
    restores: false,
    startsFault: (e) => e.ms !== 0,
  },
  'set-priority': {
    label: 'Set base priority',
    params: {
      node: NODE,
      instance: INSTANCE,
      priority: { kind: 'number', required: true, label: 'Priority', min: 1, max: 255, integer: true },
    },
    describe: (e) => `priority of ${e.instance} set to ${e.priority}${on(e)}`,
    apply: (w, e) =>
      withNode(w, e, (n) => {
        if (e.instance && e.priority !== undefined) n.setBasePriority(e.instance, e.priority);
      }),
    undoneBy: [],
    restores: false,
  },
  // §1.5, §2.2: the running instance's adver_int; the timing event follows, so the MDI shown follows.
  'set-advert-int': {
    label: 'Set advert interval',
    params: {
      node: NODE,
      instance: INSTANCE,
      seconds: { kind: 'number', required: true, label: 'Interval', min: 0.01, max: 255, unit: 's' },
    },
    describe: (e) => `advert interval of ${e.instance} set to ${e.seconds} s${on(e)}`,
    apply: (w, e) =>
      withNode(w, e, (n) => {
        if (e.instance && e.seconds !== undefined) n.setAdvertInterval(e.instance, e.seconds);
      }),
    undoneBy: [],
    restores: false,
  },
  'force-script': {
    label: 'Force a check script',
    params: {
      node: OPTIONAL_NODE,
      name: { kind: 'string', required: true, label: 'Script', ref: 'script' },
      result: { kind: 'result', required: true, label: 'Result' },
    },
    describe: (e) =>
      `script ${e.name} forced ${e.result === null || e.result === undefined ? 'off' : e.result ? 'to succeed' : 'to fail'}${on(e)}`,
    apply: (w, e) => w.forceScript(e.node, e.name ?? '', e.result ?? null),
    undoneBy: ['force-script'],
    restores: false,
    startsFault: (e) => e.result !== null && e.result !== undefined,
  },
};

export { ACTION_NAMES };

/** The one-line label of a scenario event. */
export function describeEvent(e: ScenarioEvent): string {
  return ACTION_SPECS[e.action]?.describe(e) ?? e.action;
}

/** The event's fields other than `at`, `action` and `note`, as the trace's fault events keep them. */
export function eventParams(e: ScenarioEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(ACTION_SPECS[e.action]?.params ?? {}) as (keyof ScenarioEvent)[])
    if (k !== 'node' && e[k] !== undefined) out[k] = e[k];
  return out;
}
