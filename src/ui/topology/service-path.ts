/**
 * The app → VIP → haproxy → DB path as hops to draw, from the trace's answer (src/lib/trace
 * services.ts: each client reaches the node owning the MAC in its ARP cache).
 */
import type { Frame } from '../../lib/trace/frame';
import type { Trace } from '../../lib/trace/types';
import { servicePath } from '../../lib/trace/services';

export interface PathHop {
  key: string;
  from: string;
  to: string;
  /** ok: the hop carries traffic; stale: the client still sends to a node that no longer has the VIP;
   * down: that node has the VIP but its balancer is not running. */
  status: 'ok' | 'stale' | 'down';
}

export interface PathView {
  hops: PathHop[];
  /** Nodes that serve traffic now (balancer and backends). */
  serving: Set<string>;
}

export function pathView(trace: Trace, frame: Frame): PathView {
  const hops = new Map<string, PathHop>();
  const serving = new Set<string>();
  for (const svc of trace.services) {
    const path = servicePath(trace, frame, svc.name);
    if (!path) continue;
    for (const c of path.clients) {
      if (!c.node || c.address !== svc.address) continue;
      const status = c.served ? 'ok' : path.holders.includes(c.node) ? 'down' : 'stale';
      hops.set(`${c.client}>${c.node}`, { key: `${c.client}>${c.node}`, from: c.client, to: c.node, status });
      if (!c.served) continue;
      serving.add(c.node);
      for (const b of path.backends) {
        serving.add(b);
        hops.set(`${c.node}>${b}`, { key: `${c.node}>${b}`, from: c.node, to: b, status: 'ok' });
      }
    }
  }
  return { hops: [...hops.values()], serving };
}
