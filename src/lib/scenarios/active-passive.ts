/** Classic active/passive: one shared VIP, a health check with a positive weight, preemption on. */
import type { LibraryEntry } from './claims';
import { lanNode, appClient } from './lan';

const script = `vrrp_script chk_haproxy {
  script "killall -0 haproxy"
  interval 2
  weight 2
}
`;

const instance = (state: string, priority: number) => `
vrrp_instance VI_1 {
  state ${state}
  interface eth0
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass s3cret
  }
  virtual_ipaddress {
    10.0.0.100/24
  }
  track_script {
    chk_haproxy
  }
}
`;

export const activePassive: LibraryEntry = {
  id: 'active-passive',
  title: 'Active/passive with one shared VIP',
  summary:
    "The textbook pair: lb-1 (101 + 2) holds 10.0.0.100 while haproxy runs; when haproxy dies its priority falls to 101, below lb-2's 102, and the VIP moves; when haproxy returns lb-1 preempts.",
  build: () => ({
    name: 'active-passive',
    description: 'Two haproxy nodes share VIP 10.0.0.100 (VRID 51); chk_haproxy adds 2 while haproxy runs.',
    seed: 1,
    nodes: [
      lanNode('lb-1', '10.0.0.11/24', '52:54:00:00:00:11', script + instance('MASTER', 101), ['haproxy']),
      lanNode('lb-2', '10.0.0.12/24', '52:54:00:00:00:12', script + instance('BACKUP', 100), ['haproxy']),
    ],
    clients: [appClient('app-1', '10.0.0.50/24', { 'db.example.internal': '10.0.0.100' })],
    scripts: { chk_haproxy: { process: 'haproxy' } },
    events: [
      { at: 15, action: 'kill-process', node: 'lb-1', process: 'haproxy', note: 'haproxy dies on lb-1' },
      {
        at: 35,
        action: 'start-process',
        node: 'lb-1',
        process: 'haproxy',
        note: 'haproxy restarted on lb-1',
      },
    ],
    duration: 60,
  }),
  claims: [
    { atS: 12, family: 'ipv4', vrid: 51, masters: ['lb-1'], why: '103 > 102: both checks pass' },
    { atS: 30, family: 'ipv4', vrid: 51, masters: ['lb-2'], why: 'lb-1 lost its +2: 101 < 102' },
    { atS: 55, family: 'ipv4', vrid: 51, masters: ['lb-1'], why: 'haproxy back: 103 > 102, preempt' },
  ],
};
