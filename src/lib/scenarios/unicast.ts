/** Unicast peers: adverts go straight to the peer, so a multicast block changes nothing (§6.2). */
import type { LibraryEntry } from './claims';
import { lanNode } from './lan';

const config = (self: string, peer: string, priority: number) => `vrrp_instance VI_U {
  state BACKUP
  interface eth0
  virtual_router_id 70
  priority ${priority}
  advert_int 1
  unicast_src_ip ${self}
  unicast_peer {
    ${peer}
  }
  authentication {
    auth_type PASS
    auth_pass unicast1
  }
  virtual_ipaddress {
    10.0.1.70/24
  }
}
`;

export const unicast: LibraryEntry = {
  id: 'unicast',
  title: 'Unicast peers',
  summary:
    "Cloud networks often drop multicast, so u-1 and u-2 send their adverts to each other's address with PASS authentication. Multicast is blocked both ways from 5 s and nothing changes; only when keepalived stops on u-1 does u-2 take over.",
  build: () => ({
    name: 'unicast',
    description: 'VRID 70, VIP 10.0.1.70, unicast_peer on both nodes; multicast blocked between them.',
    seed: 1,
    nodes: [
      lanNode('u-1', '10.0.1.11/24', '52:54:00:00:01:11', config('10.0.1.11', '10.0.1.12', 110)),
      lanNode('u-2', '10.0.1.12/24', '52:54:00:00:01:12', config('10.0.1.12', '10.0.1.11', 100)),
    ],
    events: [
      { at: 1, action: 'block-multicast', from: 'u-1', to: 'u-2', note: 'the provider drops multicast' },
      { at: 1, action: 'block-multicast', from: 'u-2', to: 'u-1', note: 'the provider drops multicast' },
      { at: 20, action: 'stop-keepalived', node: 'u-1', note: 'systemctl stop keepalived on u-1' },
    ],
    duration: 35,
  }),
  claims: [
    {
      atS: 15,
      family: 'ipv4',
      vrid: 70,
      masters: ['u-1'],
      why: 'unicast adverts still reach u-2: 110 > 100',
    },
    {
      atS: 30,
      family: 'ipv4',
      vrid: 70,
      masters: ['u-2'],
      why: 'u-1 sent priority 0: u-2 takes over after its skew',
    },
  ],
};
