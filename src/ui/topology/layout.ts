/**
 * Where each node of a trace is drawn, in the topology's own coordinates (the <svg> viewBox scales it
 * to any screen). Reading order follows the story's path: app servers on the left, the keepalived
 * routers in the middle, the DB servers on the right, all hanging off one LAN bus at the bottom.
 */
import type { Trace, TraceNode } from '../../lib/trace/types';
import {
  boxLines,
  clientLineCount,
  CLIENT_LINE0_Y,
  CLIENT_LINE_H,
  contentWidth,
  estimateText,
  type TextMeasure,
} from './box-content';

export interface Box {
  id: string;
  node: TraceNode;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Layout {
  boxes: Map<string, Box>;
  width: number;
  height: number;
  /** y of the LAN bus line. */
  busY: number;
  /** One label per segment: `eth2 · 192.168.3.0/24`. */
  busLabel: string;
}

/** Height of a VIP badge, and the gap it keeps from a box border or the LAN line, px. */
export const BADGE_H = 20;
export const BADGE_GAP = 5;
/** Free band above the boxes for the badges of the top router (a badge sits above its holder). */
const BADGE_BAND = BADGE_H + BADGE_GAP + 6;
/** The LAN line's distance below the lowest box, and the band below it for unheld badges and label. */
const BUS_DROP = 34;
const BELOW_BUS = BADGE_GAP + BADGE_H + 18;

export const ROUTER_W = 330;
export const ROUTER_HEAD = 52;
export const INSTANCE_ROW = 46;
export const CLIENT_W = 300;
export const SERVER_W = 150;
const GAP = 36;
/** Routers are further apart: adverts fly and VIP badges sit between them. */
const ROUTER_GAP = 70;
const COL_GAP = 110;
/** At least three routers per column; more when there are many, so the drawing stays near square. */
const MIN_ROUTERS_PER_COLUMN = 3;

export function routerHeight(instances: number): number {
  return ROUTER_HEAD + Math.max(1, instances) * INSTANCE_ROW + 8;
}

/** Title, address, then one line per hosts entry and per ARP address the trace ever shows. */
function clientHeight(trace: Trace, node: TraceNode): number {
  const lines = Math.max(1, clientLineCount(trace, node));
  return CLIENT_LINE0_Y + (lines - 1) * CLIENT_LINE_H + 14;
}

function column(
  nodes: TraceNode[],
  x: number,
  w: number,
  height: (n: TraceNode) => number,
  gap = GAP,
): Box[] {
  let y = 0;
  return nodes.map((node) => {
    const h = height(node);
    const box = { id: node.id, node, x, y, w, h };
    y += h + gap;
    return box;
  });
}

function centre(boxes: Box[], height: number): void {
  const used = boxes.length ? boxes[boxes.length - 1].y + boxes[boxes.length - 1].h : 0;
  const dy = (height - used) / 2;
  for (const b of boxes) b.y += dy;
}

function subnetOf(cidr: string | undefined): string {
  if (!cidr) return '';
  const [addr, prefix] = cidr.split('/');
  const p = Number(prefix);
  if (!addr.includes('.') || !(p >= 0 && p <= 32)) return cidr;
  const n = addr.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0);
  const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${p}`;
}

/** The widest content of `nodes`, or `min`: one width per column keeps the columns aligned. */
function columnWidth(trace: Trace, nodes: TraceNode[], min: number, measure: TextMeasure): number {
  return Math.max(min, ...nodes.map((n) => contentWidth(boxLines(trace, n), measure)));
}

/**
 * The LAN's label: its interface and subnet in a simulation. A capture knows neither the interface
 * name nor the prefix length (its nodes carry bare addresses), so it is only "the captured segment".
 */
function lanLabel(trace: Trace, itf: TraceNode['interfaces'][number] | undefined): string {
  if (trace.origin.source === 'capture') return 'captured segment';
  return itf ? `${itf.name} · ${subnetOf(itf.addresses[0])}` : 'LAN';
}

/** Below this width (CSS px) the topology is stacked in one column rather than shrunk. */
export const NARROW_WIDTH = 700;

export interface LayoutOptions {
  /**
   * One column, in the story's reading order (app servers, routers, DB servers), all boxes as wide as
   * the widest: on a phone the drawing keeps its type size instead of being scaled down to fit three
   * columns. Every drop meets at the column's centre, a spine down to the LAN line.
   */
  narrow?: boolean;
}

/** The narrow layout (see LayoutOptions.narrow). */
function stackedLayout(trace: Trace, measure: TextMeasure, count: Map<string, number>): Layout {
  const order = (['client', 'router', 'server'] as const).flatMap((role) =>
    trace.nodes.filter((n) => n.role === role),
  );
  const w = Math.max(ROUTER_W, ...order.map((n) => contentWidth(boxLines(trace, n), measure)));
  const height = (n: TraceNode) =>
    n.role === 'router'
      ? routerHeight(count.get(n.id) ?? 0)
      : n.role === 'client'
        ? clientHeight(trace, n)
        : 52;
  // The router gap leaves room for a VIP badge above each box and for adverts between routers.
  const boxes = column(order, 0, w, height, ROUTER_GAP);
  for (const b of boxes) b.y += BADGE_BAND;
  const last = boxes.at(-1);
  const busY = (last ? last.y + last.h : BADGE_BAND) + BUS_DROP;
  const itf = trace.nodes.find((n) => n.role === 'router')?.interfaces[0] ?? trace.nodes[0]?.interfaces[0];
  // Room for every VIP on its own row below the LAN label, should none be held (vip-badges.ts wraps).
  const vips = new Set(trace.routers.flatMap((r) => r.vips)).size;
  return {
    boxes: new Map(boxes.map((b) => [b.id, b])),
    width: w,
    height: busY + BELOW_BUS + 14 + vips * (BADGE_H + 6),
    busY,
    busLabel: lanLabel(trace, itf),
  };
}

/**
 * Boxes sized from their content: `measure` gives text widths (the renderer measures with the real
 * SVG fonts; the default estimates from character counts).
 */
export function computeLayout(
  trace: Trace,
  measure: TextMeasure = estimateText,
  options: LayoutOptions = {},
): Layout {
  const count = new Map<string, number>();
  for (const i of trace.instances) count.set(i.node, (count.get(i.node) ?? 0) + 1);
  if (options.narrow) return stackedLayout(trace, measure, count);
  const routers = trace.nodes.filter((n) => n.role === 'router');
  const clients = trace.nodes.filter((n) => n.role === 'client');
  const servers = trace.nodes.filter((n) => n.role === 'server');

  const clientW = columnWidth(trace, clients, CLIENT_W, measure);
  const routerW = columnWidth(trace, routers, ROUTER_W, measure);
  const serverW = columnWidth(trace, servers, SERVER_W, measure);
  const left = column(clients, 0, clientW, (n) => clientHeight(trace, n));
  const routerX = (clients.length ? clientW + COL_GAP : 0) + 20;
  const middle: Box[][] = [];
  const perColumn = Math.max(MIN_ROUTERS_PER_COLUMN, Math.ceil(Math.sqrt(routers.length)));
  for (let k = 0; k < routers.length; k += perColumn) {
    const x = routerX + middle.length * (routerW + GAP);
    middle.push(
      column(
        routers.slice(k, k + perColumn),
        x,
        routerW,
        (n) => routerHeight(count.get(n.id) ?? 0),
        ROUTER_GAP,
      ),
    );
  }
  const serverX = routerX + Math.max(1, middle.length) * (routerW + GAP) - GAP + COL_GAP;
  const right = column(servers, serverX, serverW, () => 52);

  const colHeight = (c: Box[]) => (c.length ? c[c.length - 1].y + c[c.length - 1].h : 0);
  const height = Math.max(200, colHeight(left), colHeight(right), ...middle.map(colHeight));
  for (const c of [left, right, ...middle]) centre(c, height);
  for (const b of [...left, ...middle.flat(), ...right]) b.y += BADGE_BAND;

  const boxes = new Map<string, Box>();
  for (const b of [...left, ...middle.flat(), ...right]) boxes.set(b.id, b);
  const itf = routers[0]?.interfaces[0] ?? trace.nodes[0]?.interfaces[0];
  const width = servers.length ? serverX + serverW : routerX + middle.length * (routerW + GAP);
  const busY = BADGE_BAND + height + BUS_DROP;
  return {
    boxes,
    width,
    height: busY + BELOW_BUS,
    busY,
    busLabel: lanLabel(trace, itf),
  };
}

/** The smallest text of the drawing, in layout units (`.sub` and `.hosts`, Topology.svelte). */
export const MIN_TEXT_UNITS = 11;
/** Margin of the viewBox left and right of the layout: the columns', and the stacked column's. */
export const VIEW_MARGIN = 20;
export const STACKED_MARGIN = 6;

export interface Drawing {
  narrow: boolean;
  /** Rendered px per layout unit. */
  scale: number;
}

/**
 * How the topology is drawn in a pane of `paneW` × `paneH` CSS px so that no text renders under
 * `floorPx`: the three columns scaled to fit when that keeps the type at the floor, else the stacked
 * column at the floor's scale (never below its own size) in a pane that scrolls. On a pane narrower
 * than that, the column is fitted to the width.
 */
export function chooseDrawing(
  columns: Pick<Layout, 'width' | 'height'>,
  stacked: Pick<Layout, 'width' | 'height'>,
  paneW: number,
  paneH: number,
  floorPx: number,
): Drawing {
  const floor = floorPx / MIN_TEXT_UNITS;
  // The pane's height follows its content in most pages (the columns keep their aspect ratio), so
  // only a pane shorter than that reduces the scale.
  const fit = Math.min(paneW / (columns.width + 2 * VIEW_MARGIN), paneH / columns.height);
  if (fit >= floor) return { narrow: false, scale: fit };
  const across = paneW / (stacked.width + 2 * STACKED_MARGIN);
  return { narrow: true, scale: Math.min(across, Math.max(floor, 1)) };
}
