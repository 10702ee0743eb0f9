/**
 * The app → VIP → haproxy → DB path at any moment: which node serves a service name now, and through
 * which MAC each client reaches it (§5.4: clients follow their ARP caches, which GARPs update).
 */
import type { Frame } from './frame';
import type { Trace } from './types';

export interface ClientPath {
  client: string;
  /** The address the client's /etc/hosts gives for the name. */
  address: string | null;
  /** The MAC the client sends to (its ARP cache), or null before it has learnt one. */
  mac: string | null;
  /** The node whose interface has that MAC. */
  node: string | null;
  /** True when that node holds the address now and runs the serving process. */
  served: boolean;
}

export interface ServicePath {
  name: string;
  address: string;
  /** Nodes holding the address now (two during a split brain). */
  holders: string[];
  /** Whether each holder runs the serving process (haproxy). */
  processUp: Record<string, boolean>;
  backends: string[];
  clients: ClientPath[];
}

/** Answers "who serves `name` at frame.t, and via which MAC does each client get there?". */
export function servicePath(trace: Trace, frame: Frame, name: string): ServicePath | null {
  const svc = trace.services.find((s) => s.name === name);
  if (!svc) return null;
  const macOwner = new Map<string, string>();
  for (const n of trace.nodes) for (const i of n.interfaces) macOwner.set(i.mac, n.id);
  for (const inst of trace.instances) {
    // use_vmac: the virtual MAC belongs to whichever node is MASTER of the instance.
    if (frame.instances[inst.id]?.state === 'MASTER')
      macOwner.set(`00:00:5e:00:01:${inst.vrid.toString(16).padStart(2, '0')}`, inst.node);
  }
  const holders = trace.nodes
    .filter((n) => Object.values(frame.nodes[n.id]?.vips ?? {}).some((l) => l.includes(svc.address)))
    .map((n) => n.id);
  const processUp: Record<string, boolean> = {};
  for (const h of holders)
    processUp[h] = svc.process ? frame.nodes[h]?.processes[svc.process] === true : true;
  const clients = trace.nodes
    .filter((n) => n.role === 'client')
    .map((c) => {
      const address = c.hosts?.[name] ?? null;
      const mac = address ? (frame.nodes[c.id]?.arp[address] ?? null) : null;
      const node = mac ? (macOwner.get(mac) ?? null) : null;
      return {
        client: c.id,
        address,
        mac,
        node,
        served: !!node && holders.includes(node) && processUp[node] === true,
      };
    });
  return { name, address: svc.address, holders, processUp, backends: svc.backends, clients };
}
