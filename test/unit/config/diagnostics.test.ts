/**
 * Each row of docs/vrrp-behaviour.md §7.7 (and the §2.3 defaults): the model keeps the value keepalived
 * runs with, the diagnostic carries keepalived's message at the right line, and — with the real daemon
 * installed — `keepalived -t` prints the same message at the same line.
 */
import { describe, expect, it } from 'vitest';
import type { KeepalivedConfig } from '../../../src/lib/config';
import { isTextPosition } from '../../../src/lib/trace/diagnostic';
import { hasKeepalived, instance, keepalivedTest, parse } from './helpers';

const VIP = '  virtual_ipaddress {\n    10.0.0.1\n  }';
const SCRIPT = 'vrrp_script chk {\n  script "/bin/true"\n  weight -2\n}\n';

interface Case {
  name: string;
  text: string;
  code: string;
  message: string;
  severity: 'error' | 'warning';
  /** The line keepalived names; undefined for errors found at completion (no line, §7.7). */
  line?: number;
  /** The mistake also leads to a fatal error (the VRID one). */
  alsoFatal?: boolean;
  model?: (c: KeepalivedConfig) => void;
}

const first = (c: KeepalivedConfig) => c.instances[0];

const cases: Case[] = [
  {
    name: 'priority 0 → 100',
    text: instance(`  priority 0\n${VIP}`),
    code: 'config.priority-invalid',
    message: '(VI) Priority not valid! must be between 1 & 255. Using default 100',
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c).priority).toBe(100),
  },
  {
    name: 'priority 256 → 100 (range message first)',
    text: instance(`  priority 256\n${VIP}`),
    code: 'config.number-range',
    message: "number '256' outside range [1, 255]",
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c).priority).toBe(100),
  },
  {
    name: 'no virtual_router_id is fatal',
    text: `vrrp_instance VI {\n  interface eth0\n${VIP}\n}\n`,
    code: 'config.vrid-missing',
    message: '(VI) the virtual router id must be set',
    severity: 'error',
    model: (c) => expect(first(c).vrid).toBeUndefined(),
  },
  {
    name: 'virtual_router_id 0 is rejected, then fatal',
    text: instance(VIP, 'VI', '0'),
    code: 'config.vrid-invalid',
    message: "(VI): VRID '0' not valid - must be between 1 & 255",
    severity: 'warning',
    line: 3,
    alsoFatal: true,
    model: (c) => expect(first(c).vrid).toBeUndefined(),
  },
  {
    name: 'duplicate VRID on one interface is fatal',
    text: instance(VIP, 'VI_A', '200') + instance('  virtual_ipaddress {\n    10.0.0.2\n  }', 'VI_B', '200'),
    code: 'config.vrid-duplicate',
    message: 'VI_A and VI_B both use VRID 200 with IPv4 on interface eth0',
    severity: 'error',
  },
  {
    name: 'state MASTER + nopreempt clears nopreempt',
    text: instance(`  state MASTER\n  priority 100\n  nopreempt\n${VIP}`),
    code: 'config.nopreempt-master',
    message: '(VI) Warning - nopreempt will not work with initial state MASTER - clearing',
    severity: 'warning',
    model: (c) => expect(first(c).preempt).toBe(true),
  },
  {
    name: 'state MASTER + preempt_delay clears the delay',
    text: instance(`  state MASTER\n  priority 100\n  preempt_delay 5\n${VIP}`),
    code: 'config.preempt-delay-cleared',
    message: '(VI) Warning - preempt delay will not work with initial state MASTER - clearing',
    severity: 'warning',
    model: (c) => expect(first(c).preemptDelayS).toBe(0),
  },
  {
    name: 'priority 255 + nopreempt resets nopreempt',
    text: instance(`  priority 255\n  nopreempt\n${VIP}`),
    code: 'config.nopreempt-owner',
    message: '(VI) nopreempt is incompatible with priority 255. resetting nopreempt',
    severity: 'warning',
    model: (c) => expect(first(c)).toMatchObject({ preempt: true, state: 'MASTER' }),
  },
  {
    name: 'state MASTER without priority is an owner: weighted script dropped',
    text: SCRIPT + instance(`  state MASTER\n${VIP}\n  track_script {\n    chk\n  }`),
    code: 'config.track-weight-owner',
    message: '(VI) ignoring tracked script chk with weights due to address_owner',
    severity: 'warning',
    model: (c) =>
      expect(first(c)).toMatchObject({
        priority: 255,
        priorityGiven: false,
        state: 'MASTER',
        trackScripts: [],
      }),
  },
  {
    name: 'lowercase state master → BACKUP',
    text: instance(`  state master\n${VIP}`),
    code: 'config.state-unknown',
    message: "(VI) unknown state 'master', defaulting to BACKUP",
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c)).toMatchObject({ state: 'BACKUP', priority: 100 }),
  },
  {
    name: 'no VIPs with v2 runs',
    text: instance(''),
    code: 'config.no-vip',
    message: '(VI) No VIP specified; at least one is sensible',
    severity: 'warning',
  },
  {
    name: 'no VIPs with v3 is fatal',
    text: instance('  version 3'),
    code: 'config.no-vip',
    message: '(VI) No VIP specified; at least one is required',
    severity: 'error',
  },
  {
    name: 'advert_int 1.5 with v2 rounds to 2 s',
    text: instance(`  advert_int 1.5\n${VIP}`),
    code: 'config.advert-int-rounded',
    message: '(VI) VRRPv2 advertisement interval 1.500000s must be an integer. rounding',
    severity: 'warning',
    model: (c) => expect(first(c).advertIntervalCs).toBe(200),
  },
  {
    name: 'advert_int 0.125 with v3 rounds to 0.13 s',
    text: instance(`  version 3\n  advert_int 0.125\n${VIP}`),
    code: 'config.advert-int-rounded',
    message: '(VI) VRRPv3 advertisement interval 0.125000s must be in units of 10ms - rounding',
    severity: 'warning',
    model: (c) => expect(first(c)).toMatchObject({ version: 3, advertIntervalCs: 13 }),
  },
  {
    name: 'advert_int 41 with v3 is capped at 40.95 s',
    text: instance(`  version 3\n  advert_int 41\n${VIP}`),
    code: 'config.advert-int-range',
    message:
      '(VI) VRRPv3 advertisement interval 41.00s is out of range. Must be less than 40.96s. Setting to 40.95s',
    severity: 'warning',
    model: (c) => expect(first(c).advertIntervalCs).toBe(4095),
  },
  {
    name: 'advert_int 0.4 with v2 rounds to 0, then 1 s',
    text: instance(`  advert_int 0.4\n${VIP}`),
    code: 'config.advert-int-rounded',
    message: '(VI) VRRPv2 advertisement interval 0.400000s must be an integer. rounding',
    severity: 'warning',
    model: (c) => expect(first(c).advertIntervalCs).toBe(100),
  },
  {
    name: 'owner with a weighted track_interface drops it',
    text: instance(`  priority 255\n${VIP}\n  track_interface {\n    lo weight -10\n  }`),
    code: 'config.track-weight-owner',
    message: '(VI) ignoring lo tracked interface due to address owner',
    severity: 'warning',
    model: (c) => expect(first(c).trackInterfaces).toEqual([]),
  },
  {
    name: 'track_interface naming the own interface is ignored first',
    text: instance(`  priority 255\n${VIP}\n  track_interface {\n    eth0 weight 10\n  }`),
    code: 'config.track-interface-own',
    message: '(VI) Ignoring track_interface eth0 since own interface',
    severity: 'warning',
    model: (c) => expect(first(c).trackInterfaces).toEqual([]),
  },
  {
    name: 'nopreempt + preempt_delay resets the delay',
    text: instance(`  nopreempt\n  preempt_delay 4\n${VIP}`),
    code: 'config.preempt-delay-cleared',
    message: '(VI) preempt_delay is incompatible with nopreempt mode - resetting',
    severity: 'warning',
    model: (c) => expect(first(c)).toMatchObject({ preempt: false, preemptDelayS: 0 }),
  },
  {
    name: 'advert_int 0 keeps 1 s',
    text: instance(`  advert_int 0\n${VIP}`),
    code: 'config.advert-int-invalid',
    message: '(VI) Advert interval (0) not valid! Must be > 0 - ignoring',
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c).advertIntervalCs).toBe(100),
  },
  {
    name: 'advert_int 300 is out of range',
    text: instance(`  advert_int 300\n${VIP}`),
    code: 'config.number-range',
    message: "number '300' outside range [0.010000, 255.000000]",
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c).advertIntervalCs).toBe(100),
  },
  {
    name: 'typo priorty is skipped',
    text: instance(`  priorty 100\n${VIP}`),
    code: 'config.unknown-keyword',
    message: "Unknown keyword 'priorty'",
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c)).toMatchObject({ priority: 100, priorityGiven: false }),
  },
  {
    name: 'track_script naming an undefined script',
    text: instance(`${VIP}\n  track_script {\n    chk_missing\n  }`),
    code: 'config.track-script-not-found',
    message: '(VI) track script chk_missing not found, ignoring...',
    severity: 'warning',
    line: 8,
    model: (c) => expect(first(c).trackScripts).toEqual([]),
  },
  {
    name: 'script weight 300',
    text:
      'vrrp_script chk {\n  script "/bin/true"\n  weight 300\n}\n' +
      instance(`${VIP}\n  track_script {\n    chk\n  }`),
    code: 'config.script-weight-range',
    message: 'vrrp_script chk weight 300 must be in [-253, 253]',
    severity: 'warning',
    line: 3,
  },
  {
    name: 'track_script weight -254 → -253',
    text: SCRIPT + instance(`  priority 100\n${VIP}\n  track_script {\n    chk weight -254\n  }`),
    code: 'config.track-weight-254',
    message: '(VI) weight for chk cannot be +/-254. Setting to +/-253',
    severity: 'warning',
    line: 13,
    model: (c) => expect(first(c).trackScripts[0].weight).toBe(-253),
  },
  {
    name: 'rise 0 → 1',
    text:
      'vrrp_script chk {\n  script "/bin/true"\n  rise 0\n}\n' +
      instance(`${VIP}\n  track_script {\n    chk\n  }`),
    code: 'config.script-rise-invalid',
    message: "(chk): vrrp script rise value '0' invalid, defaulting to 1",
    severity: 'warning',
    line: 3,
    model: (c) => expect(c.scripts[0].rise).toBe(1),
  },
  {
    name: 'fall abc → 1',
    text:
      'vrrp_script chk {\n  script "/bin/true"\n  fall abc\n}\n' +
      instance(`${VIP}\n  track_script {\n    chk\n  }`),
    code: 'config.script-fall-invalid',
    message: "(chk): vrrp script fall value 'abc' invalid, defaulting to 1",
    severity: 'warning',
    line: 3,
    model: (c) => expect(c.scripts[0].fall).toBe(1),
  },
  {
    name: 'interval 0 → 1 s',
    text:
      'vrrp_script chk {\n  script "/bin/true"\n  interval 0\n}\n' +
      instance(`${VIP}\n  track_script {\n    chk\n  }`),
    code: 'config.script-interval-invalid',
    message: '(chk): vrrp script interval must be greater than 0, setting to 1',
    severity: 'warning',
    line: 3,
    model: (c) => expect(c.scripts[0]).toMatchObject({ intervalS: 1, timeoutS: 1 }),
  },
  {
    name: 'no interface (multicast) is fatal',
    text: `vrrp_instance VI {\n  virtual_router_id 5\n${VIP}\n}\n`,
    code: 'config.interface-missing',
    message: '(VI) Unknown interface!',
    severity: 'error',
  },
  {
    name: 'duplicate instance name: second block skipped',
    text: instance(`  priority 90\n${VIP}`) + instance(`  priority 80\n${VIP}`, 'VI', '52'),
    code: 'config.instance-duplicate',
    message: 'vrrp instance VI already defined',
    severity: 'warning',
    line: 9,
    model: (c) => expect(c.instances.map((i) => [i.vrid, i.priority])).toEqual([[51, 90]]),
  },
  {
    name: 'sync group naming an unknown instance',
    text: 'vrrp_sync_group VG_1 {\n  group {\n    VI\n    VI_X\n  }\n}\n' + instance(VIP),
    code: 'config.sync-unknown-member',
    message: "Virtual router VI_X specified in sync group VG_1 doesn't exist - ignoring",
    severity: 'warning',
    model: (c) => expect(c.syncGroups[0].group).toEqual(['VI']),
  },
  {
    name: 'weighted script on a sync-group member is dropped',
    text:
      SCRIPT +
      'vrrp_sync_group VG_1 {\n  group {\n    VI\n    VJ\n  }\n}\n' +
      instance(`  priority 100\n${VIP}\n  track_script {\n    chk\n  }`) +
      instance('  virtual_ipaddress {\n    10.0.0.9\n  }', 'VJ', '52'),
    code: 'config.track-weight-sync',
    message: '(VI) ignoring tracked script chk with weights due to SYNC group',
    severity: 'warning',
    model: (c) => expect(first(c)).toMatchObject({ trackScripts: [], syncGroup: 'VG_1' }),
  },
  {
    name: "missing '}' closes the block at the end",
    text: `vrrp_instance VI {\n  interface eth0\n  virtual_router_id 51\n${VIP}\n`,
    code: 'config.missing-close-brace',
    message: "There are 1 missing '}'s or extra '{'s",
    severity: 'warning',
    model: (c) => expect(first(c).vips).toHaveLength(1),
  },
  {
    name: "extra '}'",
    text: instance(VIP) + '}\n',
    code: 'config.extra-close-brace',
    message: "Extra '}' found",
    severity: 'warning',
    line: 8,
  },
  {
    name: 'auth_pass longer than 8 is truncated',
    text: instance(`${VIP}\n  authentication {\n    auth_type PASS\n    auth_pass secret12345\n  }`),
    code: 'config.auth-pass-truncated',
    message: 'Truncating auth_pass to 8 characters',
    severity: 'warning',
    line: 9,
    model: (c) => expect(first(c)).toMatchObject({ authType: 'PASS', authPass: 'secret12' }),
  },
  {
    name: 'authentication with v3 is ignored',
    text: instance(`  version 3\n${VIP}\n  authentication {\n    auth_type PASS\n    auth_pass abc\n  }`),
    code: 'config.auth-v3',
    message: '(VI) VRRP version 3 does not support authentication. Ignoring.',
    severity: 'warning',
    model: (c) => expect(first(c).authType).toBeUndefined(),
  },
  {
    name: 'unicast_ttl without peers → TTL 0',
    text: instance(`${VIP}\n  unicast_ttl 10`),
    code: 'config.unicast-ttl-no-peers',
    message: '(VI): Cannot use unicast_ttl without unicast peers - resetting',
    severity: 'warning',
    line: 8,
    model: (c) => expect(first(c).unicastTtl).toBe(0),
  },
  {
    name: 'IPv6 VIP forces v3; a later version 2 conflicts',
    text: instance(`  virtual_ipaddress {\n    fe80::1\n  }\n  version 2`),
    code: 'config.version-conflict',
    message: '(VI) vrrp_version 2 conflicts with configured or deduced version 0; ignoring.',
    severity: 'warning',
    line: 7,
    model: (c) =>
      expect(first(c)).toMatchObject({
        version: 3,
        family: 'ipv6',
        vips: [{ address: 'fe80::1', prefix: 128 }],
      }),
  },
  {
    name: 'scripts without enable_script_security',
    text: SCRIPT + instance(`  priority 100\n${VIP}\n  track_script {\n    chk\n  }`),
    code: 'config.script-security',
    message: 'SECURITY VIOLATION - scripts are being executed but script_security not enabled.',
    severity: 'warning',
  },
  {
    name: 'negative priority: the unsigned reader refuses the sign, then 100',
    text: instance(`  priority -5\n${VIP}`),
    code: 'config.number-range',
    message: "negative number '-5'",
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c).priority).toBe(100),
  },
  {
    name: 'preempt_delay out of range: both messages',
    text: instance(`  preempt_delay 2000\n${VIP}`),
    code: 'config.preempt-delay-invalid',
    message: '(VI) Preempt_delay not valid! must be between 0-1000',
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c).preemptDelayS).toBe(0),
  },
  {
    name: 'garp_master_repeat 0 → 1',
    text: instance(`  garp_master_repeat 0\n${VIP}`),
    code: 'config.repeat-zero',
    message: '(VI): garp_master_repeat must be greater than 0, setting to 1',
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c).garpMasterRepeat).toBe(1),
  },
  {
    // keepalived prints global_defs lines as "(Line 2)", without the file name.
    name: 'global vrrp_garp_master_repeat 0 → 1',
    text: `global_defs {\n  vrrp_garp_master_repeat 0\n}\n${instance(VIP)}`,
    code: 'config.repeat-zero',
    message: 'vrrp_garp_master_repeat must be greater than 0, setting to 1',
    severity: 'warning',
    model: (c) => expect(first(c).garpMasterRepeat).toBe(1),
  },
  {
    name: 'down_timer_adverts 0',
    text: instance(`  down_timer_adverts 0\n${VIP}`),
    code: 'config.value-invalid',
    message: "(VI): Invalid down_timer_adverts [1:100] '0'",
    severity: 'warning',
    line: 4,
    model: (c) => expect(first(c).downTimerAdverts).toBe(3),
  },
  {
    name: 'unicast_ttl -1',
    text: instance(`${VIP}\n  unicast_ttl -1\n  unicast_peer {\n    10.0.0.9\n  }`),
    code: 'config.value-invalid',
    message: "(VI): TTL '-1' not valid - must be between 0 & 255",
    severity: 'warning',
    line: 7,
  },
  {
    name: 'lvs_sync_daemon_interface in an instance is deprecated',
    text: instance(`  lvs_sync_daemon_interface eth0\n${VIP}`),
    code: 'config.deprecated',
    message: '(VI) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.',
    severity: 'warning',
    line: 4,
  },
  {
    name: 'an empty group block is noticed at its end',
    text: 'vrrp_sync_group G1 {\n  group {\n  }\n}\n' + instance(VIP),
    code: 'config.sync-empty-block',
    message: 'Warning - sync group G1 has empty group block',
    severity: 'warning',
    line: 3,
  },
  {
    name: 'a sync group without members is removed',
    text: 'vrrp_sync_group G1 {\n  group {\n  }\n}\n' + instance(VIP),
    code: 'config.sync-empty',
    message: 'Sync group G1 has no virtual router(s). removing',
    severity: 'warning',
    model: (c) => expect(c.syncGroups).toEqual([]),
  },
  {
    name: 'virtual_routes: a route with no interface cannot be tracked',
    text: instance(`${VIP}\n  virtual_routes {\n    10.2.0.0/16 via 10.0.0.254\n  }`),
    code: 'config.route-no-interface',
    message: 'Warning - cannot track route 10.2.0.0/16 with no interface specified, not tracking',
    severity: 'warning',
    line: 8,
  },
  {
    name: 'virtual_routes: "or" is deprecated',
    text: instance(`${VIP}\n  virtual_routes {\n    10.3.0.0/16 via 10.0.0.1 or 10.0.0.2 dev eth0\n  }`),
    code: 'config.route-deprecated',
    message: '"or" for routes is deprecated. Please use "nexthop"',
    severity: 'warning',
    line: 8,
  },
  {
    name: 'virtual_routes: "gw" is deprecated',
    text: instance(`${VIP}\n  virtual_routes {\n    10.4.0.0/16 gw 10.0.0.1 dev eth0\n  }`),
    code: 'config.route-deprecated',
    message: '"gw" for routes is deprecated. Please use "via"',
    severity: 'warning',
    line: 8,
  },
  {
    name: 'virtual_routes: an invalid destination',
    text: instance(`${VIP}\n  virtual_routes {\n    10.5.0./24 dev eth0\n  }`),
    code: 'config.route-invalid-ip',
    message: 'VRRP parsed invalid IP 10.5.0./24. skipping IP...',
    severity: 'warning',
    line: 8,
  },
  {
    name: 'virtual_routes: an invalid gateway',
    text: instance(`${VIP}\n  virtual_routes {\n    10.8.0.0/16 via 10.0.0.300 dev eth0\n  }`),
    code: 'config.route-invalid',
    message: 'invalid route via address 10.0.0.300',
    severity: 'warning',
    line: 8,
  },
  {
    name: 'virtual_rules: an invalid address',
    text: instance(`${VIP}\n  virtual_rules {\n    to 10.0.0./24 table 2 priority 100\n  }`),
    code: 'config.rule-invalid',
    message: 'Invalid rule to address 10.0.0./24',
    severity: 'warning',
    line: 8,
  },
  {
    name: 'virtual_rules: no preference',
    text: instance(`${VIP}\n  virtual_rules {\n    from 10.0.0.1 table 100\n  }`),
    code: 'config.rule-no-preference',
    message: 'Rule has no preference specified - setting to 16384. This is probably not what you want.',
    severity: 'warning',
    line: 8,
  },
];

describe('§7.7 diagnostics catalogue', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = parse(c.text);
      const d = r.diagnostics.find((x) => x.code === c.code && x.message === c.message);
      expect(d, `${c.code} in ${JSON.stringify(r.diagnostics.map((x) => x.message))}`).toBeDefined();
      expect(d!.severity).toBe(c.severity);
      expect(isTextPosition(d!.at)).toBe(true);
      if (c.line !== undefined && isTextPosition(d!.at)) expect(d!.at.line).toBe(c.line);
      if (c.severity !== 'error' && !c.alsoFatal) expect(r.errors).toEqual([]);
      c.model?.(r.value);
    });
    it.skipIf(!hasKeepalived)(`${c.name}: keepalived -t prints the same`, () => {
      const { output } = keepalivedTest(c.text);
      const expected = c.line !== undefined ? `(k.conf: Line ${c.line}) ${c.message}` : c.message;
      expect(output).toContain(expected);
    });
  }
});

describe('§2.3 initial state and priority', () => {
  const table: [string, string, number][] = [
    ['', 'BACKUP', 100],
    ['  priority 255', 'MASTER', 255],
    ['  priority 120', 'BACKUP', 120],
    ['  state MASTER', 'MASTER', 255],
    ['  state MASTER\n  priority 120', 'MASTER', 120],
    ['  state BACKUP\n  priority 255', 'BACKUP', 255],
    ['  state MASTER\n  state BACKUP\n  priority 50', 'MASTER', 50],
  ];
  for (const [lines, state, priority] of table) {
    it(`${JSON.stringify(lines)} → ${state} ${priority}`, () => {
      const r = parse(instance(`${lines}\n${VIP}`));
      expect(r.value.instances[0]).toMatchObject({ state, priority });
      expect(r.errors).toEqual([]);
    });
  }
  it('defaults after completion (§7.4, §5.1, §6.3)', () => {
    const inst = parse(instance(VIP)).value.instances[0];
    expect(inst).toMatchObject({
      version: 2,
      advertIntervalCs: 100,
      preempt: true,
      preemptDelayS: 0,
      unicastTtl: 255,
      garpMasterDelayS: 5,
      garpMasterRepeat: 5,
      garpMasterRefreshS: 0,
      downTimerAdverts: 3,
      lowerPrioNoAdvert: false,
      family: 'ipv4',
    });
  });
  it('global vrrp_version 3 and garp settings become instance defaults', () => {
    const r = parse(`global_defs {\n  vrrp_version 3\n  vrrp_garp_master_delay 2\n}\n${instance(VIP)}`);
    expect(r.value.instances[0]).toMatchObject({ version: 3, garpMasterDelayS: 2 });
  });
  it('strict mode forces state to match ownership', () => {
    const r = parse(`global_defs {\n  vrrp_strict\n}\n${instance(`  state MASTER\n  priority 100\n${VIP}`)}`);
    expect(r.find('config.strict-state')?.message).toBe('(VI) State MASTER must match being address owner');
    expect(r.value.instances[0]).toMatchObject({
      state: 'BACKUP',
      lowerPrioNoAdvert: true,
      strictMode: true,
    });
  });
});

describe('more parse-time and completion messages, as keepalived -t prints them', () => {
  const text = `vrrp_script chk {
  script "/bin/true"
}
vrrp_sync_group G1 {
  group {
    VA
  }
}
vrrp_sync_group G2 {
  group {
    VA
  }
}
vrrp_instance VA {
  interface eth0
  state MASTER
  state BACKUP
  priority 100
  virtual_router_id 10
  virtual_ipaddress {
    10.0.0.1
  }
  track_script {
    chk
    chk
  }
  track_interface {
    eth0
    eth0
  }
  notify_master "/bin/true"
  notify_master "/bin/false"
  authentication {
    auth_type PASS
  }
  lower_prio_no_advert maybe
  mcast_src_ip 1.2.3
}
vrrp_instance VB {
  interface eth0
  virtual_router_id 11
  unicast_src_ip 10.0.0.1
  virtual_ipaddress {
    10.0.0.2
  }
}
`;
  const expected: [string, number | undefined][] = [
    ['(VA) state previously set as MASTER - ignoring BACKUP', 17],
    ['(VA) duplicate track_script chk - ignoring', 25],
    ['(VA) duplicate track_interface eth0 - ignoring', 29],
    ['(VA) notify_master script already specified - ignoring /bin/false', 32],
    ['(VA) invalid lower_prio_no_advert maybe specified', 36],
    ['Configuration error: VRRP instance[VA] malformed src address[1.2.3]. Skipping...', 37],
    ["Sync group G1 has only 1 virtual router(s) - this probably isn't what you want", undefined],
    ['Virtual router VA cannot exist in more than one sync group; ignoring G2', undefined],
    ['Sync group G2, no matching virtual router found in group declaration - removing', undefined],
    ['(VA) Authentication specified but no password given. Ignoring', undefined],
    ['(VA) Ignoring track_interface eth0 since own interface', undefined],
    [
      '(VB) A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.',
      undefined,
    ],
  ];
  it('vrrpscope reports each, at keepalived’s line, with no error', () => {
    const r = parse(text);
    expect(r.errors).toEqual([]);
    for (const [message, line] of expected) {
      const d = r.diagnostics.find((x) => x.message === message);
      expect(d, message).toBeDefined();
      if (line !== undefined) expect(d!.at).toMatchObject({ line });
    }
    expect(r.value.instances[0]).toMatchObject({
      state: 'MASTER',
      priority: 100,
      syncGroup: 'G1',
      authType: undefined,
    });
    expect(r.value.syncGroups.map((g) => g.name)).toEqual(['G1']);
  });
  it.skipIf(!hasKeepalived)('keepalived -t prints the same lines', () => {
    const { output } = keepalivedTest(text);
    for (const [message, line] of expected)
      expect(output).toContain(line ? `(k.conf: Line ${line}) ${message}` : message);
  });
});

describe('scripts keepalived drops silently are not "unused"', () => {
  const owner = SCRIPT + instance(`  priority 255\n${VIP}\n  track_script {\n    chk\n  }`);
  const sync =
    SCRIPT +
    'vrrp_sync_group G {\n  group {\n    VI\n    VJ\n  }\n}\n' +
    instance(`${VIP}\n  track_script {\n    chk\n  }`) +
    instance('  virtual_ipaddress {\n    10.0.0.2\n  }', 'VJ', '52');
  for (const [name, text] of [
    ['an owner', owner],
    ['a sync-group member', sync],
  ]) {
    it(`a weighted script tracked by ${name}: dropped, still run (SECURITY VIOLATION), never "not used"`, () => {
      const r = parse(text);
      expect(r.codes).not.toContain('config.script-unused');
      expect(r.codes).toContain('config.script-security');
    });
    it.skipIf(!hasKeepalived)(`${name}: keepalived -t agrees`, () => {
      const { output } = keepalivedTest(text);
      expect(output).not.toContain('is not used');
      expect(output).toContain('SECURITY VIOLATION - scripts are being executed');
    });
  }
});
