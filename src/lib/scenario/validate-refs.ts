/**
 * Scenario checks that need more than the JSON shape: the names an event refers to (nodes,
 * instances in that node's keepalived.conf, interfaces, processes) and the ranges of its values.
 * A typo here would otherwise run silently as a fault that does nothing.
 */
import { parseConfig } from '../config';
import { processOfCommand } from '../config/script-process';

/** Reports an error at a JSON path (`events/3/instance`). */
export type ReportAt = (path: string, message: string, code: string) => void;

interface NodeFacts {
  instances: Set<string>;
  interfaces: Set<string>;
  processes: Set<string>;
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** What each router node has: its instances (from its config), interfaces and known processes. */
function nodeFacts(top: Record<string, unknown>): Map<string, NodeFacts> {
  // Processes a scenario names anywhere: explicit script mappings and services (haproxy).
  const shared = new Set<string>();
  for (const s of Object.values(obj(top.scripts))) {
    const p = obj(s).process;
    if (typeof p === 'string') shared.add(p);
  }
  for (const s of list(top.services)) {
    const p = obj(s).process;
    if (typeof p === 'string') shared.add(p);
  }
  const facts = new Map<string, NodeFacts>();
  for (const n of list(top.nodes)) {
    const node = obj(n);
    if (typeof node.name !== 'string') continue;
    const config = typeof node.config === 'string' ? parseConfig(node.config).value : null;
    const processes = new Set([...shared, ...strings(node.processes)]);
    // A process the node's check scripts test is one it runs (`killall -0 haproxy`, §4.1).
    for (const s of config?.scripts ?? []) {
      const p = processOfCommand(s.script);
      if (p) processes.add(p);
    }
    facts.set(node.name, {
      instances: new Set((config?.instances ?? []).map((i) => i.name)),
      interfaces: new Set(Object.keys(obj(node.interfaces))),
      processes,
    });
  }
  return facts;
}

const known = (names: Iterable<string>) => {
  const all = [...names];
  return all.length ? ` (known: ${all.join(', ')})` : '';
};

/** Checks every event's references and value ranges; `report` positions each error at its key. */
export function checkEventReferences(top: Record<string, unknown>, report: ReportAt): void {
  const facts = nodeFacts(top);
  const hosts = new Set(facts.keys());
  for (const k of ['clients', 'servers'] as const)
    for (const h of list(top[k])) if (typeof obj(h).name === 'string') hosts.add(obj(h).name as string);
  list(top.events).forEach((raw, i) => {
    const e = obj(raw);
    const path = `events/${i}`;
    const node = typeof e.node === 'string' ? facts.get(e.node) : undefined;
    const on = ` on node "${String(e.node)}"`;
    if (e.action === 'set-priority') {
      if (node && typeof e.instance === 'string' && !node.instances.has(e.instance))
        report(
          `${path}/instance`,
          `no vrrp_instance "${e.instance}" in the config of node "${String(e.node)}"${known(node.instances)}`,
          'scenario.unknown-instance',
        );
      if (
        typeof e.priority === 'number' &&
        !(Number.isInteger(e.priority) && e.priority >= 1 && e.priority <= 255)
      )
        report(
          `${path}/priority`,
          `priority must be an integer within 1..255 (got ${e.priority})`,
          'scenario.bad-value',
        );
    }
    if ((e.action === 'link-down' || e.action === 'link-up') && node && typeof e.interface === 'string')
      if (!node.interfaces.has(e.interface))
        report(
          `${path}/interface`,
          `no interface "${e.interface}"${on}${known(node.interfaces)}`,
          'scenario.unknown-interface',
        );
    if (
      (e.action === 'kill-process' || e.action === 'start-process') &&
      node &&
      typeof e.process === 'string'
    )
      if (!node.processes.has(e.process))
        report(
          `${path}/process`,
          `no process "${e.process}"${on}: declare it in the node's "processes" or map a script to it${known(node.processes)}`,
          'scenario.unknown-process',
        );
    if (e.action === 'partition')
      list(e.groups).forEach((g, j) =>
        list(g).forEach((name, k) => {
          if (typeof name === 'string' && !hosts.has(name))
            report(
              `${path}/groups/${j}/${k}`,
              `partition group names no node "${name}"`,
              'scenario.unknown-node',
            );
        }),
      );
  });
}
