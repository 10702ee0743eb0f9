/** FRR vrrpd configs and ucarp command lines as scenario nodes, linted with keepalived.conf's cross-node checks. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frrAsKeepalived, frrScenarioConfig, looksLikeFrr, parseFrr } from '../../../src/lib/config/frr';
import { lintScenario } from '../../../src/lib/config';
import { parseConfig } from '../../../src/lib/config';
import { REPO_ROOT } from '../../shared-path';

const FRR = `hostname r1
!
interface eth0
 vrrp 5 version 3
 vrrp 5 priority 200
 vrrp 5 advertisement-interval 1500
 vrrp 5 ip 10.0.0.5
 vrrp 5 ipv6 2001:db8::5
 no vrrp 5 preempt
!
interface eth1
 vrrp 6 ip 10.0.1.6
exit
router bgp 65000
`;

describe('FRR vrrpd configuration', () => {
  it("reads each virtual router with FRR's defaults (version 3, priority 100, 1000 ms, preempt)", () => {
    const r = parseFrr(FRR, { file: 'r1.conf' });
    expect(r.diagnostics).toEqual([]);
    expect(r.value.hostname).toBe('r1');
    expect(
      r.value.routers.map(({ at: _a, vips, ...x }) => ({ ...x, vips: vips.map((v) => v.address) })),
    ).toEqual([
      {
        interface: 'eth0',
        vrid: 5,
        version: 3,
        priority: 200,
        intervalMs: 1500,
        preempt: false,
        shutdown: false,
        vips: ['10.0.0.5', '2001:db8::5'],
      },
      {
        interface: 'eth1',
        vrid: 6,
        version: 3,
        priority: 100,
        intervalMs: 1000,
        preempt: true,
        shutdown: false,
        vips: ['10.0.1.6'],
      },
    ]);
    expect(r.value.routers[0].at).toMatchObject({ file: 'r1.conf', line: 4, col: 2 });
  });

  it('becomes keepalived instances of the same behaviour, one per family, pointing at the FRR lines', () => {
    const cfg = frrAsKeepalived(parseFrr(FRR, { file: 'r1.conf' }).value, 'r1.conf');
    expect(cfg.globalDefs.routerId).toBe('r1');
    expect(
      cfg.instances.map((i) => [
        i.name,
        i.vrid,
        i.family,
        i.version,
        i.priority,
        i.advertIntervalCs,
        i.preempt,
        i.vips.map((v) => v.address),
      ]),
    ).toEqual([
      ['eth0_5', 5, 'ipv4', 3, 200, 150, false, ['10.0.0.5']],
      ['eth0_5_v6', 5, 'ipv6', 3, 200, 150, false, ['2001:db8::5']],
      ['eth1_6', 6, 'ipv4', 3, 100, 100, true, ['10.0.1.6']],
    ]);
    expect(cfg.instances[0].at).toMatchObject({ file: 'r1.conf', line: 4 });
    expect(cfg.instances[0].vips[0].at).toMatchObject({ line: 7, col: 12 });
  });

  it('becomes a scenario node config that keepalived reads without a diagnostic', () => {
    const text = frrScenarioConfig(parseFrr(FRR).value);
    const parsed = parseConfig(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value.globalDefs.routerId).toBe('r1');
    expect(parsed.value.instances.map((i) => i.name)).toEqual(['eth0_5', 'eth0_5_v6', 'eth1_6']);
  });

  it('positioned diagnostics for bad input, never a throw', () => {
    const bad =
      'vrrp 1 ip 10.0.0.1\ninterface eth0\n vrrp 0 ip 1.1.1.1\n vrrp 2 priority 255\n vrrp 2 ip 10.0.0\n vrrp 2 version 4\n vrrp 2 advertisement-interval 15\n vrrp 3 version 2\n vrrp 3 ipv6 ::1\n vrrp 2 frobnicate\n';
    const r = parseFrr(bad, { file: 'x' });
    expect(r.diagnostics.map((d) => [d.code, (d.at as { line: number }).line])).toEqual([
      ['frr.vrrp-outside-interface', 1],
      ['frr.vrid-range', 3],
      ['frr.out-of-range', 4],
      ['frr.bad-address', 5],
      ['frr.version', 6],
      ['frr.interval-granularity', 7],
      ['frr.unknown-command', 10],
      ['frr.no-address', 4],
      ['frr.v2-ipv6', 8],
    ]);
    for (const t of ['', 'interface', 'interface eth0\n vrrp', ' vrrp x', '\u0000', 'no vrrp 5\n'])
      expect(() => parseFrr(t)).not.toThrow();
  });

  it('is told from keepalived.conf and from a ucarp command line', () => {
    expect(looksLikeFrr(FRR)).toBe(true);
    expect(looksLikeFrr('vrrp_instance VI {\n interface eth0\n virtual_router_id 5\n}')).toBe(false);
    expect(looksLikeFrr('ucarp --vhid=5 --addr=10.0.0.1')).toBe(false);
  });

  it('lints with keepalived nodes: version, interval and VIPs across nodes', () => {
    const frr = { node: 'r1', config: frrAsKeepalived(parseFrr(FRR, { file: 'r1.conf' }).value, 'r1.conf') };
    const ka = parseConfig(
      'vrrp_instance VI {\n interface eth0\n virtual_router_id 5\n priority 100\n advert_int 1\n virtual_ipaddress {\n 10.0.0.9\n }\n}\n',
      { file: 'k.conf' },
    );
    const codes = lintScenario([frr, { node: 'k', config: ka.value }]).findings.filter(
      (f) => f.vrid === 5 && f.severity === 'error',
    );
    expect(codes.map((f) => f.code).sort()).toEqual([
      'lint.vrid-advert-int-differs',
      'lint.vrid-version-differs',
      'lint.vrid-vips-differ',
    ]);
  });
});

const ucarp = (name: string, line: string) => ({ name, config: line, implementation: 'ucarp' as const });

describe('ucarp command lines in the scenario lint', () => {
  const base = '--interface=eth0 --vhid=7 --advbase=1';
  it('a consistent pair with skews 0 and 100 has nothing to say', () => {
    const f = lintScenario([
      ucarp('u1', `ucarp ${base} --srcip=10.0.0.1 --pass=x --addr=10.0.0.9 --advskew=0`),
      ucarp('u2', `ucarp ${base} --srcip=10.0.0.2 --pass=x --addr=10.0.0.9 --advskew=100`),
    ]).findings;
    expect(f).toEqual([]);
  });

  it('address, password, group and advbase differences, and equal skews, each at the option', () => {
    const f = lintScenario([
      ucarp('u1', `ucarp ${base} --srcip=10.0.0.1 --pass=x --addr=10.0.0.9 --advskew=0`),
      ucarp(
        'u2',
        `ucarp --interface=eth0 --vhid=7 --srcip=10.0.0.2 --pass=y --addr=10.0.0.8 --advbase=2 -m 224.0.0.19 -k 0`,
      ),
      ucarp('u3', `ucarp ${base} --srcip=10.0.0.3 --pass=x --addr=10.0.0.9 --advskew=0`),
    ]).findings;
    expect(f.map((x) => [x.code, x.node, (x.at as { col: number }).col])).toEqual([
      ['lint.vhid-addr-differs', 'u2', 59],
      ['lint.vhid-pass-differs', 'u2', 50],
      ['lint.vhid-mcast-differs', 'u2', 88],
      ['lint.vhid-advbase-differs', 'u2', 75],
      ['lint.vhid-equal-skew', 'u3', 87],
    ]);
    expect(f[1].message).not.toContain('(y)');
  });

  it('a VRRP VRID and a CARP vhid of the same number on one interface', () => {
    const ka = parseConfig(
      'vrrp_instance VI {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n 10.0.0.5\n }\n}\n',
      { file: 'k.conf' },
    );
    const f = lintScenario([
      { node: 'k', config: ka.value },
      ucarp('u1', `ucarp ${base} --srcip=10.0.0.1 --pass=x --addr=10.0.0.9`),
    ]).findings;
    expect(f.map((x) => x.code)).toContain('lint.vrrp-carp-same-id');
  });
});

describe('vrrpscope lint detects each file format', () => {
  it('keepalived.conf, FRR and ucarp files together, positioned findings, exit 1 on an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-lint-'));
    writeFileSync(join(dir, 'r1.conf'), FRR);
    writeFileSync(
      join(dir, 'u1.sh'),
      'ucarp --interface=eth1 --srcip=10.0.1.2 --vhid=6 --pass=a --addr=10.0.1.7\n',
    );
    const r = spawnSync(
      process.execPath,
      ['src/cli/bin.mjs', 'lint', join(dir, 'r1.conf'), join(dir, 'u1.sh')],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toContain(`${join(dir, 'u1.sh')}:1:41: warning: VRRP VRID 6 (r1) and CARP vhid 6 (u1)`);
    expect(r.stdout).toContain('Scenario (r1, u1):');
    expect(r.status).toBe(0);
    writeFileSync(join(dir, 'u2.sh'), 'ucarp -i eth1 -s 10.0.1.3 -v 6 -p b -a 10.0.1.7\n');
    const r2 = spawnSync(
      process.execPath,
      ['src/cli/bin.mjs', 'lint', join(dir, 'u1.sh'), join(dir, 'u2.sh')],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(r2.stdout).toContain(
      `${join(dir, 'u2.sh')}:1:33: error: CARP vhid 6 differs between u1 (one password) and u2 (another)`,
    );
    expect(r2.status).toBe(1);
  });
});
