/**
 * Every node that holds each VIP at a frame, and which of them the clients reach. A VIP can sit on two
 * nodes at once: SIGKILL leaves it on the killed node's interface (nothing removes it) while the new
 * master adds it, and in a dual master both masters add it. The clients send to the MAC their ARP
 * cache holds for the VIP, which is the holder that sent the last gratuitous ARP they heard.
 */
import type { Frame } from '../../lib/trace/frame';
import type { Trace } from '../../lib/trace/types';

export interface VipHold {
  /** Node ids holding the VIP now, in trace node order. */
  nodes: string[];
  /** The holder whose MAC most of the clients' ARP caches hold for the VIP, or null. */
  arpTarget: string | null;
  /** The holder drawn first: the ARP target, else a MASTER carrying the VIP, else the first holder. */
  primary: string;
  /** The holders that are MASTER of an instance carrying the VIP (two in a dual master). */
  masters: string[];
}

export function vipHolders(trace: Trace, frame: Frame): Map<string, VipHold> {
  const holders = new Map<string, string[]>();
  for (const n of trace.nodes) {
    const nf = frame.nodes[n.id];
    if (!nf) continue;
    for (const list of Object.values(nf.vips))
      for (const a of list) {
        const l = holders.get(a) ?? [];
        if (!l.includes(n.id)) l.push(n.id);
        holders.set(a, l);
      }
  }
  const macOwner = new Map<string, string>();
  for (const n of trace.nodes) for (const i of n.interfaces) macOwner.set(i.mac.toLowerCase(), n.id);
  const out = new Map<string, VipHold>();
  for (const [vip, nodes] of holders) {
    // Votes of the nodes that are not holders (clients, servers, backups) by the MAC they cache.
    const votes = new Map<string, number>();
    for (const n of trace.nodes) {
      if (nodes.includes(n.id)) continue;
      const mac = frame.nodes[n.id]?.arp[vip];
      const owner = mac ? macOwner.get(mac.toLowerCase()) : undefined;
      if (owner && nodes.includes(owner)) votes.set(owner, (votes.get(owner) ?? 0) + 1);
    }
    const arpTarget = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const masters = nodes.filter((node) =>
      trace.instances.some(
        (i) => i.node === node && i.vips.includes(vip) && frame.instances[i.id]?.state === 'MASTER',
      ),
    );
    out.set(vip, { nodes, arpTarget, primary: arpTarget ?? masters[0] ?? nodes[0], masters });
  }
  return out;
}
