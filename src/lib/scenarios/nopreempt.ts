/** nopreempt: a recovered higher-priority node does not take the VIP back (§3.2). */
import type { LibraryEntry } from './claims';
import { lanNode } from './lan';

const config = (priority: number) => `global_defs {
  router_id lb-${priority === 150 ? 1 : 2}
}

vrrp_instance VI_1 {
  state BACKUP
  nopreempt
  interface eth0
  virtual_router_id 60
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    10.0.0.60/24
  }
}
`;

export const nopreempt: LibraryEntry = {
  id: 'nopreempt',
  title: 'nopreempt: no failback',
  summary:
    'Both nodes start BACKUP with nopreempt. lb-1 (150) wins the first election; after keepalived stops on lb-1 (priority-0 advert) lb-2 takes over, and when lb-1 comes back it stays BACKUP because nopreempt accepts any master.',
  build: () => ({
    name: 'nopreempt',
    description: 'VRID 60, VIP 10.0.0.60; both nodes state BACKUP + nopreempt, priorities 150 and 100.',
    seed: 1,
    nodes: [
      lanNode('lb-1', '10.0.0.21/24', '52:54:00:00:00:21', config(150)),
      lanNode('lb-2', '10.0.0.22/24', '52:54:00:00:00:22', config(100)),
    ],
    events: [
      // A node with a later start event does not start by itself at 0.
      { at: 0, action: 'start-keepalived', node: 'lb-1' },
      { at: 15, action: 'stop-keepalived', node: 'lb-1', note: 'systemctl stop keepalived on lb-1' },
      { at: 25, action: 'start-keepalived', node: 'lb-1', note: 'keepalived started again on lb-1' },
    ],
    duration: 50,
  }),
  claims: [
    {
      atS: 10,
      family: 'ipv4',
      vrid: 60,
      masters: ['lb-1'],
      why: 'at a simultaneous start the shorter MDI (150) wins',
    },
    {
      atS: 20,
      family: 'ipv4',
      vrid: 60,
      masters: ['lb-2'],
      why: 'priority 0 from lb-1: lb-2 takes over after its skew',
    },
    {
      atS: 45,
      family: 'ipv4',
      vrid: 60,
      masters: ['lb-2'],
      why: "nopreempt: lb-1 accepts lb-2's adverts and stays BACKUP",
    },
  ],
};
