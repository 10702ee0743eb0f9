/** VRRPv3 over IPv6: link-local first VIP, 500 ms adverts to ff02::12 (§1.4, §6.3). */
import type { LibraryEntry } from './claims';
import type { ScenarioNode } from '../scenario/types';

const config = (priority: number) => `global_defs {
  vrrp_version 3
}

vrrp_instance VI_6 {
  state BACKUP
  interface eth0
  virtual_router_id 31
  priority ${priority}
  advert_int 0.5
  virtual_ipaddress {
    fe80::31/64
    2001:db8::31/64
  }
}
`;

const node = (name: string, addr: string, mac: string, priority: number): ScenarioNode => ({
  name,
  interfaces: { eth0: [addr] },
  mac: { eth0: mac },
  config: config(priority),
});

export const ipv6V3: LibraryEntry = {
  id: 'ipv6-v3',
  title: 'VRRPv3 over IPv6',
  summary:
    'Two routers run VRRPv3 for fe80::31 and 2001:db8::31 with 0.5 s adverts to ff02::12, sent from their link-local addresses. When r6-a loses its link, r6-b takes over within a v3 Master_Down_Interval (about 1.8 s) and announces the addresses with unsolicited neighbour advertisements.',
  build: () => ({
    name: 'ipv6-v3',
    description: 'VRID 31 over IPv6, VRRPv3, advert_int 0.5; r6-a loses its link from 15 s to 30 s.',
    seed: 1,
    nodes: [
      node('r6-a', '2001:db8::a/64', '52:54:00:00:06:0a', 120),
      node('r6-b', '2001:db8::b/64', '52:54:00:00:06:0b', 100),
    ],
    events: [
      { at: 15, action: 'link-down', node: 'r6-a', interface: 'eth0', note: 'cable pulled on r6-a' },
      { at: 30, action: 'link-up', node: 'r6-a', interface: 'eth0', note: 'cable back' },
    ],
    duration: 45,
  }),
  claims: [
    { atS: 10, family: 'ipv6', vrid: 31, masters: ['r6-a'], why: '120 > 100' },
    { atS: 25, family: 'ipv6', vrid: 31, masters: ['r6-b'], why: 'r6-a is in FAULT (carrier lost)' },
    { atS: 42, family: 'ipv6', vrid: 31, masters: ['r6-a'], why: 'link back: r6-a preempts' },
  ],
};
