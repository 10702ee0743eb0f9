/**
 * Node boxes sized from their content and VIP badges placed clear of borders and of the LAN line, on
 * the simulated seed scenario (haproxy killed on prod-haproxy-000, docs/vrrp-behaviour.md §4.8) with an
 * app server whose ARP cache learns the VIP.
 */
import { describe, expect, it } from 'vitest';
import { runWorld } from '../sim/harness';
import { iface, pandaRouters } from '../sim/model-fixtures';
import { computeLayout } from '../../../src/ui/topology/layout';
import { boxLines, contentWidth, estimateText } from '../../../src/ui/topology/box-content';
import { placeBadges } from '../../../src/ui/topology/vip-badges';

const A = 'prod-haproxy-000';

describe('topology layout', () => {
  const trace = runWorld(
    pandaRouters(),
    [{ at: 20.3, action: 'kill-process', node: A, process: 'haproxy' }],
    40,
    [
      {
        name: 'prod-app-000',
        role: 'client',
        interfaces: [iface('eth2', 'bc:76:4e:05:00:10', '192.168.3.10/24')],
        hosts: { 'prod-db-internal.panda.com': '192.168.3.200' },
      },
    ],
  );
  const layout = computeLayout(trace);

  it('makes every box at least as wide as its widest line, "haproxy down" included', () => {
    for (const box of layout.boxes.values()) {
      const content = boxLines(trace, box.node);
      expect(box.w).toBeGreaterThanOrEqual(contentWidth(content, estimateText));
    }
    const sub = boxLines(trace, layout.boxes.get(A)!.node).find((l) => l.cls === 'sub')!;
    expect(sub.text).toContain('haproxy down');
    const prio = boxLines(trace, layout.boxes.get(A)!.node).filter((l) => l.cls === 'prio');
    expect(prio.map((l) => l.text)).toContain('100 − 2 = 98: chk_haproxy failed');
  });

  it('gives a client a line per hosts entry and per ARP address the trace ever shows', () => {
    const app = layout.boxes.get('prod-app-000')!;
    const arp = new Set(
      trace.events.flatMap((e) => (e.kind === 'arp-cache' && e.node === app.id ? [e.address] : [])),
    );
    expect(arp.size).toBeGreaterThan(0);
    const lines = 1 + arp.size;
    // Last baseline (62 + 18·(lines − 1)) plus a descent and padding stays inside the box.
    expect(app.h).toBeGreaterThanOrEqual(62 + 18 * (lines - 1) + 4);
  });

  it('puts held badges above their holder and unheld ones below the LAN line', () => {
    const vips = ['192.168.3.200', '192.168.3.201', '10.0.0.9'];
    const holders = new Map([
      ['192.168.3.200', A],
      ['192.168.3.201', A],
    ]);
    const widths = new Map(vips.map((v) => [v, estimateText(`VIP ${v}`, 'vip') + 16]));
    const place = placeBadges(layout, vips, holders, widths, 200);
    const box = layout.boxes.get(A)!;
    for (const v of ['192.168.3.200', '192.168.3.201']) {
      const p = place.get(v)!;
      expect(p.y + 20).toBeLessThan(box.y);
      expect(p.x).toBeGreaterThanOrEqual(box.x);
      expect(p.x + p.w).toBeLessThanOrEqual(box.x + box.w);
    }
    const [a, b] = ['192.168.3.200', '192.168.3.201'].map((v) => place.get(v)!);
    expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y !== b.y).toBe(true);
    const orphan = place.get('10.0.0.9')!;
    expect(orphan.y).toBeGreaterThan(layout.busY + 3);
    expect(orphan.y + 20).toBeLessThanOrEqual(layout.height);
    expect(orphan.x).toBeGreaterThan(200);
  });
});
