/** Three routers on one VRID: the next in priority order takes over at each failure. */
import type { LibraryEntry } from './claims';
import { lanNode } from './lan';

const config = (name: string, priority: number) => `global_defs {
  router_id ${name}
}

vrrp_instance gateway {
  state BACKUP
  interface eth0
  virtual_router_id 10
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    10.0.0.1/24
  }
}
`;

export const threeRouters: LibraryEntry = {
  id: 'three-routers',
  title: 'Three routers, one default gateway',
  summary:
    'gw-a (150), gw-b (100) and gw-c (50) back up gateway 10.0.0.1. Killing keepalived (SIGKILL, no goodbye) on gw-a hands the VIP to gw-b after a full Master_Down_Interval, then to gw-c; when gw-a returns it preempts.',
  build: () => ({
    name: 'three-routers',
    description: 'VRID 10, VIP 10.0.0.1 (the default gateway) on three routers with priorities 150, 100, 50.',
    seed: 1,
    nodes: [
      lanNode('gw-a', '10.0.0.2/24', '52:54:00:00:0a:02', config('gw-a', 150)),
      lanNode('gw-b', '10.0.0.3/24', '52:54:00:00:0a:03', config('gw-b', 100)),
      lanNode('gw-c', '10.0.0.4/24', '52:54:00:00:0a:04', config('gw-c', 50)),
    ],
    events: [
      // A node with a later start event does not start by itself at 0.
      { at: 0, action: 'start-keepalived', node: 'gw-a' },
      { at: 15, action: 'kill-keepalived', node: 'gw-a', note: 'kill -9 keepalived on gw-a' },
      { at: 30, action: 'kill-keepalived', node: 'gw-b', note: 'kill -9 keepalived on gw-b' },
      { at: 45, action: 'start-keepalived', node: 'gw-a', note: 'keepalived restarted on gw-a' },
    ],
    duration: 60,
  }),
  claims: [
    { atS: 10, family: 'ipv4', vrid: 10, masters: ['gw-a'], why: 'highest priority, shortest MDI' },
    {
      atS: 25,
      family: 'ipv4',
      vrid: 10,
      masters: ['gw-b'],
      why: "gw-a silent: gw-b's MDI (3.609 s) expires before gw-c's (3.805 s)",
    },
    { atS: 40, family: 'ipv4', vrid: 10, masters: ['gw-c'], why: 'only gw-c is left' },
    {
      atS: 58,
      family: 'ipv4',
      vrid: 10,
      masters: ['gw-a'],
      why: "gw-a back: it discards gw-c's 50 and preempts after MDI(150)",
    },
  ],
};
