/**
 * The animated topology: D3 owns the one <svg> it is given (style.md §7). `update()` redraws from a
 * Frame and the virtual time t only; nothing moves on a d3 timer, so seeking, stepping back and
 * playback all show exactly the same picture for the same t.
 */
import { select, type Selection } from 'd3';
import type { Frame } from '../../lib/trace/frame';
import type { Micros, Trace } from '../../lib/trace/types';
import { computeLayout, type Box, type Layout } from './layout';
import { FlightIndex, flightDurationUs, type Flight, type Ring } from './flights';
import { renderNodes } from './render-nodes';
import { pathView, type PathHop } from './service-path';
import { nodeColours } from '../theme/colors';

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

  constructor(svg: SVGSVGElement, handlers: TopologyHandlers) {
    this.#svg = select(svg);
    const layer = (name: string) => this.#svg.append('g').attr('class', `layer-${name}`) as G;
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

  update(s: TopologyState): void {
    if (s.trace !== this.#trace) this.#setTrace(s.trace);
    const layout = this.#layout!;
    const path = pathView(s.trace, s.frame);
    this.#svg.attr('data-t', s.t);
    this.#renderPath(layout, path.hops);
    renderNodes(this.#layers.nodes, {
      trace: s.trace,
      layout,
      frame: s.frame,
      t: s.t,
      selected: s.selected,
      serving: path.serving,
    });
    this.#renderVips(layout, s);
    this.#renderFlights(layout, this.#flights!.flightsAt(s.t, flightDurationUs(s.speed)));
    this.#renderRings(layout, this.#flights!.ringsAt(s.t));
  }

  destroy(): void {
    this.#svg.on('click', null).on('contextmenu', null).on('keydown', null);
    this.#svg.selectAll('*').remove();
  }

  #setTrace(trace: Trace): void {
    this.#trace = trace;
    this.#layout = computeLayout(trace);
    this.#flights = new FlightIndex(trace);
    this.#colours = nodeColours(trace.nodes.filter((n) => n.role === 'router').map((n) => n.id));
    const { width, height, busY, busLabel } = this.#layout;
    this.#svg.attr('viewBox', `-20 -20 ${width + 40} ${height + 30}`);
    const lan = this.#layers.lan;
    lan.selectAll('*').remove();
    lan.append('line').attr('class', 'bus').attr('x1', 0).attr('x2', width).attr('y1', busY).attr('y2', busY);
    lan
      .append('text')
      .attr('class', 'bus-label')
      .attr('x', 4)
      .attr('y', busY + 20)
      .text(busLabel);
    lan
      .selectAll('line.drop')
      .data([...this.#layout.boxes.values()], (b) => (b as Box).id)
      .join('line')
      .attr('class', 'drop')
      .attr('x1', (b) => b.x + b.w / 2)
      .attr('x2', (b) => b.x + b.w / 2)
      .attr('y1', (b) => b.y + b.h)
      .attr('y2', busY);
  }

  #renderPath(layout: Layout, hops: PathHop[]): void {
    this.#layers.path
      .selectAll<SVGPathElement, PathHop>('path.hop')
      .data(
        hops.filter((h) => layout.boxes.has(h.from) && layout.boxes.has(h.to)),
        (h) => h.key,
      )
      .join('path')
      .attr('class', (h) => `hop ${h.status}`)
      .attr('data-hop', (h) => h.key)
      .attr('data-status', (h) => h.status)
      .attr('d', (h) => {
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

  #renderVips(layout: Layout, s: TopologyState): void {
    const holders = new Map<string, string>();
    for (const [node, nf] of Object.entries(s.frame.nodes))
      for (const list of Object.values(nf.vips)) for (const a of list) holders.set(a, node);
    const vips = [...new Set(s.trace.routers.flatMap((r) => r.vips))];
    const slot = new Map<string, number>();
    const badge = this.#layers.vips
      .selectAll<SVGGElement, string>('g.vip')
      .data(vips, (v) => v)
      .join((enter) => {
        const g = enter
          .append('g')
          .attr('class', 'vip')
          .attr('data-vip', (v) => v);
        g.append('rect').attr('rx', 10).attr('height', 20);
        g.append('text').attr('x', 8).attr('y', 14);
        return g;
      });
    badge
      .attr('data-vip-holder', (v) => holders.get(v) ?? '')
      .attr('role', 'img')
      .attr('aria-label', (v) => `VIP ${v} ${holders.has(v) ? `held by ${holders.get(v)}` : 'not held'}`)
      .classed('orphan', (v) => !holders.has(v))
      .attr('transform', (v) => {
        const holder = holders.get(v);
        const box = holder ? layout.boxes.get(holder) : undefined;
        const k = slot.get(holder ?? '') ?? 0;
        slot.set(holder ?? '', k + 1);
        if (!box) return `translate(${layout.width / 2 - 75 + k * 154},${layout.busY - 34})`;
        return `translate(${box.x + box.w - 150 - k * 154},${box.y - 10})`;
      });
    badge
      .select('rect')
      .attr('width', 146)
      .attr('fill', (v) => this.#colours.get(holders.get(v) ?? '') ?? 'var(--state-stopped)');
    badge.select('text').text((v) => `VIP ${v}`);
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
        const e = enter.append('g').attr('class', 'advert');
        e.append('circle').attr('r', 7);
        e.append('text').attr('class', 'x').attr('text-anchor', 'middle').attr('y', 5).text('✕');
        return e;
      });
    g.attr('transform', (f) => {
      const p = pos(f);
      return `translate(${p.x},${p.y})`;
    })
      .attr('data-packet', (f) => f.packet)
      .attr('data-lost', (f) => (f.lost ? 'true' : null))
      .classed('lost', (f) => f.lost)
      .classed('unicast', (f) => !f.multicast);
    g.select('circle').attr('fill', (f) => this.#colours.get(f.from) ?? 'var(--accent)');
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
      .attr('class', 'garp')
      .attr('data-garp', (r) => r.node)
      .attr('rx', (r) => 8 + margin(r))
      .attr('x', (r) => layout.boxes.get(r.node)!.x - margin(r))
      .attr('y', (r) => layout.boxes.get(r.node)!.y - margin(r))
      .attr('width', (r) => layout.boxes.get(r.node)!.w + 2 * margin(r))
      .attr('height', (r) => layout.boxes.get(r.node)!.h + 2 * margin(r))
      .attr('opacity', (r) => 1 - r.progress);
  }
}
