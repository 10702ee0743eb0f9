/**
 * What a node box may ever show over the whole trace, so the layout can size each box from its content
 * once (boxes must not change size while time moves): the longest subtitle (a process that goes down,
 * the longest daemon status), every priority arithmetic the trace reports, every ARP entry a client
 * learns. Pure: the widths come from a `TextMeasure` the renderer backs with the real SVG fonts.
 */
import type { Trace, TraceEvent, TraceNode } from '../../lib/trace/types';
import { priorityText } from './priority-text';
import { carpNumbers, daemonName, instanceLabel } from './implementation';

/** The SVG text classes of a node box (and the VIP badges), each with its own font (Topology.svelte). */
export type TextClass = 'title' | 'sub' | 'hosts' | 'arp' | 'inst-label' | 'prio' | 'vip';

/** Width in px of `text` drawn with the class's font. */
export type TextMeasure = (text: string, cls: TextClass) => number;

/** Font size (px) and a generous average advance (em) per class, for when no renderer can measure. */
const FONT: Record<TextClass, [size: number, advanceEm: number]> = {
  title: [15, 0.68],
  sub: [11.5, 0.61],
  hosts: [11.5, 0.61],
  arp: [12, 0.61],
  'inst-label': [12, 0.61],
  prio: [12, 0.61],
  vip: [12, 0.62],
};

/** An estimate from character counts: monospace classes are exact to a percent or two. */
export const estimateText: TextMeasure = (text, cls) => {
  const [size, em] = FONT[cls];
  return [...text].length * size * em;
};

/** Left edge of a box's lines; the instance label starts after the state chip. */
export const TEXT_X = 10;
export const INST_LABEL_X = 96;
/** Room right of an instance label for the two timer arcs (centres at w − 40 and w − 16, r 8). */
export const ARC_ROOM = 56;
/** Right padding of every line. */
export const PAD_RIGHT = 12;
/** Baseline of a client's first hosts/ARP line, and the line pitch, px. */
export const CLIENT_LINE0_Y = 62;
export const CLIENT_LINE_H = 18;

export interface BoxLine {
  cls: TextClass;
  x: number;
  text: string;
  /** Space to keep free right of the text. */
  room: number;
}

const DAEMON_STATUSES = ['running', 'stopped', 'killed', 'paused', 'unknown'];

/** Per node: the processes its events name and its priority events, gathered in one pass per trace. */
const eventsByNode = new WeakMap<
  Trace,
  Map<string, { processes: Set<string>; priorities: Extract<TraceEvent, { kind: 'priority' }>[] }>
>();

function nodeEvents(trace: Trace, node: string) {
  let map = eventsByNode.get(trace);
  if (!map) {
    map = new Map();
    const of = (id: string) => {
      let v = map!.get(id);
      if (!v) map!.set(id, (v = { processes: new Set(), priorities: [] }));
      return v;
    };
    for (const e of trace.events) {
      if (e.kind === 'process') of(e.node).processes.add(e.process);
      else if (e.kind === 'priority') of(e.node).priorities.push(e);
    }
    eventsByNode.set(trace, map);
  }
  return map.get(node) ?? { processes: new Set<string>(), priorities: [] };
}

function routerLines(trace: Trace, node: TraceNode): BoxLine[] {
  const events = nodeEvents(trace, node.id);
  const processes = new Set(node.processes ?? []);
  for (const p of events.processes) processes.add(p);
  const ip = node.interfaces[0]?.addresses[0]?.split('/')[0] ?? '';
  const longestStatus = DAEMON_STATUSES.reduce((a, b) => (b.length > a.length ? b : a));
  const sub = [
    ip,
    `${daemonName(trace, node.id)} ${longestStatus}`,
    [...processes].map((p) => `${p} down`).join(' · '),
  ]
    .filter(Boolean)
    .join(' · ');
  const lines: BoxLine[] = [{ cls: 'sub', x: TEXT_X, text: sub, room: PAD_RIGHT }];
  const mine = new Set<string>();
  for (const i of trace.instances) {
    if (i.node !== node.id) continue;
    mine.add(i.id);
    lines.push({ cls: 'inst-label', x: INST_LABEL_X, text: instanceLabel(i), room: ARC_ROOM });
    lines.push({
      cls: 'prio',
      x: TEXT_X,
      text: carpNumbers(i) ?? `priority ${i.basePriority}`,
      room: PAD_RIGHT,
    });
  }
  const seen = new Set<string>();
  for (const e of events.priorities) {
    if (!mine.has(e.instance)) continue;
    const text = priorityText({ priority: e.to, basePriority: e.base, terms: e.terms });
    if (seen.has(text)) continue;
    seen.add(text);
    lines.push({ cls: 'prio', x: TEXT_X, text, room: PAD_RIGHT });
  }
  return lines;
}

/** An IPv4 address is cached by ARP, an IPv6 one by neighbour discovery (`ip -6 neigh`). */
export function cacheName(address: string): 'arp' | 'nd' {
  return address.includes(':') ? 'nd' : 'arp';
}

/** Every `arp ip → mac` line a client shows at some time, one per address (the latest MAC's length). */
export function arpAddresses(trace: Trace, node: string): Map<string, string> {
  const arp = new Map<string, string>();
  for (const e of trace.events) if (e.kind === 'arp-cache' && e.node === node) arp.set(e.address, e.mac);
  return arp;
}

/** The lines of a client box: hosts entries then ARP entries (render-nodes.ts draws them in this order). */
export function clientLineCount(trace: Trace, node: TraceNode): number {
  return Object.keys(node.hosts ?? {}).length + arpAddresses(trace, node.id).size;
}

/** Box lines per trace and node: both layouts (columns, stacked) size the same boxes. */
const linesByTrace = new WeakMap<Trace, Map<string, BoxLine[]>>();

/** All the text a node's box may show, for sizing it. */
export function boxLines(trace: Trace, node: TraceNode): BoxLine[] {
  let byNode = linesByTrace.get(trace);
  if (!byNode) linesByTrace.set(trace, (byNode = new Map()));
  let lines = byNode.get(node.id);
  if (!lines) byNode.set(node.id, (lines = nodeLines(trace, node)));
  return lines;
}

function nodeLines(trace: Trace, node: TraceNode): BoxLine[] {
  const lines: BoxLine[] = [{ cls: 'title', x: TEXT_X, text: node.name, room: PAD_RIGHT }];
  if (node.role === 'router') return [...lines, ...routerLines(trace, node)];
  const ip = node.interfaces[0]?.addresses[0]?.split('/')[0] ?? '';
  lines.push({ cls: 'sub', x: TEXT_X, text: ip, room: PAD_RIGHT });
  for (const [name, addr] of Object.entries(node.hosts ?? {}))
    lines.push({ cls: 'hosts', x: TEXT_X, text: `${addr} ${name}`, room: PAD_RIGHT });
  for (const [addr, mac] of arpAddresses(trace, node.id))
    lines.push({ cls: 'arp', x: TEXT_X, text: `${cacheName(addr)} ${addr} → ${mac}`, room: PAD_RIGHT });
  return lines;
}

/** The width (px) a box needs to hold all its lines. */
export function contentWidth(lines: readonly BoxLine[], measure: TextMeasure): number {
  return Math.ceil(Math.max(0, ...lines.map((l) => l.x + measure(l.text, l.cls) + l.room)));
}
