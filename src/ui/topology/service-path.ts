/**
 * The app → VIP → haproxy → DB path at a moment: each client resolves the service name through its
 * /etc/hosts, reaches whichever node owns the MAC in its ARP cache for that address (that is where its
 * packets really go), and that node forwards to the backends if it holds the VIP and runs the balancer.
 */
import type { Frame } from '../../lib/trace/frame';
import type { Trace } from '../../lib/trace/types';

export interface PathHop {
  key: string;
  from: string;
  to: string;
  /** ok: the hop carries traffic; stale: the client still sends to a node that no longer has the VIP. */
  status: 'ok' | 'stale' | 'down';
}

export interface ServicePath {
  hops: PathHop[];
  /** Nodes that serve traffic now (balancer and backends). */
  serving: Set<string>;
}

export function servicePath(
  trace: Trace,
  frame: Frame,
  nodeByMac: (mac: string) => string | undefined,
): ServicePath {
  const hops: PathHop[] = [];
  const serving = new Set<string>();
  for (const svc of trace.services) {
    for (const client of trace.nodes.filter((n) => n.role === 'client')) {
      if (client.hosts?.[svc.name] !== svc.address) continue;
      const mac = frame.nodes[client.id]?.arp[svc.address];
      const target = mac ? nodeByMac(mac) : undefined;
      if (!target) continue;
      const nf = frame.nodes[target];
      const holds = Object.values(nf?.vips ?? {}).some((list) => list.includes(svc.address));
      const balancerUp = !svc.process || nf?.processes[svc.process] !== false;
      const ok = holds && balancerUp;
      hops.push({
        key: `${client.id}>${target}`,
        from: client.id,
        to: target,
        status: holds ? (ok ? 'ok' : 'down') : 'stale',
      });
      if (!ok) continue;
      serving.add(target);
      for (const b of svc.backends) {
        serving.add(b);
        hops.push({ key: `${target}>${b}`, from: target, to: b, status: 'ok' });
      }
    }
  }
  const unique = new Map(hops.map((h) => [h.key, h]));
  return { hops: [...unique.values()], serving };
}
