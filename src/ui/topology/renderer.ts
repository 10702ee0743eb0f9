/**
 * The animated topology: D3 owns the one <svg> it is given (style.md §7). `update()` redraws from a
 * Frame and the virtual time t only; nothing moves on a d3 timer, so seeking, stepping back and
 * playback all show exactly the same picture for the same t.
 */
import { select, type Selection } from 'd3';
import type { Frame } from '../../lib/trace/frame';
import type { Micros, Trace } from '../../lib/trace/types';
import {
  BADGE_GAP,
  BADGE_H,
  chooseDrawing,
  computeLayout,
  MIN_TEXT_UNITS,
  STACKED_MARGIN,
  VIEW_MARGIN,
  type Box,
  type Drawing,
  type Layout,
} from './layout';
import { FlightIndex, flightDurationUs, type Flight, type Ring } from './flights';
import { renderNodes, type RowBand } from './render-nodes';
import { pathView, type PathHop } from './service-path';
import { nodeColours } from '../theme/colors';
import { attr, text } from './dom-write';
import { estimateText, type TextClass, type TextMeasure } from './box-content';
import { canvasFont, canvasMeasure, type ClassFont } from './text-width';
import { placeBadges } from './vip-badges';
import { vipHolders } from './vip-holders';
import { yieldToEventLoop } from '../state/yield';

/** Marks on a VIP held by more than one node: the clients' ARP target, and a holder they do not use. */
const ARP_MARK = '← ARP';
const STALE_MARK = '(stale)';
/** Another MASTER holding it: the other side of a dual master. */
const DUAL_MARK = '(dual master)';

interface VipBadge {
  /** The VIP for the primary badge, `${vip}@${node}` for another holder. */
  key: string;
  vip: string;
  holder: string | undefined;
  primary: boolean;
  /** The other nodes holding the same VIP now. */
  others: string[];
  /** The clients' ARP caches map the VIP to this holder's MAC. */
  arp: boolean;
  /** The holder is MASTER of an instance carrying the VIP. */
  master: boolean;
}

function badgeText(b: VipBadge): string {
  if (b.others.length === 0) return `VIP ${b.vip}`;
  if (b.arp) return `VIP ${b.vip} ${ARP_MARK}`;
  if (b.primary) return `VIP ${b.vip}`;
  return `VIP ${b.vip} ${b.master ? DUAL_MARK : STALE_MARK}`;
}

function badgeLabel(b: VipBadge, name: (id: string) => string): string {
  if (!b.holder) return `VIP ${b.vip} not held`;
  const also = b.others.length ? `; also held by ${b.others.map(name).join(', ')}` : '';
  const arp = b.arp
    ? "; the clients' ARP caches point here"
    : b.others.length && !b.primary
      ? `; ${b.master ? 'a dual master: ' : ''}the clients do not send to it here`
      : '';
  return `VIP ${b.vip} held by ${name(b.holder)}${also}${arp}`;
}

export interface TopologyHandlers {
  select(node: string): void;
  /** Open the node's context menu at a page position. */
  menu(node: string, x: number, y: number): void;
}

export interface TopologyState {
  trace: Trace;
  frame: Frame;
  t: Micros;
  speed: number;
  selected: string | undefined;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

/** A trace laid out for a pane, with the indexes drawing it needs. */
interface Prepared {
  trace: Trace;
  pane: { w: number; h: number; floor: number };
  drawing: Drawing;
  layout: Layout;
  flights: FlightIndex;
  colours: Map<string, string>;
  badgeW: Map<string, number>;
}

const centre = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });

/** Where the line from the centre of `a` towards the centre of `b` leaves `a` (adverts fly between
 * box edges, so they never cover a node's text). */
function edge(a: Box, b: Box): { x: number; y: number } {
  const ca = centre(a);
  const cb = centre(b);
  const dx = cb.x - ca.x;
  const dy = cb.y - ca.y;
  const k = Math.min(dx ? a.w / 2 / Math.abs(dx) : Infinity, dy ? a.h / 2 / Math.abs(dy) : Infinity, 1);
  return { x: ca.x + dx * k, y: ca.y + dy * k };
}

export class TopologyRenderer {
  #svg: Selection<SVGSVGElement, unknown, null, undefined>;
  #layers: Record<'lan' | 'path' | 'nodes' | 'vips' | 'flights' | 'rings', G>;
  #trace: Trace | null = null;
  #layout: Layout | null = null;
  #flights: FlightIndex | null = null;
  #colours = new Map<string, string>();
  #badgeW = new Map<string, number>();
  #labelEnd = 0;
  /** Stacked layout when the columns would render text under the floor (layout.ts chooseDrawing). */
  #pane = { w: 0, h: 0, floor: MIN_TEXT_UNITS };
  #drawing: Drawing = { narrow: false, scale: 1 };
  /** The stacked pane's scroll offset, CSS px. */
  #scrollTop = 0;
  /** The band whose instance rows are drawn; null draws them all (the columns fit the pane). */
  #rows: RowBand | null = null;

  constructor(svg: SVGSVGElement, handlers: TopologyHandlers) {
    this.#svg = select(svg);
    const layer = (name: string) => this.#svg.append('g').call(attr, 'class', `layer-${name}`) as G;
    this.#layers = {
      lan: layer('lan'),
      path: layer('path'),
      rings: layer('rings'),
      nodes: layer('nodes'),
      vips: layer('vips'),
      flights: layer('flights'),
    };
    const nodeOf = (ev: Event) =>
      (ev.target as Element | null)?.closest?.('g.node')?.getAttribute('data-node') ?? null;
    this.#svg
      .on('click', (ev: MouseEvent) => {
        const id = nodeOf(ev);
        if (id) handlers.select(id);
      })
      .on('contextmenu', (ev: MouseEvent) => {
        const id = nodeOf(ev);
        if (!id) return;
        ev.preventDefault();
        handlers.menu(id, ev.clientX, ev.clientY);
      })
      .on('keydown', (ev: KeyboardEvent) => {
        const id = nodeOf(ev);
        if (!id) return;
        if (ev.key === 'Enter' || (ev.key === ' ' && !ev.repeat)) {
          ev.preventDefault();
          ev.stopPropagation();
          handlers.select(id);
        } else if (ev.key === 'ContextMenu' || (ev.key === 'F10' && ev.shiftKey)) {
          ev.preventDefault();
          const r = (ev.target as Element).getBoundingClientRect();
          handlers.menu(id, r.left + 16, r.top + 16);
        }
      });
  }

  /**
   * The pane's size in CSS px and the smallest rendered text allowed there: lays the topology out
   * again when the columns would go under it. Returns the drawing, and whether it was laid out again
   * (an unchanged pane is not); null before the first trace.
   */
  setPane(w: number, h: number, floor: number): { drawing: Drawing; relaid: boolean } | null {
    const p = this.#pane;
    const same = w === p.w && h === p.h && floor === p.floor;
    if (!same) {
      if (floor !== p.floor) {
        this.#widths.clear();
        this.#canvas = undefined;
      }
      this.#pane = { w, h, floor };
      if (this.#trace) this.#setTrace(this.#trace);
    }
    return this.#trace ? { drawing: this.#drawing, relaid: !same } : null;
  }

  /**
   * The stacked pane's scroll offset, CSS px: returns whether the view left the band of rows drawn,
   * which is then drawn again around it (one pane's height above and below).
   */
  setScroll(top: number): boolean {
    this.#scrollTop = top;
    const view = this.#view();
    const band = this.#rows;
    if (!view || (band && view.top >= band.top && view.bottom <= band.bottom)) return false;
    this.#rows = this.#bandAround(view);
    return true;
  }

  /** What the pane shows of the stacked drawing, in layout units; null when the columns fit it. */
  #view(): RowBand | null {
    const { narrow, scale } = this.#drawing;
    if (!narrow || !(this.#pane.h > 0) || !(scale > 0)) return null;
    return { top: this.#scrollTop / scale, bottom: (this.#scrollTop + this.#pane.h) / scale };
  }

  #bandAround(view: RowBand | null): RowBand | null {
    if (!view) return null;
    const h = view.bottom - view.top;
    return { top: view.top - h, bottom: view.bottom + h };
  }

  get drawing(): Drawing {
    return this.#drawing;
  }

  /** Where the first router's badge band starts, in rendered px from the drawing's top. */
  routersTop(): number {
    const first = [...(this.#layout?.boxes.values() ?? [])]
      .filter((b) => b.node.role === 'router')
      .sort((a, b) => a.y - b.y)[0];
    return first ? Math.max(0, (first.y - BADGE_H - 2 * BADGE_GAP) * this.#drawing.scale) : 0;
  }

  update(s: TopologyState): void {
    if (s.trace !== this.#trace) this.#setTrace(s.trace);
    const layout = this.#layout!;
    const path = pathView(s.trace, s.frame);
    this.#svg.call(attr, 'data-t', s.t);
    this.#renderPath(layout, path.hops);
    renderNodes(this.#layers.nodes, {
      trace: s.trace,
      layout,
      frame: s.frame,
      t: s.t,
      selected: s.selected,
      serving: path.serving,
      rows: this.#rows,
    });
    this.#renderVips(layout, s);
    this.#renderFlights(layout, this.#flights!.flightsAt(s.t, flightDurationUs(s.speed)));
    this.#renderRings(layout, this.#flights!.ringsAt(s.t));
  }

  destroy(): void {
    this.#svg.on('click', null).on('contextmenu', null).on('keydown', null);
    this.#svg.selectAll('*').remove();
  }

  /**
   * Lays out a trace about to be shown (Session.prepareWith), a step per task before the swap: the
   * swap then finds its layout, flight index and badge widths ready.
   */
  async prepare(trace: Trace): Promise<void> {
    if (this.#isPrepared(trace)) return;
    const steps = this.#build(trace);
    for (let r = steps.next(); ; r = steps.next()) {
      if (r.done) {
        this.#prepared = r.value;
        return;
      }
      await yieldToEventLoop();
    }
  }

  /** What #setTrace draws from: made by prepare() beforehand, or then. */
  #prepared: Prepared | null = null;

  #isPrepared(trace: Trace): boolean {
    return this.#prepared?.trace === trace && this.#prepared.pane === this.#pane;
  }

  /** The layout and indexes of a trace for the current pane, pausing (yielding) between steps. */
  *#build(trace: Trace): Generator<void, Prepared> {
    const pane = this.#pane;
    const measure = this.#measurer();
    const columns = computeLayout(trace, measure);
    yield;
    const narrow = () => computeLayout(trace, measure, { narrow: true });
    const stacked = pane.w > 0 && pane.h > 0 ? narrow() : null;
    const drawing = stacked
      ? chooseDrawing(columns, stacked, pane.w, pane.h, pane.floor)
      : { narrow: false, scale: 1 };
    const layout = drawing.narrow ? (stacked ?? narrow()) : columns;
    yield;
    const flights = new FlightIndex(trace);
    yield;
    return {
      trace,
      pane,
      drawing,
      layout,
      flights,
      colours: nodeColours(trace.nodes.filter((n) => n.role === 'router').map((n) => n.id)),
      // Every text a badge can show (badgeText), measured once per trace.
      badgeW: new Map(
        trace.routers
          .flatMap((r) => r.vips)
          .flatMap((v) => [ARP_MARK, STALE_MARK, DUAL_MARK, ''].map((m) => `VIP ${v} ${m}`.trimEnd()))
          .map((t) => [t, Math.ceil(measure(t, 'vip') + 16)]),
      ),
    };
  }

  #setTrace(trace: Trace): void {
    this.#trace = trace;
    if (!this.#isPrepared(trace)) {
      const steps = this.#build(trace);
      let r = steps.next();
      while (!r.done) r = steps.next();
      this.#prepared = r.value;
    }
    const p = this.#prepared!;
    this.#drawing = p.drawing;
    this.#layout = p.layout;
    this.#flights = p.flights;
    this.#colours = p.colours;
    this.#badgeW = p.badgeW;
    this.#rows = this.#bandAround(this.#view());
    const { width, height, busY, busLabel } = this.#layout;
    const margin = this.#drawing.narrow ? STACKED_MARGIN : VIEW_MARGIN;
    this.#svg.call(attr, 'viewBox', `${-margin} 0 ${width + 2 * margin} ${height}`);
    const lan = this.#layers.lan;
    lan.selectAll('*').remove();
    lan
      .append('line')
      .call(attr, 'class', 'bus')
      .call(attr, 'x1', 0)
      .call(attr, 'x2', width)
      .call(attr, 'y1', busY)
      .call(attr, 'y2', busY);
    lan
      .append('text')
      .call(attr, 'class', 'bus-label')
      .call(attr, 'x', 4)
      .call(attr, 'y', busY + 20)
      .call(text, busLabel);
    this.#labelEnd = 4 + busLabel.length * 13 * 0.61;
    lan
      .selectAll('line.drop')
      .data([...this.#layout.boxes.values()], (b) => (b as Box).id)
      .join('line')
      .call(attr, 'class', 'drop')
      .call(attr, 'x1', (b) => b.x + b.w / 2)
      .call(attr, 'x2', (b) => b.x + b.w / 2)
      .call(attr, 'y1', (b) => b.y + b.h)
      .call(attr, 'y2', busY);
  }

  /** Text widths, kept across traces: a re-run (Apply, a fault) shows nearly the same texts. */
  #widths = new Map<string, number>();

  /**
   * Text widths in the fonts the boxes really use (text-width.ts), each measured once; the estimate
   * where there is no canvas.
   */
  #measurer(): TextMeasure {
    this.#canvas ??= canvasMeasure((cls) => this.#fontOf(cls));
    const cache = this.#widths;
    const measureText = this.#canvas;
    const measure = (s: string, cls: TextClass) => {
      const key = `${cls}\u0000${s}`;
      let w = cache.get(key);
      if (w === undefined) {
        const measured = measureText?.(s, cls) ?? 0;
        w = measured > 0 ? measured : estimateText(s, cls);
        cache.set(key, w);
      }
      return w;
    };
    return measure;
  }

  /** Widths from a canvas in the classes' fonts (text-width.ts); made again when the floor changes. */
  #canvas: TextMeasure | null | undefined;

  /** The font a text of class `cls` computes to, from a hidden element where the boxes' texts are. */
  #fontOf(cls: TextClass): ClassFont {
    const scratch = this.#svg.append('g').call(attr, 'class', 'node').call(attr, 'visibility', 'hidden');
    const el = scratch
      .append('text')
      .call(attr, 'class', cls === 'vip' ? 'vip-text' : cls)
      .node()!;
    const font = canvasFont(getComputedStyle(el));
    scratch.remove();
    return font;
  }

  #renderPath(layout: Layout, hops: PathHop[]): void {
    this.#layers.path
      .selectAll<SVGPathElement, PathHop>('path.hop')
      .data(
        hops.filter((h) => layout.boxes.has(h.from) && layout.boxes.has(h.to)),
        (h) => h.key,
      )
      .join('path')
      .call(attr, 'class', (h) => `hop ${h.status}`)
      .call(attr, 'data-hop', (h) => h.key)
      .call(attr, 'data-status', (h) => h.status)
      .call(attr, 'd', (h) => {
        const a = layout.boxes.get(h.from)!;
        const b = layout.boxes.get(h.to)!;
        const x1 = a.x + a.w;
        const y1 = a.y + a.h / 2;
        const x2 = b.x;
        const y2 = b.y + b.h / 2;
        const mx = (x1 + x2) / 2;
        return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
      });
  }

  /**
   * One badge per VIP and holder: SIGKILL leaves the VIPs on the killed node's interface while the new
   * master adds them too, so a VIP can sit on two nodes at once. The badge of the holder the clients'
   * ARP caches point at (else the MASTER, else the first) is `g.vip`; every other holder gets a dashed
   * `g.vip-also` badge that says the clients do not send to it.
   */
  #renderVips(layout: Layout, s: TopologyState): void {
    const held = vipHolders(s.trace, s.frame);
    const vips = [...new Set(s.trace.routers.flatMap((r) => r.vips))];
    const badges: VipBadge[] = vips.flatMap((v): VipBadge[] => {
      const h = held.get(v);
      if (!h)
        return [{ key: v, vip: v, holder: undefined, primary: true, others: [], arp: false, master: false }];
      return h.nodes.map((node) => ({
        key: node === h.primary ? v : `${v}@${node}`,
        vip: v,
        holder: node,
        primary: node === h.primary,
        others: h.nodes.filter((n) => n !== node),
        arp: h.arpTarget === node,
        master: h.masters.includes(node),
      }));
    });
    const widths = new Map(
      badges.map((b) => [b.key, this.#badgeW.get(badgeText(b)) ?? this.#badgeW.get(b.vip) ?? 146]),
    );
    const place = placeBadges(
      layout,
      badges.map((b) => b.key),
      new Map(badges.flatMap((b) => (b.holder ? [[b.key, b.holder] as const] : []))),
      widths,
      this.#labelEnd,
    );
    const name = (id: string) => s.trace.nodes.find((n) => n.id === id)?.name ?? id;
    const badge = this.#layers.vips
      .selectAll<SVGGElement, VipBadge>('g.vip, g.vip-also')
      .data(badges, (b) => b.key)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect').call(attr, 'rx', 10).call(attr, 'height', BADGE_H);
        g.append('text').call(attr, 'x', 8).call(attr, 'y', 14);
        return g;
      });
    badge
      .call(attr, 'class', (b) => (b.primary ? 'vip' : 'vip-also'))
      .call(attr, 'data-vip', (b) => (b.primary ? b.vip : null))
      .call(attr, 'data-vip-also', (b) => (b.primary ? null : b.vip))
      .call(attr, 'data-vip-holder', (b) => b.holder ?? '')
      .call(attr, 'data-vip-holders', (b) => (b.holder ? [b.holder, ...b.others].join(' ') : ''))
      .call(attr, 'data-arp-target', (b) => (b.arp ? 'true' : null))
      .call(attr, 'role', 'img')
      .call(attr, 'aria-label', (b) => badgeLabel(b, name))
      .classed('orphan', (b) => !b.holder)
      .classed('shared', (b) => b.others.length > 0)
      .call(attr, 'transform', (b) => `translate(${place.get(b.key)!.x},${place.get(b.key)!.y})`);
    badge
      .select('rect')
      .call(attr, 'width', (b) => place.get(b.key)!.w)
      .call(attr, 'fill', (b) => this.#colours.get(b.holder ?? '') ?? 'var(--state-stopped)');
    badge.select('text').call(text, badgeText);
  }

  #renderFlights(layout: Layout, flights: Flight[]): void {
    const pos = (f: Flight) => {
      const from = layout.boxes.get(f.from)!;
      const to = layout.boxes.get(f.to)!;
      const a = edge(from, to);
      const b = edge(to, from);
      const p = Math.min(1, f.progress);
      return { x: a.x + (b.x - a.x) * p, y: a.y + (b.y - a.y) * p };
    };
    const shown = flights.filter(
      (f) => layout.boxes.has(f.from) && layout.boxes.has(f.to) && f.progress <= 1,
    );
    const g = this.#layers.flights
      .selectAll<SVGGElement, Flight>('g.advert')
      .data(shown, (f) => f.key)
      .join((enter) => {
        const e = enter.append('g').call(attr, 'class', 'advert');
        e.append('circle').call(attr, 'r', 7);
        e.append('text')
          .call(attr, 'class', 'x')
          .call(attr, 'text-anchor', 'middle')
          .call(attr, 'y', 5)
          .call(text, '✕');
        return e;
      });
    g.call(attr, 'transform', (f) => {
      const p = pos(f);
      return `translate(${p.x},${p.y})`;
    })
      .call(attr, 'data-packet', (f) => f.packet)
      .call(attr, 'data-lost', (f) => (f.lost ? 'true' : null))
      .classed('lost', (f) => f.lost)
      .classed('unicast', (f) => !f.multicast);
    g.select('circle').call(attr, 'fill', (f) => this.#colours.get(f.from) ?? 'var(--accent)');
  }

  #renderRings(layout: Layout, rings: Ring[]): void {
    // A GARP burst: the node's outline ripples outwards and fades.
    const margin = (r: Ring) => 4 + r.progress * 40;
    this.#layers.rings
      .selectAll<SVGRectElement, Ring>('rect.garp')
      .data(
        rings.filter((r) => layout.boxes.has(r.node)),
        (r) => r.key,
      )
      .join('rect')
      .call(attr, 'class', 'garp')
      .call(attr, 'data-garp', (r) => r.node)
      .call(attr, 'rx', (r) => 8 + margin(r))
      .call(attr, 'x', (r) => layout.boxes.get(r.node)!.x - margin(r))
      .call(attr, 'y', (r) => layout.boxes.get(r.node)!.y - margin(r))
      .call(attr, 'width', (r) => layout.boxes.get(r.node)!.w + 2 * margin(r))
      .call(attr, 'height', (r) => layout.boxes.get(r.node)!.h + 2 * margin(r))
      .call(attr, 'opacity', (r) => 1 - r.progress);
  }
}
