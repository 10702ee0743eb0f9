/**
 * D3 joins for the node boxes of the topology: routers with one row per vrrp_instance (state, effective
 * priority with its arithmetic, draining advert / master-down arcs), clients with /etc/hosts and their
 * ARP cache, servers behind the VIP. Everything is keyed (node id, instance id, address) so elements
 * keep their identity from frame to frame; names are only ever set with `.call(text, )`.
 */
import { select } from 'd3';
import type { Selection } from 'd3';
import type { Frame, InstanceFrame } from '../../lib/trace/frame';
import type { Micros, Trace, TraceInstance, VrrpState } from '../../lib/trace/types';
import type { Box, Layout } from './layout';
import { INSTANCE_ROW, ROUTER_HEAD } from './layout';
import { priorityText } from './priority-text';
import { carpNumbers, daemonName, instanceLabel } from './implementation';
import { stateVar } from '../theme/colors';
import { attr, setAttr, setText, text } from './dom-write';
import { cacheName, CLIENT_LINE0_Y, CLIENT_LINE_H, INST_LABEL_X, TEXT_X } from './box-content';

type G = Selection<SVGGElement, unknown, null, undefined>;

/** A capture cannot know an instance's state before it is heard: its initial INIT reads "unknown". */
export function stateLabel(trace: Trace, state: VrrpState): string {
  return trace.origin.source === 'capture' && state === 'INIT' ? 'unknown' : state;
}

function remaining(timer: { setAt: Micros; deadline: Micros } | undefined, t: Micros): number {
  if (!timer || timer.deadline <= timer.setAt) return 0;
  return Math.max(0, Math.min(1, (timer.deadline - t) / (timer.deadline - timer.setAt)));
}

/** "prod-haproxy-000: keepalived running, MASTER of VRID 200 (priority 100), BACKUP of VRID 201 (…)". */
function describeNode(box: Box, frame: Frame, insts: TraceInstance[], trace: Trace): string {
  const nf = frame.nodes[box.id];
  if (box.node.role !== 'router') {
    const arp = Object.entries(nf?.arp ?? {}).map(([ip, mac]) => `${ip} at ${mac}`);
    return [`${box.node.name}: ${box.node.role}`, ...arp].join(', ');
  }
  const states = insts.map((i) => {
    const f = frame.instances[i.id];
    const numbers = carpNumbers(i) ?? `priority ${f?.priority ?? i.basePriority}`;
    return `${stateLabel(trace, f?.state ?? 'STOPPED')} of ${instanceLabel(i)} (${numbers})`;
  });
  return [`${box.node.name}: ${daemonName(trace, box.id)} ${nf?.daemon ?? 'unknown'}`, ...states].join(', ');
}

export interface NodeRenderContext {
  trace: Trace;
  layout: Layout;
  frame: Frame;
  t: Micros;
  selected: string | undefined;
  /** Node ids on the lit service path. */
  serving: Set<string>;
  /** The band of the drawing whose instance rows are drawn (the pane's view and a margin), else all. */
  rows: RowBand | null;
}

/** A vertical band of the drawing, in layout units. */
export interface RowBand {
  top: number;
  bottom: number;
}

export function renderNodes(layer: G, ctx: NodeRenderContext): void {
  const { trace, layout, frame } = ctx;
  const byNode = new Map<string, TraceInstance[]>();
  for (const i of trace.instances) byNode.set(i.node, [...(byNode.get(i.node) ?? []), i]);
  const groups = layer
    .selectAll<SVGGElement, Box>('g.node')
    .data([...layout.boxes.values()], (b) => b.id)
    .join((enter) => {
      const g = enter
        .append('g')
        .call(attr, 'class', (b) => `node role-${b.node.role}`)
        .call(attr, 'data-node', (b) => b.id)
        .call(attr, 'data-role', (b) => b.node.role)
        .call(attr, 'tabindex', 0)
        // A focusable group with a short summary as its name (a button would have to be named by all
        // of its text); Enter selects it, the menu key opens its actions.
        .call(attr, 'role', 'group')
        .call(attr, 'aria-roledescription', 'node')
        .call(attr, 'aria-keyshortcuts', (b) =>
          b.node.role === 'router' ? 'Enter ContextMenu Shift+F10' : 'Enter',
        );
      g.append('rect').call(attr, 'class', 'box').call(attr, 'rx', 8);
      g.append('text')
        .call(attr, 'class', 'title')

        .call(attr, 'x', 10)
        .call(attr, 'y', 24);
      g.append('text').call(attr, 'class', 'sub').call(attr, 'x', 10).call(attr, 'y', 42);
      return g;
    });
  groups
    .call(attr, 'transform', (b) => `translate(${b.x},${b.y})`)
    .call(attr, 'aria-label', (b) => describeNode(b, frame, byNode.get(b.id) ?? [], trace))
    .call(attr, 'aria-current', (b) => (b.id === ctx.selected ? 'true' : null))
    .call(attr, 'data-daemon', (b) => frame.nodes[b.id]?.daemon ?? null)
    .call(attr, 'data-serving', (b) => (ctx.serving.has(b.id) ? 'true' : null))
    .classed('selected', (b) => b.id === ctx.selected)
    .classed('serving', (b) => ctx.serving.has(b.id));
  groups
    .select('rect.box')
    .call(attr, 'width', (b) => b.w)
    .call(attr, 'height', (b) => b.h);
  groups.select('text.title').call(text, (b) => b.node.name);
  groups.select('text.sub').call(text, (b) => subtitle(b, ctx));
  groups.each(function (b) {
    const g = select<SVGGElement, unknown>(this);
    if (b.node.role === 'router') renderInstances(g, b, byNode.get(b.id) ?? [], ctx);
    else if (b.node.role === 'client') renderArp(g, b, ctx);
  });
}

function subtitle(b: Box, ctx: NodeRenderContext): string {
  const nf = ctx.frame.nodes[b.id];
  const ip = b.node.interfaces[0]?.addresses[0]?.split('/')[0] ?? '';
  if (b.node.role !== 'router') return ip;
  const procs = Object.entries(nf?.processes ?? {})
    .map(([p, up]) => `${p} ${up ? 'up' : 'down'}`)
    .join(' · ');
  return [ip, `${daemonName(ctx.trace, b.id)} ${nf?.daemon ?? 'unknown'}`, procs].filter(Boolean).join(' · ');
}

/** A row's elements, kept from when it was made: a frame updates 2 048 rows without a query. */
interface RowElements {
  chip: SVGRectElement;
  chipText: SVGTextElement;
  label: SVGTextElement;
  prio: SVGTextElement;
  advert: SVGPathElement;
  down: SVGPathElement;
  /** Where the row was last placed (its y and its arcs' x): a frame of playback moves no row. */
  placed: string;
  /** What the row shows now, as last written: a frame compares with it, not with the DOM. */
  shown: string;
}
const rowElements = new WeakMap<SVGGElement, RowElements>();

/** A timer arc: a circle of radius 8 drawn clockwise from 12 o'clock, as a path of length 100. */
function arcPath(cx: number, top: number): string {
  return `M${cx},${top + 2}a8,8 0 1,1 0,16a8,8 0 1,1 0,-16`;
}

/** A new row's elements (placed and filled by renderInstances). */
function makeRow(r: SVGGElement): RowElements {
  const svg = (tag: string, cls: string) => {
    const el = r.appendChild(document.createElementNS('http://www.w3.org/2000/svg', tag));
    el.setAttribute('class', cls);
    return el;
  };
  const chip = svg('rect', 'chip') as SVGRectElement;
  for (const [k, v] of [
    ['x', 10],
    ['width', 78],
    ['height', 20],
    ['rx', 4],
  ] as const)
    chip.setAttribute(k, String(v));
  const chipText = svg('text', 'chip-text') as SVGTextElement;
  chipText.setAttribute('x', '49');
  chipText.setAttribute('text-anchor', 'middle');
  const label = svg('text', 'inst-label') as SVGTextElement;
  label.setAttribute('x', String(INST_LABEL_X));
  const prio = svg('text', 'prio') as SVGTextElement;
  prio.setAttribute('x', String(TEXT_X));
  // Timer arcs are dashed paths: draining one changes only stroke-dashoffset, which needs a repaint
  // but no layout (changing a path's geometry every frame costs far more).
  const arc = (cls: string, title: string) => {
    const p = svg('path', `arc ${cls}`) as SVGPathElement;
    p.setAttribute('pathLength', '100');
    p.setAttribute('stroke-dasharray', '100');
    p.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'title')).textContent = title;
    return p;
  };
  return {
    chip,
    chipText,
    label,
    prio,
    advert: arc('advert', 'advert timer'),
    down: arc('down', 'master-down timer'),
    placed: '',
    shown: '',
  };
}

/** Rows taken off screen, kept to be reused for rows coming into view (scrolling makes and drops many). */
const spareRows: SVGGElement[] = [];
const SPARE_ROWS_MAX = 512;

/** The instance rows a node group shows now, by instance id. */
const groupRows = new WeakMap<SVGGElement, Map<string, SVGGElement>>();

function newRow(): SVGGElement {
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  g.setAttribute('class', 'inst');
  rowElements.set(g, makeRow(g));
  return g;
}

/** The range of a node's rows (first, last) that meets the drawn band, else all of them. */
function rowsInBand(box: Box, count: number, band: RowBand | null): [number, number] {
  if (!band) return [0, count - 1];
  const top = box.y + ROUTER_HEAD;
  return [
    Math.max(0, Math.floor((band.top - top) / INSTANCE_ROW)),
    Math.min(count - 1, Math.floor((band.bottom - top) / INSTANCE_ROW)),
  ];
}

function renderInstances(g: G, box: Box, insts: TraceInstance[], ctx: NodeRenderContext): void {
  // The timer arcs keep to the box's right edge, whatever width its content gave it.
  const arcX = { advert: box.w - 40, down: box.w - 16 };
  // No transform on a row or an arc: each SVG transform is its own paint property node, and 64 nodes ×
  // 32 instances × 3 of them made every repaint of the page (a progress message, a frame of playback)
  // re-layerize 6 000 paint chunks, 30–50 ms of the main thread. Rows are placed by their children's
  // coordinates instead.
  // Only the rows in the drawn band exist: 2 048 rows are 19 000 elements, whose garbage collection
  // (V8's with Blink's heap, then Blink's sweeping) paused the main thread up to 147 ms. Rows leaving
  // the band go to a spare list and come back as rows entering it.
  const group = g.node()!;
  let shown = groupRows.get(group);
  if (!shown) groupRows.set(group, (shown = new Map()));
  const [first, last] = rowsInBand(box, insts.length, ctx.rows);
  const wanted = new Set(insts.slice(first, last + 1).map((i) => i.id));
  for (const [id, el] of shown) {
    if (wanted.has(id)) continue;
    el.remove();
    shown.delete(id);
    if (spareRows.length < SPARE_ROWS_MAX) spareRows.push(el);
  }
  const drain = (timer: { setAt: Micros; deadline: Micros } | undefined) =>
    (100 - 100 * remaining(timer, ctx.t)).toFixed(1);
  // Rows follow the box's title and subtitle, in instance order.
  let prev: Element = group.querySelector(':scope > text.sub')!;
  for (let k = first; k <= last; k++) {
    const i = insts[k]!;
    let el = shown.get(i.id);
    if (!el) {
      el = spareRows.pop() ?? newRow();
      el.setAttribute('data-instance', i.id);
      rowElements.get(el)!.shown = '';
      shown.set(i.id, el);
    }
    if (prev.nextSibling !== el) prev.after(el);
    prev = el;
    const row = rowElements.get(el)!;
    const y = ROUTER_HEAD + k * INSTANCE_ROW;
    const at = `${y},${arcX.advert},${arcX.down}`;
    if (row.placed !== at) {
      row.placed = at;
      setAttr(row.chip, 'y', y);
      setAttr(row.chipText, 'y', y + 14);
      setAttr(row.label, 'y', y + 14);
      setAttr(row.prio, 'y', y + 36);
      setAttr(row.advert, 'd', arcPath(arcX.advert, y));
      setAttr(row.down, 'd', arcPath(arcX.down, y));
    }
    const f: InstanceFrame | undefined = ctx.frame.instances[i.id];
    const state = f?.state ?? 'STOPPED';
    const label = stateLabel(ctx.trace, state);
    const priority = String(f?.priority ?? i.basePriority);
    const prio = carpNumbers(i) ?? (f ? priorityText(f) : `priority ${i.basePriority}`);
    const advert = drain(f?.timers.advert);
    const down = drain(f?.timers['master-down']);
    // Most rows do not change from one frame (or one run) to the next: nothing is read from the DOM.
    const now = [state, label, priority, prio, advert, down].join('\u0000');
    if (now === row.shown) continue;
    row.shown = now;
    setAttr(el, 'data-state', state);
    setAttr(el, 'data-priority', priority);
    setAttr(row.chip, 'fill', stateVar(label === 'unknown' ? 'STOPPED' : state));
    setText(row.chipText, label);
    setText(row.label, instanceLabel(i));
    setText(row.prio, prio);
    setAttr(row.advert, 'stroke-dashoffset', advert);
    setAttr(row.down, 'stroke-dashoffset', down);
  }
}

function renderArp(g: G, b: Box, ctx: NodeRenderContext): void {
  const hosts = Object.entries(b.node.hosts ?? {}).map(([name, ip]) => `${ip} ${name}`);
  g.selectAll<SVGTextElement, string>('text.hosts')
    .data(hosts)
    .join('text')
    .call(attr, 'class', 'hosts')
    .call(attr, 'x', TEXT_X)
    .call(attr, 'y', (_h, k) => CLIENT_LINE0_Y + k * CLIENT_LINE_H)
    .call(text, (h) => h);
  const arp = Object.entries(ctx.frame.nodes[b.id]?.arp ?? {}).sort(([a], [c]) =>
    a.localeCompare(c, 'en', { numeric: true }),
  );
  const y0 = CLIENT_LINE0_Y + hosts.length * CLIENT_LINE_H;
  g.selectAll<SVGTextElement, [string, string]>('text.arp')
    .data(arp, (d) => d[0])
    .join('text')
    .call(attr, 'class', 'arp')
    .call(attr, 'x', TEXT_X)
    .call(attr, 'y', (_d, k) => y0 + k * CLIENT_LINE_H)
    .call(attr, 'data-arp-ip', (d) => d[0])
    .call(attr, 'data-arp-mac', (d) => d[1])
    .call(text, (d) => `${cacheName(d[0])} ${d[0]} → ${d[1]}`);
}
