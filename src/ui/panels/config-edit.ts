/**
 * Scenario edits of the Config panel (pure: the panel keeps a draft and applies it with
 * `session.loadScenario`), and the text arithmetic of its line-numbered editor.
 */
import type { Scenario, ScenarioNode } from '../../lib/scenario/types';
import type { Diagnostic, TextPosition } from '../../lib/trace/diagnostic';
import { isTextPosition } from '../../lib/trace/diagnostic';
import { parseCidr } from '../../lib/net/address';

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

/**
 * A new node that joins the same segments as the last node: same interface names, the next free
 * addresses, its config copied as a backup starting point (priority unchanged; the user edits it).
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
    config: template?.config ?? '',
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

/** The text offsets of a diagnostic's span, for selecting it in the textarea. */
export function spanOffsets(text: string, at: TextPosition): { start: number; end: number } {
  const start = lineOffset(text, at.line) + Math.max(0, at.col - 1);
  const end = lineOffset(text, at.endLine) + Math.max(0, at.endCol - 1);
  return { start: Math.min(start, text.length), end: Math.min(Math.max(start, end), text.length) };
}

/** Number of lines, for the gutter. */
export function lineCount(text: string): number {
  let n = 1;
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
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
