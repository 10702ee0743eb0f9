/**
 * Which node each piece of evidence belongs to (issue 11 §2): `--node NAME=FILE` pins, the config's
 * router_id, a log's hostname, its "Assigned address … for interface" lines, a dump's interfaces,
 * the capture's advert sources and MACs. Claims that share a name, an address or a MAC are one node.
 * VIPs move between nodes, so they never identify one.
 */
import type { SourceRead } from './sources';

/** How strongly a claim names its node: the order (router_id, then log/hosts, then address). */
const RANK = { pinned: 4, 'router-id': 3, hostname: 2, address: 0 } as const;

interface Claim {
  name?: string;
  rank: number;
  addresses: Set<string>;
  macs: Set<string>;
}

export interface IdentifiedNode {
  name: string;
  addresses: string[];
  macs: string[];
}

export class NodeIndex {
  readonly nodes: IdentifiedNode[] = [];
  private byAddress = new Map<string, IdentifiedNode>();
  private byMac = new Map<string, IdentifiedNode>();
  private byName = new Map<string, IdentifiedNode>();
  /** (source, host) → node, for log lanes. */
  private lanes = new Map<string, IdentifiedNode>();

  node(name: string): IdentifiedNode | undefined {
    return this.byName.get(name);
  }
  ofAddress(a: string): IdentifiedNode | undefined {
    return this.byAddress.get(a);
  }
  ofMac(m: string): IdentifiedNode | undefined {
    return this.byMac.get(m);
  }
  /** The node of a source's lane (a log host, or the source as a whole with host ''). */
  ofLane(source: number, host = ''): IdentifiedNode | undefined {
    return this.lanes.get(`${source}\u0000${host}`) ?? this.lanes.get(`${source}\u0000`);
  }

  static build(sources: SourceRead[], vips: Set<string>): NodeIndex {
    const claims: Claim[] = [];
    const laneClaims = new Map<string, Claim>();
    const claim = (lane: string | null, name: string | undefined, rank: number): Claim => {
      const existing = lane ? laneClaims.get(lane) : undefined;
      if (existing) {
        if (name && rank > existing.rank) {
          existing.name = name;
          existing.rank = rank;
        }
        return existing;
      }
      const c: Claim = { name, rank: name ? rank : -1, addresses: new Set(), macs: new Set() };
      claims.push(c);
      if (lane) laneClaims.set(lane, c);
      return c;
    };
    const addAddress = (c: Claim, a: string | undefined) => {
      if (a && !vips.has(a) && a !== '127.0.0.1' && a !== '::1') c.addresses.add(a);
    };
    for (const s of sources) {
      const pin = s.pinnedNode;
      const lane = (host = '') => `${s.index}\u0000${host}`;
      if (s.log) {
        const hosts = s.log.hosts.length > 0 ? s.log.hosts : [''];
        for (const h of hosts) {
          const c =
            pin && hosts.length === 1
              ? claim(lane(h), pin, RANK.pinned)
              : claim(lane(h), h || undefined, RANK.hostname);
          if (h !== '' && pin && hosts.length === 1) laneClaims.set(lane(''), c);
        }
        if (s.log.hosts.length > 0 && !laneClaims.has(lane('')))
          laneClaims.set(lane(''), claim(lane(s.log.hosts[0]), undefined, 0));
        for (const [i, f] of s.log.lines.facts)
          if (f.kind === 'address')
            addAddress(claim(lane(s.log.lines.host(i) ?? ''), undefined, 0), f.address);
      } else if (s.notify) {
        claim(lane(), pin, RANK.pinned);
        for (const e of s.notify.entries) if (e.node && !pin) claim(lane(e.node), e.node, RANK.hostname);
      } else if (s.dump) {
        // A dump's Router ID defaults to the host name, which cloned machines share: only its
        // interfaces (addresses, MACs) identify the node, unless --node pins it.
        const c = claim(lane(), pin, RANK.pinned);
        for (const i of s.dump.interfaces) {
          addAddress(c, i.address);
          if (i.mac && i.name !== 'lo') c.macs.add(i.mac);
        }
        for (const i of s.dump.instances) addAddress(c, i.sourceAddress);
      } else if (s.config) {
        const g = s.config.model.globalDefs;
        const c = claim(lane(), pin ?? g.routerId, pin ? RANK.pinned : RANK['router-id']);
        for (const i of s.config.model.instances) addAddress(c, i.unicastSrcIp ?? i.mcastSrcIp);
      } else if (s.hosts) {
        for (const [a, n] of s.hosts) addAddress(claim(null, n, RANK.hostname), a);
      } else if (s.capture) {
        if (pin) claim(lane(), pin, RANK.pinned);
        // Each sender once, in the order the capture first shows it.
        for (const k of [...s.capture.rows.advertKinds(), ...s.capture.rows.carpSenders()]) {
          const c = claim(`addr\u0000${k.src}`, undefined, RANK.address);
          addAddress(c, k.src);
          if (k.srcMac && !k.srcMac.startsWith('00:00:5e:00:0')) c.macs.add(k.srcMac);
        }
      }
    }
    // Union of claims sharing a name, an address or a MAC.
    const parent = claims.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    const seen = new Map<string, number>();
    claims.forEach((c, i) => {
      const keys = [
        ...(c.name ? [`n:${c.name}`] : []),
        ...[...c.addresses].map((a) => `a:${a}`),
        ...[...c.macs].map((m) => `m:${m}`),
      ];
      for (const k of keys) {
        const j = seen.get(k);
        if (j === undefined) seen.set(k, i);
        else parent[find(i)] = find(j);
      }
    });
    const groups = new Map<number, Claim[]>();
    claims.forEach((c, i) => {
      const r = find(i);
      groups.set(r, [...(groups.get(r) ?? []), c]);
    });
    const idx = new NodeIndex();
    const nodeOfClaim = new Map<Claim, IdentifiedNode>();
    for (const g of groups.values()) {
      const best = g.reduce((a, b) => (b.rank > a.rank ? b : a));
      const addresses = [...new Set(g.flatMap((c) => [...c.addresses]))].sort();
      const macs = [...new Set(g.flatMap((c) => [...c.macs]))].sort();
      const name = best.name ?? addresses[0] ?? macs[0];
      if (!name) continue;
      const n: IdentifiedNode = { name, addresses, macs };
      idx.nodes.push(n);
      idx.byName.set(name, n);
      for (const c of g) {
        nodeOfClaim.set(c, n);
        if (c.name) idx.byName.set(c.name, n);
      }
      for (const a of addresses) idx.byAddress.set(a, n);
      for (const m of macs) idx.byMac.set(m, n);
    }
    for (const [lane, c] of laneClaims) {
      const n = nodeOfClaim.get(c);
      if (n) idx.lanes.set(lane, n);
    }
    idx.nodes.sort((a, b) => a.name.localeCompare(b.name));
    return idx;
  }
}
