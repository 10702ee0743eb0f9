/**
 * Builds the shared Trace (src/lib/trace/types.ts) from an analysed capture, so the simulator's
 * renderer replays it. Nodes are inferred from source address + MAC, instances per (node, VRID);
 * state changes are observed (trace-states.ts) and so are advertised priorities (trace-priority.ts).
 * Only the first `rows` index rows become objects.
 */
import { newLayout } from '../pcap/layout';
import { packetOf } from './trace-packet';
import { priorityEvents } from './trace-priority';
import { timingEvents } from './trace-timing';
import { observedStates } from './trace-states';
import { takeoversOf } from './capture-masters';
import {
  instanceId,
  carpRouterKey,
  routerKey,
  type Implementation,
  type Trace,
  type TraceEvent,
  type TraceInstance,
  type TraceNode,
  type TracePacket,
} from '../trace/types';
import type { Diagnostic } from '../trace/diagnostic';
import type { EvidenceRef } from '../trace/cause';
import type { Names } from './endpoints';
import type { KeptFrame } from './indexer';
import { matchInstance, type ConfigInstance } from './naming';
import * as P from './packet-index';
import type { Anomaly } from './report';
import type { RouterAnalysis } from './routers';
import type { CarpRouterAnalysis } from './carp-routers';
import { carpStates } from './trace-carp';

export interface TraceInput {
  name: string;
  epochUs: number;
  endUs: number;
  ix: P.PacketIndex;
  names: Names;
  routers: RouterAnalysis[];
  carp: CarpRouterAnalysis[];
  anomalies: Anomaly[];
  kept: KeptFrame[];
  hosts: Map<string, string>;
  configs: ConfigInstance[];
  diagnostics: Diagnostic[];
  /** The tie-break comparison of two endpoints' addresses (§2.6.1). */
  compare(a: number, b: number): number;
}

const LAN = 'lan';

/**
 * keepalived sends from the interface's own MAC unless `use_vmac` is set; FRR's vrrpd always sends
 * from its macvlan's virtual MAC (00:00:5e:00:01:VRID, or 00:00:5e:00:02:VRID over IPv6). A VMAC
 * source is therefore read as FRR (keepalived with use_vmac looks the same on the wire).
 */
function vrrpImplementation(mac: string): Implementation {
  return mac.startsWith('00:00:5e:00:01:') || mac.startsWith('00:00:5e:00:02:') ? 'frr' : 'keepalived';
}

export function buildTrace(inp: TraceInput): Trace {
  const { ix, names } = inp;
  const packetOfRow = new Map(inp.kept.map((k, i) => [k.row, i]));
  const evidence = (row: number): EvidenceRef => ({
    kind: 'packet',
    t: ix.tUs[row],
    source: 0,
    packet: packetOfRow.get(row) ?? -1,
  });
  const rowLimit = inp.kept.length > 0 ? inp.kept[inp.kept.length - 1].row + 1 : 0;
  const nodeOf = new Map<number, string>();
  const nodes = new Map<string, TraceNode>();
  const instances = new Map<string, TraceInstance>();
  const events: TraceEvent[] = [];

  const node = (endpoint: number, vrid: number, prio: number): string => {
    let id = nodeOf.get(endpoint);
    if (id) return id;
    const e = names.endpoint(endpoint);
    const cfg = matchInstance(inp.configs, e.address, vrid, prio);
    // IANA's 00:00:5e block: VRRP's VMACs (00:00:5e:00:01/02:VRID) and the virtual MAC ucarp sends
    // CARP from (00:00:5e:00:00:vhid, captures/carp/) are shared by every node of the group.
    const vmac = e.mac.startsWith('00:00:5e:00:');
    // The same node: same NIC MAC, or (VMACs move between nodes, §1.8) the same address.
    const same = [...nodes.values()].find((n) =>
      n.interfaces.some((i) => (e.mac && !vmac ? i.mac === e.mac : i.addresses.includes(e.address))),
    );
    if (same) {
      if (!same.interfaces[0].addresses.includes(e.address)) same.interfaces[0].addresses.push(e.address);
      id = same.id;
    } else {
      const named = inp.hosts.get(e.address) ?? names.node(endpoint) ?? cfg?.node;
      id = named ?? e.address;
      const taken = nodes.get(id);
      // A name given by the hosts file or a config is the only identity a node has when neither
      // side shows its own NIC MAC: the two addresses are one machine. Two NIC MACs under one
      // name are two machines, kept apart and said so.
      const macOf = (mac: string) => (mac && !mac.startsWith('00:00:5e:00:') ? mac : '');
      const taggedMacs = taken ? taken.interfaces.map((i) => macOf(i.mac)).filter(Boolean) : [];
      if (taken && named && (!macOf(e.mac) || taggedMacs.length === 0)) {
        taken.interfaces[0].addresses.push(e.address);
        nodeOf.set(endpoint, id);
        return id;
      }
      if (taken) {
        const base = id;
        while (nodes.has(id)) id = `${id}′`;
        inp.diagnostics.push({
          code: 'analysis.name-shared',
          severity: 'warning',
          message: `${e.address} and ${taken.interfaces[0].addresses.join(', ')} are both named ${base}, but they send from different MACs (${e.mac} and ${taggedMacs.join(', ')}): shown as two nodes, ${taken.id} and ${id}`,
        });
      }
      nodes.set(id, {
        id,
        name: id,
        role: 'router',
        interfaces: [{ name: 'capture', mac: e.mac, addresses: [e.address] }],
      });
    }
    nodeOf.set(endpoint, id);
    return id;
  };

  const elsewhere = takeoversOf(inp.routers);
  for (const r of inp.routers) {
    const rk = routerKey(r.family, r.vrid);
    const configured = new Set<string>();
    const inst = (endpoint: number, row: number): string => {
      const n = node(endpoint, r.vrid, ix.prio[row]);
      const cfg = matchInstance(inp.configs, names.endpoint(endpoint).address, r.vrid, ix.prio[row]);
      const name = cfg?.name ?? `VI_${r.vrid}`;
      const id = instanceId(n, name);
      if (cfg) configured.add(id);
      if (!instances.has(id))
        instances.set(id, {
          id,
          node: n,
          name,
          vrid: r.vrid,
          family: r.family,
          version: ix.flags[row] & P.FLAG_V3 ? 3 : 2,
          interface: 'capture',
          basePriority: cfg?.priority ?? ix.prio[row],
          advertIntervalCs: ix.intervalCs[row],
          vips: names.vips(ix.vips[row]),
          router: rk,
          preempt: true,
          implementation: vrrpImplementation(names.endpoint(endpoint).mac),
        });
      return id;
    };
    const observed = observedStates({
      router: r,
      ix,
      rowLimit,
      speaker: (endpoint, row) => {
        const id = inst(endpoint, row);
        return { id, node: nodeOf.get(endpoint)!, configured: configured.has(id) };
      },
      address: (endpoint) => names.endpoint(endpoint).address,
      vips: (row) => names.vips(ix.vips[row]),
      evidence,
      compare: inp.compare,
      elsewhere,
      ...(rowLimit >= ix.length ? { endUs: inp.endUs } : {}),
    });
    events.push(...observed.events);
    // The changes of master (trace/masters.ts's rule): a split brain is no failover.
    for (const c of observed.masters.changes)
      events.push({
        t: c.t,
        kind: 'failover',
        router: rk,
        vrid: r.vrid,
        from: nodeOf.get(c.from) ?? null,
        to: nodeOf.get(c.to) ?? names.endpoint(c.to).address,
        gapUs: c.gapUs,
        ...(packetOfRow.has(c.lastRow) ? { lastAdvertPacket: packetOfRow.get(c.lastRow) } : {}),
        cause: c.cause,
        chain: c.chain,
      });
  }

  for (const r of inp.carp) {
    const rk = carpRouterKey(r.vhid);
    const inst = (endpoint: number, row: number) => {
      const n = node(endpoint, r.vhid, 0);
      const id = instanceId(n, `vhid ${r.vhid}`);
      if (!instances.has(id))
        instances.set(id, {
          id,
          node: n,
          name: `vhid ${r.vhid}`,
          vrid: r.vhid,
          family: 'ipv4',
          version: 2,
          interface: 'capture',
          basePriority: 0,
          advertIntervalCs: ix.intervalCs[row],
          vips: [],
          router: rk,
          preempt: true,
          implementation: 'carp',
          carp: { advbase: ix.intervalCs[row] / 100, advskew: ix.prio[row], demote: ix.demote[row] },
        });
      return { id, node: n, configured: false };
    };
    events.push(...carpStates(r, ix, rowLimit, rk, inst, evidence));
  }

  // The first instance of a node in a router speaks for it (as the adverts' senders below).
  const byNodeRouter = new Map<string, TraceInstance>();
  for (const i of [...instances.values()].reverse()) byNodeRouter.set(`${i.node} ${i.router}`, i);
  const rowRouter = (row: number) =>
    ix.kind[row] === P.KIND_CARP
      ? carpRouterKey(ix.vrid[row])
      : routerKey(ix.flags[row] & P.FLAG_IPV6 ? 'ipv6' : 'ipv4', ix.vrid[row]);
  const senderInstance = (row: number) => byNodeRouter.get(`${nodeOf.get(ix.source[row])} ${rowRouter(row)}`);
  events.push(...priorityEvents(ix, rowLimit, senderInstance), ...timingEvents(ix, rowLimit, senderInstance));

  const packets: TracePacket[] = [];
  const l = newLayout();
  const arpSeen = new Map<string, string>();
  const senders = new Map<string, { node: string; instance: string | undefined }>();
  for (const k of inp.kept) {
    const row = k.row;
    const t = ix.tUs[row];
    const p = packetOf(k, packets.length, t, l);
    const endpoint = ix.source[row];
    const advert = ix.kind[row] === P.KIND_VRRP || ix.kind[row] === P.KIND_CARP;
    if (advert && !(ix.flags[row] & P.FLAG_FRAGMENT)) {
      const key = `${endpoint}/${rowRouter(row)}`;
      let who = senders.get(key);
      if (!who) {
        const n = node(endpoint, ix.vrid[row], ix.prio[row]);
        who = { node: n, instance: byNodeRouter.get(`${n} ${rowRouter(row)}`)?.id };
        senders.set(key, who);
      }
      p.node = who.node;
      p.instance = who.instance;
      if (who.instance)
        events.push({ t, kind: 'advert-sent', node: who.node, instance: who.instance, packet: p.index });
    } else if (p.announce) {
      const owner = [...nodes.values()].find((n) => n.interfaces.some((i) => i.mac === p.announce!.mac));
      const inst = owner
        ? [...instances.values()].find((i) => i.node === owner.id && i.vips.includes(p.announce!.address))
        : undefined;
      if (owner && inst && p.announce.gratuitous) {
        p.node = owner.id;
        p.instance = inst.id;
        events.push({
          t,
          kind: 'garp-sent',
          node: owner.id,
          instance: inst.id,
          address: p.announce.address,
          packet: p.index,
        });
      }
      const previous = arpSeen.get(p.announce.address) ?? null;
      if (previous !== p.announce.mac) {
        arpSeen.set(p.announce.address, p.announce.mac);
        events.push({
          t,
          kind: 'arp-cache',
          node: LAN,
          address: p.announce.address,
          mac: p.announce.mac,
          previous,
          packet: p.index,
        });
      }
    }
    packets.push(p);
  }
  for (const a of inp.anomalies)
    if (a.row < rowLimit)
      events.push({
        t: a.atUs,
        kind: 'anomaly',
        code: a.code,
        message: a.message,
        router: a.protocol === 'carp' ? carpRouterKey(a.vrid) : routerKey(a.family, a.vrid),
        packet: packetOfRow.get(a.row),
      });
  if (arpSeen.size > 0)
    nodes.set(LAN, { id: LAN, name: 'LAN (capture point)', role: 'client', interfaces: [] });
  events.sort((a, b) => a.t - b.t);
  return {
    origin: { source: 'capture', name: inp.name, epochUs: inp.epochUs },
    nodes: [...nodes.values()],
    instances: [...instances.values()],
    routers: [
      ...inp.routers.map((r) => ({
        key: routerKey(r.family, r.vrid),
        vrid: r.vrid,
        family: r.family,
        vips: names.vips([...r.vipSets.keys()][0]),
      })),
      ...inp.carp.map((r) => ({
        key: carpRouterKey(r.vhid),
        protocol: 'carp' as const,
        vrid: r.vhid,
        family: 'ipv4' as const,
        vips: [],
      })),
    ],
    services: [],
    packets,
    events,
    diagnostics: inp.diagnostics,
    endUs: inp.endUs,
  };
}
