/**
 * The one validator of a scenario event, for scenario files (scenario/validate.ts), share links
 * (share/read-scenario.ts) and the app's Faults panel and node menu: the action is known, its fields
 * have the types and ranges the registry declares, the names it uses exist in the scenario (nodes,
 * instances in that node's keepalived.conf, interfaces, processes, scripts), and it changes something.
 */
import { parseConfig } from '../../config';
import { processOfCommand } from '../../config/script-process';
import type { ScenarioAction } from '../types';
import { ACTION_NAMES, ACTION_SPECS } from './registry';
import type { ParamRef, ParamSpec } from './types';

/** Reports a diagnostic at a JSON path (`events/3/instance`). */
export type ReportAt = (path: string, message: string, code: string, severity?: 'error' | 'warning') => void;

interface NodeFacts {
  /** The daemon the node runs (scenario node "implementation"). */
  implementation: 'keepalived' | 'ucarp';
  instances: Set<string>;
  interfaces: Set<string>;
  processes: Set<string>;
  scripts: Set<string>;
}

/** What an event may name: each router node's facts, and every host (routers, clients, servers). */
export interface ScenarioFacts {
  nodes: Map<string, NodeFacts>;
  hosts: Set<string>;
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** The facts of a scenario value (any shape: what is not there is simply not known). */
export function scenarioFacts(top: unknown): ScenarioFacts {
  const t = obj(top);
  // Processes a scenario names anywhere: explicit script mappings and services (haproxy).
  const shared = new Set<string>();
  for (const s of Object.values(obj(t.scripts)))
    if (typeof obj(s).process === 'string') shared.add(obj(s).process as string);
  for (const s of list(t.services))
    if (typeof obj(s).process === 'string') shared.add(obj(s).process as string);
  const nodes = new Map<string, NodeFacts>();
  for (const n of list(t.nodes)) {
    const node = obj(n);
    if (typeof node.name !== 'string') continue;
    const implementation = node.implementation === 'ucarp' ? 'ucarp' : 'keepalived';
    // A ucarp node's "config" is its command line: no instances nor scripts to name.
    const config =
      typeof node.config === 'string' && implementation === 'keepalived'
        ? parseConfig(node.config).value
        : null;
    const processes = new Set([...shared, ...strings(node.processes)]);
    // A process the node's check scripts test is one it runs (`killall -0 haproxy`, §4.1).
    for (const s of config?.scripts ?? []) {
      const p = processOfCommand(s.script);
      if (p) processes.add(p);
    }
    nodes.set(node.name, {
      implementation,
      instances: new Set((config?.instances ?? []).map((i) => i.name)),
      interfaces: new Set(Object.keys(obj(node.interfaces))),
      processes,
      scripts: new Set([...(config?.scripts ?? []).map((s) => s.name), ...Object.keys(obj(t.scripts))]),
    });
  }
  const hosts = new Set(nodes.keys());
  for (const k of ['clients', 'servers'] as const)
    for (const h of list(t[k])) if (typeof obj(h).name === 'string') hosts.add(obj(h).name as string);
  return { nodes, hosts };
}

const known = (names: Iterable<string>) => {
  const all = [...names];
  return all.length ? ` (known: ${all.join(', ')})` : '';
};

function typeOk(p: ParamSpec, v: unknown): boolean {
  switch (p.kind) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'result':
      return typeof v === 'boolean' || v === null;
    case 'groups':
      return Array.isArray(v) && v.every((g) => Array.isArray(g) && g.every((x) => typeof x === 'string'));
  }
}

const TYPE_TEXT: Record<ParamSpec['kind'], string> = {
  string: 'a string',
  number: 'a number',
  result: 'true, false or null',
  groups: 'a list of lists of node names',
};

/** Every field any action takes, with a spec (the first declared) for its type. */
export const EVENT_FIELDS: Record<string, ParamSpec> = Object.fromEntries(
  ACTION_NAMES.flatMap((a) => Object.entries(ACTION_SPECS[a].params)).reverse(),
);

/**
 * Checks one event at `path`. Returns the action when the event's shape is right (known action,
 * typed fields, the required ones present), so a caller may keep it; name and range errors are
 * reported but do not change that.
 */
export function checkEvent(
  raw: unknown,
  path: string,
  facts: ScenarioFacts,
  report: ReportAt,
): ScenarioAction | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report(path, 'must be an object', 'scenario.invalid');
    return null;
  }
  const e = raw as Record<string, unknown>;
  let shapeOk = true;
  for (const [k, v] of Object.entries(e)) {
    const p = `${path}/${k}`;
    if (k === 'at' || k === 'note') {
      if (typeof v !== (k === 'at' ? 'number' : 'string') || (k === 'at' && !Number.isFinite(v))) {
        report(p, `"${k}" must be ${k === 'at' ? 'a number' : 'a string'}`, 'scenario.bad-type');
        shapeOk = false;
      }
    } else if (k === 'action') {
      if (typeof v !== 'string') {
        report(p, '"action" must be a string', 'scenario.bad-type');
        shapeOk = false;
      }
    } else if (!(k in EVENT_FIELDS)) {
      report(
        p,
        `unknown field "${k}" (allowed: at, action, note, ${Object.keys(EVENT_FIELDS).join(', ')})`,
        'scenario.unknown-field',
      );
      shapeOk = false;
    } else if (!typeOk(EVENT_FIELDS[k], v)) {
      report(p, `"${k}" must be ${TYPE_TEXT[EVENT_FIELDS[k].kind]}`, 'scenario.bad-type');
      shapeOk = false;
    }
  }
  for (const k of ['at', 'action'])
    if (!(k in e)) {
      report(path, `missing "${k}"`, 'scenario.missing-field');
      shapeOk = false;
    }
  if (typeof e.action !== 'string') return null;
  const action = e.action as ScenarioAction;
  const spec = ACTION_SPECS[action];
  if (!spec) {
    report(
      `${path}/action`,
      `unknown action "${e.action}" (known: ${ACTION_NAMES.join(', ')})`,
      'scenario.unknown-action',
    );
    return null;
  }
  if (typeof e.at === 'number' && e.at < 0)
    report(`${path}/at`, '"at" must be ≥ 0 seconds', 'scenario.bad-value');
  const params = spec.params as Record<string, ParamSpec>;
  for (const [k, p] of Object.entries(params))
    if (p.required && !(k in e)) {
      report(path, `action "${action}" needs "${k}"`, 'scenario.missing-field');
      shapeOk = false;
    }
  for (const k of Object.keys(e))
    if (k in EVENT_FIELDS && !(k in params))
      report(
        `${path}/${k}`,
        `"${k}" has no meaning for action "${action}"; ignored`,
        'scenario.unused-field',
        'warning',
      );
  for (const [k, p] of Object.entries(params)) {
    const v = e[k];
    if (v === undefined || !typeOk(p, v)) continue;
    checkValue(k, p, v, e, `${path}/${k}`, facts, report);
  }
  if (!shapeOk) return null;
  const why = spec.noEffect?.(e as never);
  if (why) report(path, `${spec.label}: ${why}`, 'scenario.no-effect');
  return action;
}

/** Ranges, empty names and what a name refers to. */
function checkValue(
  k: string,
  p: ParamSpec,
  v: unknown,
  e: Record<string, unknown>,
  path: string,
  facts: ScenarioFacts,
  report: ReportAt,
): void {
  if (p.kind === 'number') {
    const n = v as number;
    const lo = p.min ?? -Infinity;
    const hi = p.max ?? Infinity;
    if (n < lo || n > hi || (p.integer && !Number.isInteger(n)))
      report(
        path,
        `${k} must be ${p.integer ? 'an integer ' : ''}within ${lo}..${hi}${p.unit ? ` ${p.unit}` : ''} (got ${n})`,
        'scenario.bad-value',
      );
    return;
  }
  if (p.kind === 'groups') {
    (v as string[][]).forEach((g, j) =>
      g.forEach((name, i) => {
        if (!facts.hosts.has(name))
          report(`${path}/${j}/${i}`, `partition group names no node "${name}"`, 'scenario.unknown-node');
      }),
    );
    return;
  }
  if (p.kind !== 'string' || !p.ref) return;
  const s = v as string;
  if (s === '') {
    report(path, `"${k}" is empty: name a ${p.ref}`, 'scenario.bad-value');
    return;
  }
  checkRef(p.ref, s, e, path, facts, report);
}

function checkRef(
  ref: ParamRef,
  s: string,
  e: Record<string, unknown>,
  path: string,
  facts: ScenarioFacts,
  report: ReportAt,
): void {
  if (ref === 'router') {
    const n = facts.nodes.get(s);
    const wants = ACTION_SPECS[e.action as ScenarioAction]?.daemon;
    if (!n) report(path, `no node named "${s}"`, 'scenario.unknown-node');
    else if (wants && n.implementation !== wants)
      report(
        path,
        `node "${s}" runs ${n.implementation}, not ${wants}: use ${String(e.action).replace(wants, n.implementation)}`,
        'scenario.wrong-implementation',
      );
    return;
  }
  const nodeName = typeof e.node === 'string' ? e.node : undefined;
  const node = nodeName ? facts.nodes.get(nodeName) : undefined;
  const on = ` on node "${String(nodeName)}"`;
  switch (ref) {
    case 'instance':
      if (node && !node.instances.has(s))
        report(
          path,
          `no vrrp_instance "${s}" in the config of node "${nodeName}"${known(node.instances)}`,
          'scenario.unknown-instance',
        );
      return;
    case 'interface':
      if (node && !node.interfaces.has(s))
        report(path, `no interface "${s}"${on}${known(node.interfaces)}`, 'scenario.unknown-interface');
      return;
    case 'process':
      if (node && !node.processes.has(s))
        report(
          path,
          `no process "${s}"${on}: declare it in the node's "processes" or map a script to it${known(node.processes)}`,
          'scenario.unknown-process',
        );
      return;
    case 'script': {
      // With a node: that node's scripts; without: a script some node has.
      const nodes = node ? [node] : nodeName ? [] : [...facts.nodes.values()];
      if (nodeName && !node) return;
      if (!nodes.some((n) => n.scripts.has(s))) {
        const all = new Set(nodes.flatMap((n) => [...n.scripts]));
        report(
          path,
          `no vrrp_script "${s}"${node ? on : ' on any node'}${known(all)}`,
          'scenario.unknown-script',
        );
      }
      return;
    }
  }
}
