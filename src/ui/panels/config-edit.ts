/**
 * Scenario edits of the Config panel (pure: the panel keeps a draft and applies it with
 * `session.loadScenario`), and the text arithmetic of its line-numbered editor.
 */
import type { Scenario, ScenarioNode } from '../../lib/scenario/types';
import type { Diagnostic, TextPosition } from '../../lib/trace/diagnostic';
import { isTextPosition } from '../../lib/trace/diagnostic';
import { parseCidr } from '../../lib/net/address';
import { parseConfig } from '../../lib/config';

/** A node name not yet used in the scenario: `node-3`, `node-4`, … */
export function freeNodeName(scenario: Scenario, stem = 'node'): string {
  const taken = new Set(scenario.nodes.map((n) => n.name));
  for (let k = scenario.nodes.length + 1; ; k++) if (!taken.has(`${stem}-${k}`)) return `${stem}-${k}`;
}

/** The next free IPv4 host address in the subnet of `cidr`, or null when the subnet is full or not IPv4. */
export function nextFreeAddress(cidr: string, used: ReadonlySet<string>): string | null {
  const parsed = parseCidr(cidr);
  if (!parsed || parsed.family !== 'ipv4') return null;
  const octets = parsed.address.split('.').map(Number);
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const size = 2 ** (32 - parsed.prefix);
  const network = base - (base % size);
  for (let host = network + 2; host < network + size - 1; host++) {
    const text = [host >>> 24, (host >>> 16) & 255, (host >>> 8) & 255, host & 255].join('.');
    if (!used.has(text)) return `${text}/${parsed.prefix}`;
  }
  return null;
}

/** How far below the lowest priority of a VRID a new node starts: clear of the peers' weights. */
export const NEW_NODE_PRIORITY_GAP = 10;

/** The lowest base priority of each VRID among the scenario's nodes (as keepalived completes them). */
function lowestPriorities(scenario: Scenario): Map<number, number> {
  const low = new Map<number, number>();
  for (const n of scenario.nodes)
    for (const i of parseConfig(n.config, { file: n.name }).value.instances)
      if (i.vrid !== undefined) low.set(i.vrid, Math.min(low.get(i.vrid) ?? 255, i.priority));
  return low;
}

/** Whether two node lists are the same: names, addresses and everything else, configs compared as strings. */
export function sameNodes(a: readonly ScenarioNode[], b: readonly ScenarioNode[]): boolean {
  const rest = (n: ScenarioNode) => JSON.stringify({ ...n, config: '' });
  return a.length === b.length && a.every((n, k) => n.config === b[k].config && rest(n) === rest(b[k]));
}

/**
 * Whether two scenarios are the same, node by node: the configs, the bulk of a scenario, are compared
 * as strings, not as the JSON of them all (the Config panel asks on every keystroke and every run).
 */
export function sameScenario(a: Scenario | null, b: Scenario | null): boolean {
  if (!a || !b) return a === b;
  return (
    sameNodes(a.nodes, b.nodes) && JSON.stringify({ ...a, nodes: [] }) === JSON.stringify({ ...b, nodes: [] })
  );
}

const bare = (cidr: string) => cidr.split('/')[0];

/**
 * The config of a node added beside `template`: the template's config with its header comments
 * dropped (a Chef or Ansible banner names the template's host), the template's addresses replaced by
 * the new node's (unicast_src_ip, mcast_src_ip, unicast peers of itself), `router_id` set to the new
 * name, every instance `state BACKUP`, and its priority NEW_NODE_PRIORITY_GAP below the lowest of its
 * VRID, so that it neither ties nor takes over when added.
 */
export function newNodeConfig(
  scenario: Scenario,
  template: ScenarioNode,
  name: string,
  interfaces: Record<string, string[]>,
): string {
  const low = lowestPriorities(scenario);
  const swaps = new Map<string, string>();
  for (const [ifname, list] of Object.entries(template.interfaces))
    list.forEach((a, k) => {
      const mine = interfaces[ifname]?.[k];
      if (mine) swaps.set(bare(a), bare(mine));
    });
  const lines = template.config.split('\n');
  let start = 0;
  while (start < lines.length && /^\s*([#!].*)?$/.test(lines[start])) start++;
  const out: string[] = [
    `# ${name}: added beside ${template.name}, with its own addresses and a lower priority`,
  ];
  let inInstance = false;
  let depth = 0;
  let vrid: number | undefined;
  let priorityLine = -1;
  let vridLine = -1;
  const close = () => {
    if (vrid === undefined) return;
    const p = Math.max(1, (low.get(vrid) ?? 100) - NEW_NODE_PRIORITY_GAP);
    if (priorityLine >= 0) out[priorityLine] = out[priorityLine].replace(/priority\s+\S+/, `priority ${p}`);
    else if (vridLine >= 0) out.splice(vridLine + 1, 0, `${out[vridLine].match(/^\s*/)![0]}priority ${p}`);
  };
  for (const raw of lines.slice(start)) {
    let line = raw;
    for (const [from, to] of swaps)
      line = line.replace(
        new RegExp(`(^|[^\\w.:])${from.replace(/[.]/g, '\\.')}(?![\\w.:])`, 'g'),
        `$1${to}`,
      );
    line = line.replace(/^(\s*router_id\s+)\S+/, `$1${name}`);
    const code = line.replace(/[#!].*$/, '');
    if (/^\s*vrrp_instance\b/.test(code)) {
      inInstance = true;
      depth = 0;
      vrid = undefined;
      priorityLine = vridLine = -1;
    }
    if (inInstance) {
      const m = code.match(/^\s*virtual_router_id\s+(\d+)/);
      if (m) {
        vrid = Number(m[1]);
        vridLine = out.length;
      }
      if (/^\s*priority\s/.test(code) && depth === 1) priorityLine = out.length;
      line = line.replace(/^(\s*state\s+)MASTER\b/, '$1BACKUP');
    }
    out.push(line);
    if (inInstance) {
      depth += (code.match(/{/g) ?? []).length - (code.match(/}/g) ?? []).length;
      if (depth <= 0 && code.includes('}')) {
        close();
        inInstance = false;
      }
    }
  }
  return out.join('\n');
}

/**
 * A new node that joins the same segments as the last node: same interface names, the next free
 * addresses, and the last node's config made its own (newNodeConfig): its name, its addresses and a
 * lower priority.
 */
export function addNode(scenario: Scenario): Scenario {
  const template = scenario.nodes[scenario.nodes.length - 1];
  const name = freeNodeName(scenario);
  const used = new Set<string>();
  for (const n of [...scenario.nodes, ...(scenario.clients ?? []), ...(scenario.servers ?? [])]) {
    for (const list of Object.values(n.interfaces)) for (const a of list) used.add(a.split('/')[0]);
  }
  const interfaces: Record<string, string[]> = {};
  for (const [ifname, list] of Object.entries(template?.interfaces ?? { eth0: ['192.168.1.1/24'] })) {
    const next = list.length ? nextFreeAddress(list[0], used) : null;
    interfaces[ifname] = next ? [next] : [];
    if (next) used.add(next.split('/')[0]);
  }
  const node: ScenarioNode = {
    name,
    interfaces,
    config: template ? newNodeConfig(scenario, template, name, interfaces) : '',
    processes: template?.processes ? [...template.processes] : undefined,
  };
  return { ...scenario, nodes: [...scenario.nodes, node] };
}

/** The scenario without node `name`, and without the events that target it. */
export function removeNode(scenario: Scenario, name: string): Scenario {
  return {
    ...scenario,
    nodes: scenario.nodes.filter((n) => n.name !== name),
    events: scenario.events?.filter((e) => e.node !== name),
  };
}

/** The text offset of the start of 1-based `line` (clamped to the text). */
export function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let k = 1; k < line; k++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset;
}

/** The text offsets of a diagnostic's span, for selecting it in the editor. */
export function spanOffsets(text: string, at: TextPosition): { start: number; end: number } {
  const start = lineOffset(text, at.line) + Math.max(0, at.col - 1);
  const end = lineOffset(text, at.endLine) + Math.max(0, at.endCol - 1);
  return { start: Math.min(start, text.length), end: Math.min(Math.max(start, end), text.length) };
}

/**
 * Diagnostics in the order a reader should meet them: errors, then warnings, then info; within each,
 * by line and column, unpositioned ones last.
 */
export function sortDiagnostics<D extends Diagnostic>(list: readonly D[]): D[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const line = (d: Diagnostic) => (isTextPosition(d.at) ? d.at.line : Number.MAX_SAFE_INTEGER);
  const col = (d: Diagnostic) => (isTextPosition(d.at) ? d.at.col : 0);
  return [...list].sort(
    (a, b) => rank[a.severity] - rank[b.severity] || line(a) - line(b) || col(a) - col(b),
  );
}

/** A diagnostic's identity across re-parses, to tell which ones an edit added. */
export function diagnosticKey(d: Diagnostic & { node?: string }): string {
  const at = isTextPosition(d.at) ? `${d.at.line}:${d.at.col}` : '';
  return [d.node ?? '', d.code, d.severity, at, d.message].join('|');
}

/** `12:5` for a text position, `` for none. */
export function positionLabel(d: Diagnostic): string {
  return isTextPosition(d.at) ? `${d.at.line}:${d.at.col}` : '';
}
