/**
 * `vrrpscope investigate` as a user runs it: the `--json` shape of issue 11, the readable report
 * (incidents, then diagnoses, then sources), and exit 1 with one line when no file can be read.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared-path';
import { EVIDENCE_DIR } from './samples';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-investigate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (recording: string, threads: string | undefined, ...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'src/cli/bin.mjs'), 'investigate', ...args], {
    encoding: 'utf8',
    cwd: join(EVIDENCE_DIR, recording),
    env: { ...process.env, VRRPSCOPE_THREADS: threads },
  });
const cli = (...args: string[]) => run('haproxy', undefined, ...args);

describe('vrrpscope investigate', () => {
  it("--json prints exactly the issue's shape", () => {
    const r = cli(
      'switch.pcap',
      '--node',
      'n1=n1.log',
      '--node',
      'n2=n2.log',
      '--config',
      'n1.conf',
      '--config',
      'n2.conf',
      'n1-dump-fault.json',
      'switch.tcpdump-v.txt',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'sources',
      'nodes',
      'transitions',
      'incidents',
      'diagnoses',
      'unanswered',
    ]);
    expect(j.sources.map((s: { kind: string }) => s.kind)).toEqual([
      'pcap',
      'keepalived-log',
      'keepalived-log',
      'keepalived-conf',
      'keepalived-conf',
      'keepalived-json',
      'tcpdump-text',
    ]);
    for (const s of j.sources)
      expect(Object.keys(s)).toEqual(['file', 'kind', 'node', 'clockOffset', 'first', 'last', 'diagnostics']);
    expect(j.sources[0].clockOffset).toBe(0);
    // The pasted text of the same capture lines up with it exactly.
    expect(Math.abs(j.sources[6].clockOffset)).toBeLessThan(1e-5);
    for (const t of j.transitions) {
      expect(Object.keys(t)).toEqual([
        't',
        'node',
        'vrid',
        'instance',
        'from',
        'to',
        'cause',
        'chain',
        'evidence',
      ]);
      expect(['INIT', 'BACKUP', 'MASTER', 'FAULT', 'STOP']).toContain(t.to);
    }
    const failover = j.incidents.find((i: { kind: string }) => i.kind === 'failover');
    expect(Object.keys(failover)).toEqual([
      'kind',
      'vrid',
      'start',
      'end',
      'from',
      'to',
      'chain',
      'summary',
      'evidence',
    ]);
    expect(failover).toMatchObject({
      vrid: 50,
      from: 'n1',
      to: 'n2',
      chain: ['script-failed', 'master-down-timer'],
    });
    expect(
      failover.evidence.some(
        (e: { source: number; line?: number }) => e.source === 1 && e.line !== undefined,
      ),
    ).toBe(true);
    expect(failover.evidence.some((e: { packet?: number }) => e.packet !== undefined)).toBe(true);
    expect(j.nodes.map((n: { name: string }) => n.name)).toEqual(['n1', 'n2']);
  });

  it('prints incidents, then diagnoses, then sources', () => {
    const r = cli('switch.pcap', '--node', 'n1=n1.log', '--node', 'n2=n2.log');
    expect(r.status).toBe(0);
    const at = (s: string) => r.stdout.indexOf(s);
    expect(at('Incidents')).toBe(0);
    expect(at('Diagnoses')).toBeGreaterThan(at('FAILOVER'));
    expect(at('Sources:')).toBeGreaterThan(at('Diagnoses'));
    expect(r.stdout).toContain('the transition times come from the captures, the causes from the logs');
  });

  it('exits 1 with one line when no file can be read', () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, new Uint8Array([0, 1, 2, 3, 4, 5]));
    const r = cli(junk, join(dir, 'missing.log'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^vrrpscope investigate: no file could be read \(.*ENOENT.*not a kind of evidence/,
    );
  });

  it('rejects bad arguments with status 2', () => {
    expect(cli('--year', 'soon', 'switch.pcap').status).toBe(2);
    expect(cli('--node', 'n1').status).toBe(2);
    expect(cli().status).toBe(2);
  });
});

describe('vrrpscope investigate on several cores', () => {
  it('reads captures on worker threads to the same result as on one thread', () => {
    const files = ['switch.pcap', 'n1.pcap', 'n2.pcap', 'n1.log', 'n2.log', '--json'];
    const one = run('partition', '1', ...files);
    const three = run('partition', '3', ...files);
    expect(three.stderr).toBe('');
    expect(three.status).toBe(0);
    expect(JSON.parse(three.stdout).sources).toHaveLength(5);
    expect(three.stdout).toBe(one.stdout);
  });
});

describe('vrrpscope investigate on special files', () => {
  it('a FIFO with no writer is refused at once, not opened (which would block)', () => {
    const fifo = join(dir, 'evidence.fifo');
    spawnSync('mkfifo', [fifo]);
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'src/cli/bin.mjs'), 'investigate', fifo], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `vrrpscope investigate: no file could be read (${fifo}: not a regular file (a FIFO))\n`,
    );
  });
});
