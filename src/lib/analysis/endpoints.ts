/** Text forms of interned endpoints and VIP sets, computed once per id. */
import { formatIPv4, formatIPv6, formatMac } from '../net/address';
import { BytesInterner } from './interner';
import { matchInstance, type ConfigInstance } from './naming';
import type { RouterAnalysis } from './routers';

export interface Endpoint {
  address: string;
  /** Lower-case colon form; empty when the link layer carries no MAC. */
  mac: string;
  family: 'ipv4' | 'ipv6';
}

/** A Names object's resolved ids as plain data (Names.table). */
export interface NameTable {
  endpoints: Endpoint[];
  vips: string[][];
  nodes: [number, string][];
}

export class Names {
  private readonly endpoints: Endpoint[] = [];
  private readonly vipLists: string[][] = [];
  private readonly nodeNames = new Map<number, string>();

  constructor(
    private readonly endpointIds: BytesInterner,
    private readonly vipIds: BytesInterner,
  ) {}

  /**
   * Every name resolved, as plain data: another thread rebuilds this object from it (fromTable)
   * without the interners, which it never needs again once every id is resolved.
   */
  table(): NameTable {
    const endpoints: Endpoint[] = [];
    for (let id = 0; id < this.endpointIds.size; id++) endpoints.push(this.endpoint(id));
    const vips: string[][] = [];
    for (let id = 0; id < this.vipIds.size; id++) vips.push(this.vips(id));
    return { endpoints, vips, nodes: [...this.nodeNames] };
  }

  static fromTable(t: NameTable): Names {
    const names = new Names(new BytesInterner(), new BytesInterner());
    names.endpoints.push(...t.endpoints);
    names.vipLists.push(...t.vips);
    for (const [id, node] of t.nodes) names.nodeNames.set(id, node);
    return names;
  }

  endpoint(id: number): Endpoint {
    let e = this.endpoints[id];
    if (!e) {
      const b = this.endpointIds.bytes(id);
      const v6 = b.length === 22;
      const mac = formatMac(b, v6 ? 16 : 4);
      e = {
        address: v6 ? formatIPv6(b, 0) : formatIPv4(b, 0),
        mac: mac === '00:00:00:00:00:00' ? '' : mac,
        family: v6 ? 'ipv6' : 'ipv4',
      };
      this.endpoints[id] = e;
    }
    return e;
  }

  vips(id: number): string[] {
    let v = this.vipLists[id];
    if (!v) {
      const b = this.vipIds.bytes(id);
      const alen = b[0];
      v = [];
      for (let p = 1; p + alen <= b.length; p += alen)
        v.push(alen === 16 ? formatIPv6(b, p) : formatIPv4(b, p));
      this.vipLists[id] = v;
    }
    return v;
  }

  /** The address for messages, with its node name when known: `192.168.3.4 (prod-haproxy-000)`. */
  label(id: number): string {
    const node = this.nodeNames.get(id);
    return node ? `${this.endpoint(id).address} (${node})` : this.endpoint(id).address;
  }

  /** The address a `label` names (a label of no named endpoint is its address already). */
  addressOf(label: string): string {
    for (const id of this.nodeNames.keys()) if (this.label(id) === label) return this.endpoint(id).address;
    return label;
  }

  /** The node name of a sender, when a hosts file or a keepalived.conf names it; else null. */
  node(id: number): string | null {
    return this.nodeNames.get(id) ?? null;
  }

  /**
   * Names every master-run source: its address in the hosts file first; else the keepalived.conf
   * node whose instance matches (VRID and `unicast_src_ip`/`mcast_src_ip`, or a unique VRID and
   * configured priority) the most of its runs. Priorities lowered by a failed tracked script match
   * nothing and are simply not counted.
   */
  nameNodes(hosts: Map<string, string>, configs: readonly ConfigInstance[], routers: RouterAnalysis[]): void {
    const votes = new Map<number, Map<string, number>>();
    for (const r of routers)
      for (const run of r.runs) {
        const address = this.endpoint(run.source).address;
        let v = votes.get(run.source);
        if (!v) votes.set(run.source, (v = new Map()));
        for (const prio of run.priorities) {
          const node = matchInstance(configs, address, r.vrid, prio)?.node;
          if (node) v.set(node, (v.get(node) ?? 0) + 1);
        }
      }
    for (const [id, v] of votes) {
      let best: string | undefined = hosts.get(this.endpoint(id).address);
      if (best === undefined) {
        let most = 0;
        for (const [node, n] of v) if (n > most) [best, most] = [node, n];
      }
      if (best !== undefined) this.nodeNames.set(id, best);
    }
  }
}
