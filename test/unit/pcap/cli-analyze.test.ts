/**
 * `vrrpscope analyze` as a user runs it: the `--json` shape of issue 4, exit 1 with one line for
 * input that is not a capture, and a damaged capture read as far as possible with positioned
 * diagnostics.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedPath } from '../../shared-path';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'src/cli/bin.mjs'), 'analyze', ...args], { encoding: 'utf8' });

describe('vrrpscope analyze', () => {
  it('--json prints exactly the report shape', () => {
    const r = cli(sharedPath('captures/public/packetlife-VRRP_failover.pcap'), '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'file',
      'format',
      'linkTypes',
      'epochStart',
      'packets',
      'vrrpPackets',
      'routers',
      'anomalies',
      'diagnostics',
    ]);
    expect(j).toMatchObject({
      file: 'packetlife-VRRP_failover.pcap',
      format: 'pcap',
      linkTypes: ['EN10MB'],
      epochStart: 1213855701.147824,
      packets: 32,
      vrrpPackets: 32,
    });
    expect(Object.keys(j.routers[0])).toEqual([
      'vrid',
      'family',
      'versions',
      'virtualAddresses',
      'masters',
      'failovers',
    ]);
    expect(Object.keys(j.routers[0].masters[0])).toEqual(['source', 'from', 'to', 'adverts', 'priorities']);
    expect(Object.keys(j.routers[0].failovers[0])).toEqual(['at', 'from', 'to', 'gap', 'cause']);
    expect(Object.keys(j.anomalies[0])).toEqual(['code', 'at', 'vrid', 'message']);
  });

  it('the readable report lists runs, failovers with their latency, and anomalies', () => {
    const r = cli(sharedPath('captures/public/packetlife-VRRP_failover.pcap'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('VRID 1 (ipv4, VRRPv2) — 192.168.0.1');
    expect(r.stdout).toContain('192.168.0.10 → 192.168.0.30  after 3.641 s  (silence)');
    expect(r.stdout).toContain('[dual-master]');
  });

  it('exits 1 with one line for input that is not a capture', () => {
    const p = join(dir, 'notes.txt');
    writeFileSync(p, 'not a capture at all\n');
    const r = cli(p);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`vrrpscope analyze: ${p} is not a pcap or pcapng capture`]);
  });

  it('a damaged capture yields what could be read, with packet index and byte offset', () => {
    const whole = readFileSync(sharedPath('captures/public/packetlife-VRRP_failover.pcap'));
    const p = join(dir, 'cut.pcap');
    writeFileSync(p, whole.subarray(0, whole.length - 30));
    const r = cli(p, '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packets).toBe(31);
    expect(j.diagnostics[0]).toMatchObject({
      code: 'pcap.truncated-record',
      severity: 'error',
      at: { packetIndex: 31 },
    });
    expect(j.diagnostics[0].at.byteOffset).toBeGreaterThan(0);
  });
});
