/** `vrrpscope lint` through the real CLI entry (node src/cli/bin.mjs), as a user runs it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared-path';

function vrrpscope(...args: string[]) {
  const r = spawnSync(process.execPath, ['src/cli/bin.mjs', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const A = 'test/fixtures/conf/prod-haproxy-000.conf';
const B = 'test/fixtures/conf/prod-haproxy-001.conf';

describe('vrrpscope lint', () => {
  it('explains the Panda failovers and exits 0', () => {
    const r = vrrpscope('lint', A, B);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toContain(
      `${A}:7:1: warning: SECURITY VIOLATION - scripts are being executed but script_security not enabled. [config.script-security]`,
    );
    expect(r.out).toContain(
      'info: chk_haproxy failing on prod-haproxy-000 moves 192.168.3.200 (VRID 200) from prod-haproxy-000 to prod-haproxy-001',
    );
    expect(r.out).toContain(
      'info: chk_haproxy failing on prod-haproxy-001 moves 192.168.3.201 (VRID 201) from prod-haproxy-001 to prod-haproxy-000',
    );
    expect(
      lines.every(
        (l) =>
          l === '' ||
          /^\S+:\d+:\d+: (error|warning|info): .* \[[\w.-]+\]$/.test(l) ||
          /^(Scenario|\d+ error)/.test(l),
      ),
    ).toBe(true);
  });

  it('--json gives diagnostics, instances and findings', () => {
    const r = vrrpscope('lint', '--json', A, B);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['diagnostics', 'instances', 'findings']);
    expect(j.instances).toContainEqual(
      expect.objectContaining({
        node: 'prod-haproxy-001',
        name: '192.168.3.200',
        vrid: 200,
        interface: 'eth2',
        priority: 99,
        state: 'MASTER',
        vips: ['192.168.3.200/32'],
      }),
    );
    expect(j.instances).toHaveLength(4);
    const moves = j.findings.filter((f: { code: string }) => f.code === 'lint.failure-moves');
    expect(moves.map((f: { node: string; vrid: number }) => [f.node, f.vrid])).toContainEqual([
      'prod-haproxy-000',
      200,
    ]);
  });

  it('exits 1 on an error, with compiler-style positions; follows includes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-lint-'));
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(
      join(dir, 'main.conf'),
      'global_defs {\n  router_id edge1\n}\ninclude {conf.d/*.conf,missing/x.conf}\n',
    );
    writeFileSync(
      join(dir, 'conf.d', 'vi.conf'),
      'vrrp_instance VI {\n  interface eth0\n  version 3\n  priorty 5\n}\n',
    );
    const r = vrrpscope('lint', join(dir, 'main.conf'));
    expect(r.code).toBe(1);
    const vi = join(dir, 'conf.d', 'vi.conf');
    expect(r.out).toContain(`${vi}:4:3: warning: Unknown keyword 'priorty' [config.unknown-keyword]`);
    expect(r.out).toContain(`${vi}:1:1: error: (VI) the virtual router id must be set [config.vrid-missing]`);
  });

  it('usage errors exit 2; --help documents the command', () => {
    expect(vrrpscope('lint').code).toBe(2);
    expect(vrrpscope('lint', '/nonexistent.conf').code).toBe(2);
    const h = vrrpscope('lint', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toContain('Usage: vrrpscope lint FILE... [--json]');
  });
});
