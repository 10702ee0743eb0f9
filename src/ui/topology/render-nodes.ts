/**
 * D3 joins for the node boxes of the topology: routers with one row per vrrp_instance (state, effective
 * priority with its arithmetic, draining advert / master-down arcs), clients with /etc/hosts and their
 * ARP cache, servers behind the VIP. Everything is keyed (node id, instance id, address) so elements
 * keep their identity from frame to frame; names are only ever set with `.text()`.
 */
import { arc } from 'd3';
import type { Selection } from 'd3';
import type { Frame, InstanceFrame } from '../../lib/trace/frame';
import type { Micros, Trace, TraceInstance } from '../../lib/trace/types';
import type { Box, Layout } from './layout';
import { INSTANCE_ROW, ROUTER_HEAD } from './layout';
import { priorityText } from './priority-text';
import { stateVar } from '../theme/colors';

type G = Selection<SVGGElement, unknown, null, undefined>;

const drain = arc<number>()
  .innerRadius(6)
  .outerRadius(10)
  .startAngle(0)
  .endAngle((f) => 2 * Math.PI * f);

function remaining(timer: { setAt: Micros; deadline: Micros } | undefined, t: Micros): number {
  if (!timer || timer.deadline <= timer.setAt) return 0;
  return Math.max(0, Math.min(1, (timer.deadline - t) / (timer.deadline - timer.setAt)));
}

export interface NodeRenderContext {
  trace: Trace;
  layout: Layout;
  frame: Frame;
  t: Micros;
  selected: string | undefined;
  /** Node ids on the lit service path. */
  serving: Set<string>;
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
        .attr('class', (b) => `node role-${b.node.role}`)
        .attr('data-node', (b) => b.id)
        .attr('data-role', (b) => b.node.role)
        .attr('tabindex', 0)
        .attr('role', 'button')
        .attr('aria-haspopup', (b) => (b.node.role === 'router' ? 'menu' : null));
      // A button named by its own text (name, addresses, states, ARP cache), as it reads on screen.
      g.append('rect').attr('class', 'box').attr('rx', 8);
      g.append('text')
        .attr('class', 'title')

        .attr('x', 10)
        .attr('y', 24);
      g.append('text').attr('class', 'sub').attr('x', 10).attr('y', 42);
      return g;
    });
  groups
    .attr('transform', (b) => `translate(${b.x},${b.y})`)
    .attr('aria-pressed', (b) => (b.id === ctx.selected ? 'true' : 'false'))
    .attr('data-daemon', (b) => frame.nodes[b.id]?.daemon ?? null)
    .attr('data-serving', (b) => (ctx.serving.has(b.id) ? 'true' : null))
    .classed('selected', (b) => b.id === ctx.selected)
    .classed('serving', (b) => ctx.serving.has(b.id));
  groups
    .select('rect.box')
    .attr('width', (b) => b.w)
    .attr('height', (b) => b.h);
  groups.select('text.title').text((b) => b.node.name);
  groups.select('text.sub').text((b) => subtitle(b, ctx));
  groups.each(function (b) {
    const g = layer.select<SVGGElement>(`g.node[data-node="${CSS.escape(b.id)}"]`);
    if (b.node.role === 'router') renderInstances(g, byNode.get(b.id) ?? [], ctx);
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
  return [ip, `keepalived ${nf?.daemon ?? 'unknown'}`, procs].filter(Boolean).join(' · ');
}

function renderInstances(g: G, insts: TraceInstance[], ctx: NodeRenderContext): void {
  const rows = g
    .selectAll<SVGGElement, TraceInstance>('g.inst')
    .data(insts, (i) => i.id)
    .join((enter) => {
      const r = enter
        .append('g')
        .attr('class', 'inst')
        .attr('data-instance', (i) => i.id);
      r.append('rect')
        .attr('class', 'chip')
        .attr('x', 10)
        .attr('y', 0)
        .attr('width', 78)
        .attr('height', 20)
        .attr('rx', 4);
      r.append('text').attr('class', 'chip-text').attr('x', 49).attr('y', 14).attr('text-anchor', 'middle');
      r.append('text').attr('class', 'inst-label').attr('x', 96).attr('y', 14);
      r.append('text').attr('class', 'prio').attr('x', 10).attr('y', 36);
      r.append('path').attr('class', 'arc advert').attr('transform', 'translate(290,10)');
      r.append('path').attr('class', 'arc down').attr('transform', 'translate(314,10)');
      return r;
    })
    .attr('transform', (_i, k) => `translate(0,${ROUTER_HEAD + k * INSTANCE_ROW})`);
  const f = (i: TraceInstance): InstanceFrame | undefined => ctx.frame.instances[i.id];
  rows
    .attr('data-state', (i) => f(i)?.state ?? 'STOPPED')
    .attr('data-priority', (i) => f(i)?.priority ?? i.basePriority);
  rows.select('rect.chip').attr('fill', (i) => stateVar(f(i)?.state ?? 'STOPPED'));
  rows.select('text.chip-text').text((i) => f(i)?.state ?? 'STOPPED');
  rows.select('text.inst-label').text((i) => `VRID ${i.vrid} · ${i.name}`);
  rows.select('text.prio').text((i) => {
    const fi = f(i);
    return fi ? priorityText(fi) : `priority ${i.basePriority}`;
  });
  const arcOf = (name: 'advert' | 'master-down') => (i: TraceInstance) =>
    drain(remaining(f(i)?.timers[name], ctx.t)) ?? '';
  rows.select('path.advert').attr('d', arcOf('advert'));
  rows.select('path.down').attr('d', arcOf('master-down'));
  rows.select('path.advert').selectAll('title').data([0]).join('title').text('advert timer');
  rows.select('path.down').selectAll('title').data([0]).join('title').text('master-down timer');
}

function renderArp(g: G, b: Box, ctx: NodeRenderContext): void {
  const hosts = Object.entries(b.node.hosts ?? {}).map(([name, ip]) => `${ip} ${name}`);
  g.selectAll<SVGTextElement, string>('text.hosts')
    .data(hosts)
    .join('text')
    .attr('class', 'hosts')
    .attr('x', 10)
    .attr('y', (_h, k) => 62 + k * 18)
    .text((h) => h);
  const arp = Object.entries(ctx.frame.nodes[b.id]?.arp ?? {}).sort(([a], [c]) =>
    a.localeCompare(c, 'en', { numeric: true }),
  );
  const y0 = 62 + hosts.length * 18;
  g.selectAll<SVGTextElement, [string, string]>('text.arp')
    .data(arp, (d) => d[0])
    .join('text')
    .attr('class', 'arp')
    .attr('x', 10)
    .attr('y', (_d, k) => y0 + k * 18)
    .attr('data-arp-ip', (d) => d[0])
    .attr('data-arp-mac', (d) => d[1])
    .text((d) => `arp ${d[0]} → ${d[1]}`);
}
