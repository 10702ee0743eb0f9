/**
 * Entry of test/browser/harness/panels.html: the side panels on a harness session. Query parameters:
 * `panel` (tab id), `hostile` (node names that are HTML), `empty` (no trace: capture tests).
 */
import { mount } from 'svelte';
import PanelsHarness from './PanelsHarness.svelte';
import { HarnessSession } from './harness-session.svelte';
import { pandaLikeTrace } from '../../../src/ui/panels/panel-fixtures';
import type { Scenario } from '../../../src/lib/scenario/types';

const params = new URLSearchParams(location.search);
const HOSTILE = '<img src=x onerror="window.__xss=1">';
const name = (id: string) => (params.has('hostile') && id.endsWith('001') ? HOSTILE : id);

const config = (priority: number, hostile: boolean) => `vrrp_script chk_haproxy {
  script "killall -0 haproxy"
  interval 2
  weight -2
}

vrrp_instance ${hostile ? '"<img src=x onerror=window.__xss=2>"' : '192.168.3.200'} {
  interface eth2
  state MASTER
  virtual_router_id 200
  priority ${priority}
  virtual_ipaddress {
    192.168.3.200
  }
  track_script {
    chk_haproxy
  }
}
`;

const scenario: Scenario = {
  name: 'panda-like',
  seed: 1,
  nodes: [
    {
      name: 'prod-haproxy-000',
      interfaces: { eth2: ['192.168.3.4/24'] },
      config: config(100, false),
      processes: ['haproxy'],
    },
    {
      name: name('prod-haproxy-001'),
      interfaces: { eth2: ['192.168.3.5/24'] },
      config: config(99, params.has('hostile')),
      processes: ['haproxy'],
    },
  ],
};

const session = new HarnessSession(params.has('empty') ? null : pandaLikeTrace(name), scenario);
(window as unknown as { __session: HarnessSession }).__session = session;
const target = document.getElementById('app')!;
export default mount(PanelsHarness, { target, props: { session, initial: params.get('panel') ?? 'config' } });
