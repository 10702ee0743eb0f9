/**
 * `vrrpscope simulate` as a user runs it: scenario file → timeline, --json, --pcap read by tshark.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { REPO_ROOT } from '../../shared-path';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) =>
  spawnSync('node', [join(REPO_ROOT, 'src/cli/bin.mjs'), 'simulate', ...args], {
    encoding: 'utf8',
    cwd: dir,
  });

describe('vrrpscope simulate', () => {
  const file = join(dir, 'panda.json');
  writeFileSync(file, JSON.stringify(pandaScenario(), null, 2));

  it('--json gives events, master runs and failovers; --pcap writes a capture tshark reads cleanly', () => {
    const pcap = join(dir, 'run.pcap');
    const r = cli([file, '--until', '50', '--json', '--pcap', pcap, '--epoch', '1700000000']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      events: unknown[];
      masters: { vrid: number; node: string; source: string; from: number; to: number | null }[];
      failovers: { vrid: number; from: string; to: string }[];
    };
    expect(out.masters.filter((m) => m.vrid === 200).map((m) => [m.node, m.from])).toEqual([
      ['prod-haproxy-000', 3.609375],
      ['prod-haproxy-001', 25.222656],
      ['prod-haproxy-000', 44.832031],
    ]);
    expect(out.failovers.map((f) => f.to)).toEqual(['prod-haproxy-001', 'prod-haproxy-000']);
    const rows = execFileSync(
      'tshark',
      [
        '-r',
        pcap,
        '-o',
        'ip.check_checksum:TRUE',
        '-T',
        'fields',
        '-e',
        '_ws.malformed',
        '-e',
        'vrrp.checksum.status',
        '-e',
        'frame.time_epoch',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r[0] !== '' || (r[1] !== '' && r[1] !== '1'))).toEqual([]);
    expect(Number(rows[0][2])).toBeCloseTo(1_700_000_003.609375, 5);
  });

  it('prints a readable timeline with the failover and its latency', () => {
    const r = cli(['--scenario', 'panda', '--until', '30']);
    expect(r.status).toBe(0);
    // The cause is 001's master-down timer from 000's last priority-100 advert (§4.8), not the
    // 0.613 s gap since 000's last (priority-98, discarded) advert, which stays a separate number.
    expect(r.stdout).toMatch(
      /25\.222656 {2}FAILOVER VRID 200: prod-haproxy-000 → prod-haproxy-001: master-down timer expired: prod-haproxy-001's last accepted advert from prod-haproxy-000 was at 21\.609375 \(priority 100\), MDI 3\.613281 s;.* \[gap since prod-haproxy-000's last advert: 0\.613281 s\]/,
    );
    expect(r.stdout).not.toMatch(/FAILOVER.*higher priority/);
    expect(r.stdout).toContain('priority 100 → 98 = 100 − 2 (chk_haproxy failed)');
  });

  it('a scenario naming an instance the config lacks is refused before it runs (exit 1)', () => {
    const bad = join(dir, 'bad-instance.json');
    const s = pandaScenario();
    s.events = [{ at: 1, action: 'set-priority', node: 'prod-haproxy-000', instance: 'nope', priority: 300 }];
    writeFileSync(bad, JSON.stringify(s, null, 2));
    const r = cli([bad, '--until', '5']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /bad-instance\.json:\d+:\d+: error: events\/0\/instance: no vrrp_instance "nope"/,
    );
    expect(r.stderr).toMatch(/events\/0\/priority: priority must be an integer within 1\.\.255/);
  });

  it('a bad scenario is a positioned error and exit 1', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      '{\n  "name": "x",\n  "nodes": [],\n  "events": [ { "at": 1, "action": "explode" } ]\n}\n',
    );
    const r = cli([bad, '--until', '5']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:4:26: error: events/0/action: unknown action "explode"`);
  });
});
