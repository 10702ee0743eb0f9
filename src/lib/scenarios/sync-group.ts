/** A sync group keeps the outside and inside VIPs of a firewall pair on one node (§6.1). */
import type { LibraryEntry } from './claims';
import type { ScenarioNode } from '../scenario/types';

const config = (name: string, priority: number) => `global_defs {
  router_id ${name}
}

vrrp_sync_group VG_1 {
  group {
    VI_EXT
    VI_INT
  }
}

vrrp_instance VI_EXT {
  state BACKUP
  interface eth0
  virtual_router_id 11
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    203.0.113.10/24
  }
}

vrrp_instance VI_INT {
  state BACKUP
  interface eth1
  virtual_router_id 12
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    10.0.2.1/24
  }
}
`;

const node = (name: string, ext: string, int: string, n: number, priority: number): ScenarioNode => ({
  name,
  interfaces: { eth0: [ext], eth1: [int] },
  mac: { eth0: `52:54:00:00:e0:0${n}`, eth1: `52:54:00:00:e1:0${n}` },
  config: config(name, priority),
});

export const syncGroup: LibraryEntry = {
  id: 'sync-group',
  title: 'Sync group',
  summary:
    "fw-1 and fw-2 each have an outside (VRID 11) and an inside (VRID 12) instance in sync group VG_1. When fw-1's inside link fails, the whole group goes to FAULT, so both VIPs move to fw-2 together instead of leaving traffic half-routed; when the link returns both come back.",
  build: () => ({
    name: 'sync-group',
    description:
      'Sync group VG_1 = VI_EXT (eth0, 203.0.113.10) + VI_INT (eth1, 10.0.2.1); fw-1 loses eth1 from 15 s to 30 s.',
    seed: 1,
    nodes: [
      node('fw-1', '203.0.113.2/24', '10.0.2.2/24', 1, 150),
      node('fw-2', '203.0.113.3/24', '10.0.2.3/24', 2, 100),
    ],
    events: [
      { at: 15, action: 'link-down', node: 'fw-1', interface: 'eth1', note: 'inside link of fw-1 fails' },
      { at: 30, action: 'link-up', node: 'fw-1', interface: 'eth1', note: 'inside link restored' },
    ],
    duration: 45,
  }),
  claims: [
    { atS: 10, family: 'ipv4', vrid: 11, masters: ['fw-1'], why: '150 > 100' },
    { atS: 10, family: 'ipv4', vrid: 12, masters: ['fw-1'], why: '150 > 100' },
    {
      atS: 25,
      family: 'ipv4',
      vrid: 11,
      masters: ['fw-2'],
      why: 'VI_INT in FAULT pulls VI_EXT into FAULT with it',
    },
    { atS: 25, family: 'ipv4', vrid: 12, masters: ['fw-2'], why: 'fw-1 lost eth1' },
    { atS: 42, family: 'ipv4', vrid: 11, masters: ['fw-1'], why: 'group fault cleared: fw-1 preempts both' },
    { atS: 42, family: 'ipv4', vrid: 12, masters: ['fw-1'], why: 'group fault cleared: fw-1 preempts both' },
  ],
};
