/**
 * `vrrpscope simulate` as a user runs it: scenario file → timeline, --json, --pcap read by tshark.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { SCENARIO_LIBRARY } from '../../../src/lib/scenarios';
import { help, run } from '../../../src/cli/simulate';
import { withExactTiming } from '../../../src/lib/scenario/timing';
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
  // The §9 numbers exactly: the story without delivery delay or jitter.
  writeFileSync(file, JSON.stringify(withExactTiming(pandaScenario()), null, 2));

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
    const r = cli([file, '--until', '30']);
    expect(r.status).toBe(0);
    // The cause is 001's master-down timer from 000's last priority-100 advert (§4.8), not the
    // 0.613 s gap since 000's last (priority-98, discarded) advert, which stays a separate number.
    expect(r.stdout).toMatch(
      /25\.222656 {2}FAILOVER VRID 200: prod-haproxy-000 → prod-haproxy-001: track script chk_haproxy failed on prod-haproxy-000 \(priority 100 → 98\); then prod-haproxy-001's master-down timer \(3\.613 s\) expired after the last advert it accepted, prod-haproxy-000's at 21\.609 s \(priority 100\):.* \[gap since prod-haproxy-000's last advert: 0\.613281 s\]/,
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

describe('vrrpscope simulate: files, pipes and the library', () => {
  it('an unwritable --pcap path or a directory is one line and exit 1, not a stack', () => {
    for (const [out, reason] of [
      ['/nonexistent/dir/x.pcap', 'ENOENT'],
      [dir, 'EISDIR'],
    ]) {
      const r = cli(['--scenario', 'panda', '--until', '5', '--pcap', out]);
      expect(r.status).toBe(1);
      const last = r.stderr.trimEnd().split('\n').at(-1);
      expect(last).toBe(
        `vrrpscope simulate: cannot write ${out}: ${reason} (${reason === 'ENOENT' ? 'no such file or directory' : 'is a directory'})`,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a FIFO with no writer, a directory or a missing file as the scenario: one line, no hang', () => {
    const fifo = join(dir, 'scenario.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = spawnSync('node', [join(REPO_ROOT, 'src/cli/bin.mjs'), 'simulate', fifo], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`vrrpscope simulate: cannot read ${fifo}: not a regular file (a FIFO)\n`);
    expect(cli([dir]).stderr).toBe(`vrrpscope simulate: cannot read ${dir}: EISDIR (is a directory)\n`);
    expect(cli([join(dir, 'none.json')]).stderr).toMatch(/cannot read .*none\.json: ENOENT/);
  });

  it('`simulate | head -2` ends quietly (EPIPE is not an error)', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `node ${join(REPO_ROOT, 'src/cli/bin.mjs')} simulate --scenario panda --until 3600 --all | head -2; exit \${PIPESTATUS[0]}`,
      ],
      { encoding: 'utf8', cwd: dir },
    );
    expect(r.stdout.split('\n')).toHaveLength(3);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.status).toBe(0);
  });

  it('--scenario accepts every library scenario; --export-scenario writes one to edit and run', async () => {
    // In-process for each entry (a spawn per scenario costs seconds), then one run through the CLI.
    for (const e of SCENARIO_LIBRARY) {
      const out = join(dir, `${e.id}.json`);
      expect(await run(['--scenario', e.id, '--export-scenario', out]), e.id).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')), e.id).toEqual(e.build());
    }
    expect(help).toContain(
      SCENARIO_LIBRARY.map((e) => e.id)
        .join(', ')
        .slice(0, 40),
    );
    const file = join(dir, 'split-brain.json');
    const exported = cli([file, '--until', '20', '--json']);
    const built = cli(['--scenario', 'split-brain', '--until', '20', '--json']);
    expect(built.status).toBe(0);
    expect(exported.stdout).toBe(built.stdout);
  });

  it('info diagnostics are printed, and --json carries them', () => {
    const s = pandaScenario();
    s.nodes[0].config = s.nodes[0].config.replace('killall -0 haproxy', '/usr/local/bin/check-it');
    delete s.scripts;
    const file = join(dir, 'info.json');
    writeFileSync(file, JSON.stringify(s));
    const text = cli([file, '--until', '5']);
    expect(text.status).toBe(0);
    const infos = text.stderr.split('\n').filter((l) => / info: /.test(l));
    expect(infos.length).toBeGreaterThan(0);
    const j = JSON.parse(cli([file, '--until', '5', '--json']).stdout) as {
      diagnostics: { severity: string; message: string; code: string }[];
    };
    const jsonInfos = j.diagnostics.filter((d) => d.severity === 'info');
    expect(jsonInfos.length).toBe(infos.length);
    for (const d of jsonInfos) expect(text.stderr).toContain(`${d.message} [${d.code}]`);
  });

  it('10,000 levels of nested JSON: a positioned syntax error, not a stack overflow', () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, '['.repeat(10_000) + ']'.repeat(10_000));
    const r = cli([file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `${file}:1:257: error: not valid JSON: nested more than 256 levels deep [scenario.json-syntax]\n`,
    );
  });

  it('--pcapng keeps a fault after the last frame as a comment on the last frame', () => {
    const out = join(dir, 'cut.pcapng');
    expect(cli(['--scenario', 'panda', '--until', '40.4', '--pcapng', out]).status).toBe(0);
    const comments = execFileSync(
      'tshark',
      ['-r', out, '-Y', 'frame.comment', '-T', 'fields', '-e', 'frame.comment'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    expect(comments).toContain('20.300 s: haproxy killed on prod-haproxy-000');
    expect(comments).toContain('after this frame, 40.300 s: haproxy started on prod-haproxy-000');
  });
});
