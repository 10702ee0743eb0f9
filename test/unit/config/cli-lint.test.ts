/** `vrrpscope lint` through the real CLI entry (node src/cli/bin.mjs), as a user runs it. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared-path';
import { hasKeepalived } from './helpers';

function vrrpscope(...args: string[]) {
  const r = spawnSync(process.execPath, ['src/cli/bin.mjs', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
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
    expect(vrrpscope('lint', '--bogus', A).err).toMatch(/^vrrpscope lint: unknown option --bogus\n/);
    const h = vrrpscope('lint', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toContain('Usage: vrrpscope lint FILE... [--json]');
  });
});

describe('vrrpscope lint: special files and pipes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-lint-special-'));
  const fifo = join(dir, 'conf.fifo');
  spawnSync('mkfifo', [fifo]);
  const VI =
    'vrrp_instance VI {\n  interface eth0\n  virtual_router_id 5\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}\n';

  it('a FIFO, a directory or a missing file as FILE: one line, exit 2, no hang', () => {
    for (const [path, reason] of [
      [fifo, 'not a regular file (a FIFO)'],
      [dir, 'EISDIR (is a directory)'],
      [join(dir, 'none.conf'), 'ENOENT (no such file or directory)'],
    ]) {
      const r = vrrpscope('lint', path);
      expect(r.code, path).toBe(2);
      expect(r.err).toBe(`vrrpscope lint: cannot read ${path}: ${reason}\n`);
    }
  });

  it('include of /dev/zero, a FIFO, an executable or a directory: skipped with keepalived’s warning, and the rest is read', () => {
    // keepalived names a match as globbed: relative to the including file when the pattern is.
    const exe = 'exe.conf';
    writeFileSync(join(dir, exe), '# executable\n');
    chmodSync(join(dir, exe), 0o755);
    mkdirSync(join(dir, 'sub'));
    const main = join(dir, 'main.conf');
    writeFileSync(main, `include /dev/zero\ninclude ${fifo}\ninclude exe.conf\ninclude sub\n${VI}`);
    const r = vrrpscope('lint', main);
    expect(r.code).toBe(0);
    const warnings = r.out.split('\n').filter((l) => l.includes('[config.include-not-regular]'));
    expect(warnings).toEqual([
      `${main}:1:1: warning: Configuration file '/dev/zero' is not a regular non-executable file - skipping [config.include-not-regular]`,
      `${main}:2:1: warning: Configuration file '${fifo}' is not a regular non-executable file - skipping [config.include-not-regular]`,
      `${main}:3:1: warning: Configuration file '${exe}' is not a regular non-executable file - skipping [config.include-not-regular]`,
      `${main}:4:1: warning: Configuration file 'sub/' is a directory - skipping [config.include-not-regular]`,
    ]);
    expect(r.out).toContain('VRID 5 (10.0.0.1)');
    // keepalived prints the same lines and goes on.
    if (hasKeepalived) {
      const k = spawnSync('keepalived', ['-t', '-f', main], { encoding: 'utf8', timeout: 20_000 });
      const out = `${k.stdout}${k.stderr}`;
      for (const [n, f] of [
        [1, '/dev/zero'],
        [2, fifo],
        [3, exe],
      ])
        expect(out).toContain(
          `(Line ${n}) Configuration file '${f}' is not a regular non-executable file - skipping`,
        );
      expect(out).toContain(`(Line 4) Configuration file 'sub/' is a directory - skipping`);
    }
  });

  it('`lint --json | head` ends quietly (EPIPE is not an error)', () => {
    const big = join(dir, 'big.conf');
    let text = '';
    for (let n = 0; n < 1000; n++)
      text += VI.replace('VI', `VI_${n}`)
        .replace('eth0', `eth${Math.floor(n / 255)}`)
        .replace('id 5', `id ${(n % 255) + 1}`)
        .replace('10.0.0.1', `10.${Math.floor(n / 255)}.${n % 255}.1`);
    writeFileSync(big, text);
    const r = spawnSync(
      'bash',
      ['-c', `node src/cli/bin.mjs lint --json ${big} | head -2; exit \${PIPESTATUS[0]}`],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stdout.split('\n')).toHaveLength(3);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The whole run: 1,000 instances on four interfaces, 255 VRIDs each, and not one error.
    const all = vrrpscope('lint', '--json', big);
    expect(all.code).toBe(0);
    const j = JSON.parse(all.out) as { instances: unknown[]; findings: { severity: string }[] };
    expect(j.instances).toHaveLength(1000);
    expect(j.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('vrrpscope lint: one node, VRID 51 on eth0 and on eth1 (two virtual routers)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-lint-segments-'));
  const file = join(dir, 'x.conf');
  const inst = (name: string, iface: string, vip: string) =>
    `vrrp_instance ${name} {\n  interface ${iface}\n  virtual_router_id 51\n  virtual_ipaddress {\n    ${vip}\n  }\n}\n`;
  writeFileSync(
    file,
    `global_defs {\n  router_id X\n}\n${inst('A', 'eth0', '10.0.0.100')}${inst('B', 'eth1', '10.1.0.100')}`,
  );

  it('no error, no tie or move between X and X', () => {
    const r = vrrpscope('lint', file);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/error:|X and X|from X to X|\[lint\.vrid-vips-differ\]/);
    expect(r.out).toContain('VRID 51 (10.0.0.100): X MASTER (100)');
    expect(r.out).toContain('VRID 51 (10.1.0.100): X MASTER (100)');
  });

  // keepalived checks that the interfaces exist: give it eth0 and eth1 in a network namespace.
  const canNetns = hasKeepalived && process.getuid?.() === 0 && spawnSync('ip', ['-V']).status === 0;
  it.skipIf(!canNetns)('keepalived -t accepts it without a word (status 0)', () => {
    const ns = `vcl-lint-${process.pid}`;
    const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });
    try {
      expect(ip('netns', 'add', ns).status).toBe(0);
      expect(ip('-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1').status).toBe(0);
      for (const i of ['eth0', 'eth1']) ip('-n', ns, 'link', 'set', i, 'up');
      const k = spawnSync('ip', ['netns', 'exec', ns, 'keepalived', '-t', '-f', file], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(`${k.stdout}${k.stderr}`).toBe('');
      expect(k.status).toBe(0);
    } finally {
      ip('netns', 'del', ns);
    }
  });
});
