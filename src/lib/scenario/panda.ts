/**
 * The Panda scenario of the story (shared/seed/panda-story.txt; docs/vrrp-behaviour.md §4.8): two
 * haproxy nodes on eth2 with the addresses, MACs and keepalived.conf files exactly as printed there,
 * app servers whose /etc/hosts maps prod-db-internal.panda.com to 192.168.3.200, three DB nodes behind
 * haproxy, and a default fault schedule: haproxy killed on prod-haproxy-000 at 20.3 s, back at 40.3 s.
 */
import type { Scenario } from './types';

/** prod-haproxy-000's /etc/keepalived/keepalived.conf, verbatim. */
export const PANDA_CONFIG_000 = `# ------------------------------------------------
# Chef controlled file - Edits will be overwritten
# Environment - prod
# Node - prod-haproxy-000.panda.com
# ------------------------------------------------

vrrp_script chk_haproxy {
  script "killall -0 haproxy"
  interval 2
  weight -2
}


vrrp_instance 192.168.3.200 {
  interface eth2
  state MASTER
  virtual_router_id 200
  priority 100
  virtual_ipaddress {
    192.168.3.200
  }
  track_script {
    chk_haproxy
  }
}
vrrp_instance 192.168.3.201 {
  interface eth2
  state MASTER
  virtual_router_id 201
  priority 99
  virtual_ipaddress {
    192.168.3.201
  }
  track_script {
    chk_haproxy
  }
}
`;

/** prod-haproxy-001's /etc/keepalived/keepalived.conf, verbatim. */
export const PANDA_CONFIG_001 = `# ------------------------------------------------
# Chef controlled file - Edits will be overwritten
# Environment - prod
# Node - prod-haproxy-001.panda.com
# ------------------------------------------------

vrrp_script chk_haproxy {
  script "killall -0 haproxy"
  interval 2
  weight -2
}


vrrp_instance 192.168.3.201 {
  interface eth2
  state MASTER
  virtual_router_id 201
  priority 100
  virtual_ipaddress {
    192.168.3.201
  }
  track_script {
    chk_haproxy
  }
}
vrrp_instance 192.168.3.200 {
  interface eth2
  state MASTER
  virtual_router_id 200
  priority 99
  virtual_ipaddress {
    192.168.3.200
  }
  track_script {
    chk_haproxy
  }
}
`;

/** A fresh copy of the built-in Panda scenario. */
export function pandaScenario(): Scenario {
  return {
    name: 'panda',
    description:
      'Who is prod-db-internal.panda.com? Two haproxy nodes, two VRRP instances each: an active/active pair.',
    seed: 1,
    duration: 60,
    nodes: [
      {
        name: 'prod-haproxy-000',
        interfaces: { eth2: ['192.168.3.4/24'] },
        mac: { eth2: 'bc:76:4e:05:6c:1c' },
        config: PANDA_CONFIG_000,
        processes: ['haproxy'],
      },
      {
        name: 'prod-haproxy-001',
        interfaces: { eth2: ['192.168.3.5/24'] },
        mac: { eth2: 'bc:76:4e:05:eb:70' },
        config: PANDA_CONFIG_001,
        processes: ['haproxy'],
      },
    ],
    scripts: { chk_haproxy: { process: 'haproxy' } },
    clients: [
      {
        name: 'prod-app-000',
        interfaces: { eth2: ['192.168.3.10/24'] },
        hosts: { 'prod-db-internal.panda.com': '192.168.3.200' },
      },
      {
        name: 'prod-app-001',
        interfaces: { eth2: ['192.168.3.11/24'] },
        hosts: { 'prod-db-internal.panda.com': '192.168.3.200' },
      },
    ],
    servers: [
      { name: 'prod-db-000', interfaces: { eth2: ['192.168.3.20/24'] } },
      { name: 'prod-db-001', interfaces: { eth2: ['192.168.3.21/24'] } },
      { name: 'prod-db-002', interfaces: { eth2: ['192.168.3.22/24'] } },
    ],
    services: [
      {
        name: 'prod-db-internal.panda.com',
        address: '192.168.3.200',
        port: 3306,
        process: 'haproxy',
        backends: ['prod-db-000', 'prod-db-001', 'prod-db-002'],
      },
    ],
    events: [
      {
        at: 20.3,
        action: 'kill-process',
        node: 'prod-haproxy-000',
        process: 'haproxy',
        note: 'haproxy dies on prod-haproxy-000',
      },
      {
        at: 40.3,
        action: 'start-process',
        node: 'prod-haproxy-000',
        process: 'haproxy',
        note: 'haproxy restarted',
      },
    ],
  };
}
