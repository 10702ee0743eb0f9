/** lintScenario: cross-node checks and the weight analysis (docs/vrrp-behaviour.md §4.2, §4.8). */
import { describe, expect, it } from 'vitest';
import { lintScenario, parseConfig } from '../../../src/lib/config';
import type { Finding, LintNode } from '../../../src/lib/config';
import { lintNode, lintScenarioSteps, nodeLintCodes } from '../../../src/lib/config/lint';
import { fixture } from './helpers';

function node(name: string, text: string, addresses?: Record<string, string[]>): LintNode {
  const r = parseConfig(text, { file: `${name}.conf` });
  return { node: name, config: r.value, diagnostics: r.diagnostics, ...(addresses ? { addresses } : {}) };
}

const lint = (...nodes: LintNode[]) => lintScenario(nodes).findings;
const byCode = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);

/** A Panda-like node: one script with `weight`, and instances [vrid, priority]. */
function panda(weight: number, ...insts: [number, number][]): string {
  const script = `vrrp_script chk_haproxy {\n  script "killall -0 haproxy"\n  interval 2\n  weight ${weight}\n}\n`;
  return (
    script +
    insts
      .map(
        ([vrid, prio]) =>
          `vrrp_instance 192.168.3.${vrid} {\n  interface eth2\n  state MASTER\n  virtual_router_id ${vrid}\n  priority ${prio}\n  virtual_ipaddress {\n    192.168.3.${vrid}\n  }\n  track_script {\n    chk_haproxy\n  }\n}\n`,
      )
      .join('')
  );
}

describe('Panda (§4.8)', () => {
  const findings = lint(
    node('prod-haproxy-000', fixture('prod-haproxy-000.conf')),
    node('prod-haproxy-001', fixture('prod-haproxy-001.conf')),
  );

  it('haproxy dying on 000 moves .200 to 001; on 001 moves .201 to 000', () => {
    const moves = byCode(findings, 'lint.failure-moves').map((f) => f.message);
    expect(moves).toContain(
      'chk_haproxy failing on prod-haproxy-000 moves 192.168.3.200 (VRID 200) from prod-haproxy-000 to prod-haproxy-001: prod-haproxy-000 100 − 2 = 98 (chk_haproxy failed) < prod-haproxy-001 99',
    );
    expect(moves).toContain(
      'chk_haproxy failing on prod-haproxy-001 moves 192.168.3.201 (VRID 201) from prod-haproxy-001 to prod-haproxy-000: prod-haproxy-001 100 − 2 = 98 (chk_haproxy failed) < prod-haproxy-000 99',
    );
    expect(
      byCode(findings, 'lint.failure-moves').filter((f) => f.message.startsWith('chk_haproxy')),
    ).toHaveLength(2);
  });
  it('eth2 going down moves the VIP too (FAULT)', () => {
    const f = byCode(findings, 'lint.failure-moves').find((x) =>
      x.message.startsWith('eth2 going down on prod-haproxy-000'),
    );
    expect(f).toMatchObject({ node: 'prod-haproxy-000', vrid: 200 });
    expect(f!.message).toContain('to prod-haproxy-001: prod-haproxy-000 in FAULT (eth2 down)');
  });
  it('both nodes are state MASTER with explicit priorities: no owners, one master per VRID', () => {
    expect(byCode(findings, 'lint.vrid-roles').map((f) => f.message)).toEqual([
      'VRID 200 (192.168.3.200): prod-haproxy-000 MASTER (100), prod-haproxy-001 BACKUP (99)',
      'VRID 201 (192.168.3.201): prod-haproxy-000 BACKUP (99), prod-haproxy-001 MASTER (100)',
    ]);
    expect(byCode(findings, 'lint.two-owners')).toEqual([]);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
  it('the backups’ weights are flagged only as info', () => {
    expect(byCode(findings, 'lint.weight-no-effect').map((f) => [f.node, f.vrid, f.severity])).toEqual([
      ['prod-haproxy-001', 200, 'info'],
      ['prod-haproxy-000', 201, 'info'],
    ]);
  });
});

describe('weights that can never change the master', () => {
  it('weight -2 with a gap of 1 flips; with a gap of 10 it never does', () => {
    const flips = lint(node('a', panda(-2, [200, 100])), node('b', panda(-2, [200, 99])));
    expect(byCode(flips, 'lint.weight-no-effect').filter((f) => f.severity === 'warning')).toEqual([]);
    const never = lint(node('a', panda(-2, [200, 110])), node('b', panda(-2, [200, 100])));
    const w = byCode(never, 'lint.weight-no-effect').find((f) => f.node === 'a');
    expect(w).toMatchObject({ severity: 'warning', vrid: 200 });
    expect(w!.message).toBe(
      'weight -2 of chk_haproxy on a can never change the master of VRID 200: the gap to the next priority (110 − 100 = 10) is not less than 2',
    );
    expect(byCode(never, 'lint.failure-no-move').map((f) => f.message)).toContain(
      'chk_haproxy failing on a does not move VRID 200 (192.168.3.200): 110 − 2 = 108 (chk_haproxy failed) on a, still the highest',
    );
  });
  it('weight -2 with a gap of 1 against a nopreempt backup: the reason is nopreempt, not the gap (§3.2)', () => {
    const b = panda(-2, [200, 99]).replace('state MASTER', 'state BACKUP\n  nopreempt');
    const fs = lint(node('a', panda(-2, [200, 100]).replace('state MASTER', 'state BACKUP')), node('b', b));
    const w = byCode(fs, 'lint.weight-no-effect').find((f) => f.node === 'a');
    expect(w?.message).toBe(
      'weight -2 of chk_haproxy on a can never change the master of VRID 200: 100 − 2 = 98 falls below b, but a backup with nopreempt never takes over from a master still advertising (§3.2)',
    );
  });
  it('weight -1 with a gap of 1 ties, and a BACKUP accepts an equal advert: no failover (§4.8)', () => {
    const fs = lint(node('a', panda(-1, [200, 100])), node('b', panda(-1, [200, 99])));
    expect(byCode(fs, 'lint.failure-moves').filter((f) => f.message.startsWith('chk_haproxy'))).toEqual([]);
    expect(byCode(fs, 'lint.weight-no-effect').find((f) => f.node === 'a')?.severity).toBe('warning');
    const noMove = byCode(fs, 'lint.failure-no-move').find((f) => f.message.startsWith('chk_haproxy'));
    expect(noMove?.message).toMatch(
      /^chk_haproxy failing on a does not move VRID 200 \(192\.168\.3\.200\): 100 − 1 = 99 \(chk_haproxy failed\) on a ties with b's 99; b, as BACKUP, accepts an equal advert, so a stays MASTER \(the higher address(, \w+'s,)? wins only when both are MASTER at once, §2\.6\.1\)$/,
    );
    expect(noMove?.message).not.toContain('still the highest');
  });
  it('a weight that only matters when a third node is down is not flagged', () => {
    const fs = lint(
      node('a', panda(-5, [9, 100])),
      node('b', panda(0, [9, 120])),
      node('c', panda(0, [9, 97])),
    );
    expect(byCode(fs, 'lint.weight-no-effect').filter((f) => f.node === 'a')).toEqual([]);
  });
  it('weight 0 scripts fault the instance and move the VIP', () => {
    const fs = lint(node('a', panda(0, [7, 100])), node('b', panda(0, [7, 90])));
    expect(byCode(fs, 'lint.failure-moves').map((f) => f.message)).toContain(
      'chk_haproxy failing on a moves 192.168.3.7 (VRID 7) from a to b: a in FAULT (chk_haproxy failed)',
    );
  });
  it('equal priorities: the tie-break by address when addresses are known', () => {
    const fs = lint(
      node('a', panda(-2, [5, 100]), { eth2: ['192.168.3.4/24'] }),
      node('b', panda(-2, [5, 100]), { eth2: ['192.168.3.5/24'] }),
    );
    expect(byCode(fs, 'lint.vrid-tie')).toHaveLength(1);
    expect(byCode(fs, 'lint.vrid-roles')[0].message).toBe(
      'VRID 5 (192.168.3.5): a BACKUP (100), b MASTER (100)',
    );
  });
});

describe('cross-node consistency', () => {
  const base = (vrid: number, extra: string, vip = '10.0.0.1', prio = 100) =>
    `vrrp_instance VI {\n  interface eth0\n  virtual_router_id ${vrid}\n  priority ${prio}\n${extra}\n  virtual_ipaddress {\n    ${vip}\n  }\n}\n`;
  it('VRID reused with different VIPs', () => {
    const fs = lint(node('a', base(10, '')), node('b', base(10, '', '10.0.0.2', 90)));
    expect(byCode(fs, 'lint.vrid-vips-differ')[0]).toMatchObject({ severity: 'error', node: 'b', vrid: 10 });
  });
  it('different advert_int, version or authentication', () => {
    const fs = lint(
      node('a', base(10, '  advert_int 2\n  authentication {\n    auth_type PASS\n    auth_pass abc\n  }')),
      node('b', base(10, '', '10.0.0.1', 90)),
      node('c', base(10, '  version 3', '10.0.0.1', 80)),
    );
    expect(byCode(fs, 'lint.vrid-advert-int-differs').length).toBeGreaterThan(0);
    expect(byCode(fs, 'lint.vrid-auth-differs').length).toBeGreaterThan(0);
    expect(byCode(fs, 'lint.vrid-version-differs').map((f) => f.node)).toEqual(['c']);
  });
  it('two owners of one VRID', () => {
    const fs = lint(
      node('a', base(10, '', '10.0.0.1', 255)),
      node('b', base(10, '  state MASTER', '10.0.0.1', 255)),
    );
    expect(byCode(fs, 'lint.two-owners')[0].message).toContain('2 address owners (priority 255): a, b');
  });
  it('state MASTER with nopreempt', () => {
    const fs = lint(
      node('a', base(10, '  state MASTER\n  nopreempt')),
      node('b', base(10, '  nopreempt', '10.0.0.1', 90)),
    );
    expect(byCode(fs, 'lint.master-nopreempt').map((f) => f.node)).toEqual(['a']);
  });
  it('unicast_ttl without peers is an error: no advert leaves the node', () => {
    const fs = lint(node('a', base(10, '  unicast_ttl 5')), node('b', base(10, '', '10.0.0.1', 90)));
    expect(byCode(fs, 'lint.unicast-ttl-no-peers')[0]).toMatchObject({
      severity: 'error',
      node: 'a',
      vrid: 10,
    });
  });
  it('unicast peers must name every other node of the VRID', () => {
    const uni = (src: string, peers: string[]) =>
      base(20, `  unicast_src_ip ${src}\n  unicast_peer {\n${peers.map((p) => `    ${p}`).join('\n')}\n  }`);
    const ok = lint(node('a', uni('10.0.0.11', ['10.0.0.12'])), node('b', uni('10.0.0.12', ['10.0.0.11'])));
    expect(byCode(ok, 'lint.unicast-peer-missing')).toEqual([]);
    const bad = lint(node('a', uni('10.0.0.11', ['10.0.0.13'])), node('b', uni('10.0.0.12', ['10.0.0.11'])));
    expect(byCode(bad, 'lint.unicast-peer-missing').map((f) => [f.node, f.severity])).toEqual([
      ['a', 'error'],
    ]);
  });
  it('an interface the node does not have', () => {
    const fs = lint(node('a', base(10, ''), { eth1: ['10.0.0.5/24'] }));
    expect(byCode(fs, 'lint.interface-missing')[0].message).toBe(
      "WARNING - interface eth0 for vrrp_instance VI doesn't exist on a",
    );
    expect(byCode(fs, 'lint.vrid-single-node')).toHaveLength(1);
  });
  it("lintNode gives the scenario lint's findings about one node's config alone", () => {
    const a = node('a', base(10, ''), { eth1: ['10.0.0.5/24'] });
    const alone = lintNode(a);
    expect(alone.map((f) => f.code)).toEqual(['lint.interface-missing']);
    expect(alone).toEqual(
      lint(a, node('b', base(10, ''), { eth0: ['10.0.0.6/24'] })).filter(
        (f) => f.node === 'a' && nodeLintCodes.has(f.code),
      ),
    );
  });
  it('sync groups: a member fault takes the whole group to FAULT (§6.1)', () => {
    const conf = (p: number) =>
      `vrrp_script chk {\n  script "pidof x"\n}\nvrrp_sync_group G {\n  group {\n    A\n    B\n  }\n}\n` +
      `vrrp_instance A {\n  interface eth0\n  virtual_router_id 1\n  priority ${p}\n  virtual_ipaddress {\n    10.0.0.1\n  }\n  track_script {\n    chk\n  }\n}\n` +
      `vrrp_instance B {\n  interface eth1\n  virtual_router_id 2\n  priority ${p}\n  virtual_ipaddress {\n    10.0.1.1\n  }\n}\n`;
    const fs = lint(node('n1', conf(100)), node('n2', conf(90)));
    const moves = byCode(fs, 'lint.failure-moves').map((f) => f.message);
    expect(moves).toContain(
      'chk failing on n1 moves 10.0.1.1 (VRID 2) from n1 to n2: n1 in FAULT (sync group: A in FAULT)',
    );
  });
});

describe('scenario nodes as input', () => {
  it('parses each node’s config text under its name and uses its interfaces', () => {
    const { findings } = lintScenario([
      {
        name: 'prod-haproxy-000',
        interfaces: { eth2: ['192.168.3.4/24'] },
        config: fixture('prod-haproxy-000.conf'),
      },
      {
        name: 'prod-haproxy-001',
        interfaces: { eth1: ['192.168.3.5/24'] },
        config: fixture('prod-haproxy-001.conf'),
      },
    ]);
    const move = byCode(findings, 'lint.failure-moves').find((f) =>
      f.message.startsWith('chk_haproxy failing on prod-haproxy-000'),
    );
    expect(move?.at).toMatchObject({ file: 'prod-haproxy-000', line: 14 });
    expect(byCode(findings, 'lint.interface-missing').map((f) => [f.node, f.vrid])).toEqual([
      ['prod-haproxy-001', 201],
      ['prod-haproxy-001', 200],
    ]);
  });
});

describe('a VRID is one virtual router per L2 segment (§6.2)', () => {
  /** One instance on `iface` with VRID `vrid` and VIP `vip`. */
  const inst = (name: string, iface: string, vrid: number, vip: string) =>
    `vrrp_instance ${name} {\n  interface ${iface}\n  virtual_router_id ${vrid}\n  priority 100\n  virtual_ipaddress {\n    ${vip}\n  }\n}\n`;

  it('one node with VRID 51 on eth0 and on eth1 is two routers: no error, no tie with itself', () => {
    const x = node('X', inst('A', 'eth0', 51, '10.0.0.100') + inst('B', 'eth1', 51, '10.1.0.100'));
    expect(x.diagnostics!.filter((d) => d.severity !== 'info')).toEqual([]);
    const findings = lint(x);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => /X and X|from X to X|X .* X have the same/.test(f.message))).toEqual([]);
    expect(byCode(findings, 'lint.vrid-roles').map((f) => f.message)).toEqual([
      'VRID 51 (10.0.0.100): X MASTER (100)',
      'VRID 51 (10.1.0.100): X MASTER (100)',
    ]);
  });

  it('two nodes: the same VRID on different segments is never compared across them', () => {
    const a = node('a', inst('A', 'eth0', 51, '10.0.0.100'));
    const b = node('b', inst('B', 'eth1', 51, '10.1.0.100'));
    expect(lint(a, b).filter((f) => f.code.startsWith('lint.vrid-') && f.code !== 'lint.vrid-roles')).toEqual(
      [
        expect.objectContaining({
          code: 'lint.vrid-single-node',
          node: 'a',
          message: 'VRID 51 on eth0 is configured on a only: nothing takes over if it fails',
        }),
        expect.objectContaining({ code: 'lint.vrid-single-node', node: 'b' }),
      ],
    );
    // On one segment, different VIPs are still the error they are.
    const c = node('c', inst('C', 'eth0', 51, '10.0.0.101'));
    expect(byCode(lint(a, b, c), 'lint.vrid-vips-differ')).toHaveLength(1);
  });

  it('1,000 instances, 255 VRIDs per interface, on one node: not one error', () => {
    const ifaces = ['eth0', 'eth1', 'eth0.100', 'eth0.200'];
    let text = '';
    for (let n = 0; n < 1000; n++) {
      const i = Math.floor(n / 255);
      const vrid = (n % 255) + 1;
      text += inst(`VI_${n}`, ifaces[i], vrid, `10.${i}.${vrid}.1`);
    }
    const big = node('big', text);
    expect(big.config.instances).toHaveLength(1000);
    expect(big.diagnostics!.filter((d) => d.severity === 'error')).toEqual([]);
    const findings = lint(big);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(byCode(findings, 'lint.vrid-roles')).toHaveLength(1000);
    expect(findings.filter((f) => f.message.includes('big and big'))).toEqual([]);
  });
});

describe('lintScenarioSteps', () => {
  it('gives what lintScenario gives, one step per virtual router after the per-node pass', () => {
    const nodes = [node('a', panda(-2, [51, 100], [52, 99])), node('b', panda(-2, [51, 99], [52, 100]))];
    const steps = lintScenarioSteps(nodes);
    let yielded = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yielded++;
    expect(yielded).toBe(1 + 2);
    expect(step.value.findings).toEqual(lint(...nodes));
    expect(step.value.findings.length).toBeGreaterThan(0);
  });
});
