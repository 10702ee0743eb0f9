/** Split brain: the adverts cannot cross, so both nodes become MASTER; healing elects one again. */
import type { LibraryEntry } from './claims';
import { lanNode } from './lan';

const config = (state: string, priority: number) => `vrrp_instance VI_WEB {
  state ${state}
  interface eth0
  virtual_router_id 80
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    10.0.0.80/24 dev eth0 label eth0:vip
  }
}
`;

export const splitBrain: LibraryEntry = {
  id: 'split-brain',
  title: 'Split brain',
  summary:
    "A partition between web-1 and web-2 stops the adverts: web-2 stops hearing its master and also becomes MASTER, so two nodes hold 10.0.0.80. When the network heals, web-1's higher-priority adverts send web-2 back to BACKUP.",
  build: () => ({
    name: 'split-brain',
    description: 'VRID 80, VIP 10.0.0.80; a partition from 15 s to 30 s separates the two nodes.',
    seed: 1,
    nodes: [
      lanNode('web-1', '10.0.0.31/24', '52:54:00:00:00:31', config('MASTER', 120)),
      lanNode('web-2', '10.0.0.32/24', '52:54:00:00:00:32', config('BACKUP', 110)),
    ],
    events: [
      { at: 15, action: 'partition', groups: [['web-1'], ['web-2']], note: 'switch ports split' },
      { at: 30, action: 'heal', note: 'network healed' },
    ],
    duration: 45,
  }),
  claims: [
    { atS: 10, family: 'ipv4', vrid: 80, masters: ['web-1'], why: '120 > 110' },
    {
      atS: 25,
      family: 'ipv4',
      vrid: 80,
      masters: ['web-1', 'web-2'],
      why: 'no adverts cross: both are MASTER',
    },
    { atS: 40, family: 'ipv4', vrid: 80, masters: ['web-1'], why: 'web-2 hears 120 > 110 and yields' },
  ],
};
