/** Text forms of interned endpoints and VIP sets, computed once per id. */
import { formatIPv4, formatIPv6, formatMac } from '../net/address';
import type { BytesInterner } from './interner';

export interface Endpoint {
  address: string;
  /** Lower-case colon form; empty when the link layer carries no MAC. */
  mac: string;
  family: 'ipv4' | 'ipv6';
}

export class Names {
  private readonly endpoints: Endpoint[] = [];
  private readonly vipLists: string[][] = [];

  constructor(
    private readonly endpointIds: BytesInterner,
    private readonly vipIds: BytesInterner,
  ) {}

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
}
