/** printConfig: parse → print → parse gives the same model (positions aside). */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, printConfig } from '../../../src/lib/config';
import { sharedPath } from '../../shared-path';
import { fixture } from './helpers';
import { meaning, withoutPositions } from './roundtrip';

const RICH = `global_defs {
  router_id "lab node 1"
  vrrp_version 3
  vrrp_garp_master_delay 2
  vrrp_garp_interval 0.001
  vrrp_mcast_group4 224.0.0.19
  script_user nobody
  enable_script_security
}
vrrp_script chk_web {
  script "curl -sf http://127.0.0.1/ # not a comment"
  interval 0.5
  timeout 3
  weight 10 reverse
  rise 2
  fall 3
  init_fail
}
vrrp_sync_group VG {
  group {
    V6 VX
  }
  sync_group_tracking_weight
  notify_master "/etc/keepalived/master.sh VG"
}
vrrp_instance V6 {
  interface eth1
  virtual_router_id 60
  priority 150
  advert_int 0.25
  preempt_delay 7.5
  virtual_ipaddress {
    fe80::1 dev eth1
    2001:db8::10/64 label web
  }
  virtual_ipaddress_excluded {
    192.0.2.1/24 brd 192.0.2.255 dev eth1 scope global
  }
  track_script {
    chk_web weight -20
  }
  track_interface {
    eth2 weight -30
    eth3
  }
  track_file {
    f1 weight 3
  }
  dont_track_primary
  unicast_src_ip 2001:db8::1
  unicast_peer {
    2001:db8::2
    2001:db8::3
  }
  unicast_ttl 64
  garp_master_repeat 3
  down_timer_adverts 5
  use_vmac vrrp60 00:00:5e:00:02:3c
  notify "/usr/local/bin/notify.sh"
}
vrrp_instance VX {
  interface eth1
  state MASTER
  virtual_router_id 61
  version 2
  advert_int 1.5
  nopreempt
  authentication {
    auth_type AH
    auth_pass longpassword
  }
  virtual_ipaddress {
    10.1.1.1/24
  }
  unicast_ttl 3
}
virtual_server 10.1.1.1 80 {
  delay_loop 6
  real_server 10.0.0.5 80 {
    weight 1
  }
}
`;

function roundTrip(text: string) {
  const a = parseConfig(text, { file: 'a.conf' });
  const printed = printConfig(a.value);
  const b = parseConfig(printed, { file: 'b.conf' });
  return { a, b, printed };
}

describe('printConfig round trip', () => {
  for (const name of ['prod-haproxy-000.conf', 'prod-haproxy-001.conf']) {
    it(name, () => {
      const { a, b } = roundTrip(fixture(name));
      expect(withoutPositions(b.value)).toEqual(withoutPositions(a.value));
      expect(b.diagnostics.map((d) => d.code)).toEqual(a.diagnostics.map((d) => d.code));
    });
  }
  it('a config using most modelled keywords', () => {
    const { a, b, printed } = roundTrip(RICH);
    expect(withoutPositions(b.value)).toEqual(withoutPositions(a.value));
    expect(printed).toContain('script "curl -sf http://127.0.0.1/ # not a comment"');
    expect(printed).toContain('router_id "lab node 1"');
    expect(a.value.instances[1]).toMatchObject({
      advertIntervalCs: 200,
      authPass: 'longpass',
      state: 'MASTER',
      priority: 255,
      preempt: true,
    });
    expect(a.value.instances[0]).toMatchObject({
      version: 3,
      advertIntervalCs: 25,
      family: 'ipv6',
      unicastPeers: ['2001:db8::2', '2001:db8::3'],
    });
    expect(b.value.skipped[0].text).toBe(a.value.skipped[0].text);
  });
  it('printing is stable: print(parse(print(x))) = print(x)', () => {
    const once = printConfig(parseConfig(RICH).value);
    expect(printConfig(parseConfig(once).value)).toBe(once);
  });
  const dir = sharedPath('configs/keepalived-samples');
  for (const name of readdirSync(dir).sort()) {
    it(`sample ${name}`, () => {
      const text = readFileSync(`${dir}/${name}`, 'utf8');
      const { a, b } = roundTrip(text);
      expect(meaning(b.value)).toEqual(meaning(a.value));
      expect(b.value.skipped.map((s) => s.text)).toEqual(a.value.skipped.map((s) => s.text));
    });
  }
});

describe('words the lexer would read differently are quoted (found by the property tests)', () => {
  const cases = [
    'vrrp_instance VI {\n  interface \\!eth0\n  virtual_router_id 5\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}\n',
    'virtual_server \\#\n{',
    'static_routes{$ {\n  10.0.0.0/8 via 10.0.0.1\n',
    'vrrp_instance "a b\\\\#" {\n  interface eth0\n  virtual_router_id 5\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}\n',
  ];
  for (const text of cases) {
    it(JSON.stringify(text), () => {
      const { a, b } = roundTrip(text);
      expect(meaning(b.value)).toEqual(meaning(a.value));
    });
  }
});
