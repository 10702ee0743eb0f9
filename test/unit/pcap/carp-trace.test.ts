/**
 * A CARP capture replays as the same Trace: CARP instances (implementation "carp", vrid = vhid, no
 * priority but advbase/advskew/demote), their own router key apart from VRRP's same number, MASTER
 * for the node that advertises, and failover events with the cause model's codes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { writePcap } from '../../../src/lib/pcap/writer';
import { REPO_ROOT } from '../../shared-path';
import * as S from './synthetic-captures';

describe('CARP in the Trace', () => {
  it('ucarp beside keepalived on one id: two routers, four instances, each saying who spoke', async () => {
    const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'captures/carp/ucarp-keepalived.pcap')));
    const { trace } = await analyzeCapture(bytes);
    expect(trace.routers.map((r) => r.key).sort()).toEqual(['carp/7', 'ipv4/7']);
    const carp = trace.instances.filter((i) => i.implementation === 'carp');
    expect(carp.map((i) => [i.node, i.vrid, i.carp])).toEqual([
      ['192.168.50.11', 7, { advbase: 1, advskew: 0, demote: 0 }],
      ['192.168.50.12', 7, { advbase: 1, advskew: 100, demote: 0 }],
    ]);
    expect(trace.instances.filter((i) => i.implementation === 'keepalived')).toHaveLength(2);
    const failovers = trace.events.filter((e) => e.kind === 'failover' && e.router === 'carp/7');
    expect(failovers.map((e) => (e.kind === 'failover' ? [e.from, e.to, e.cause.code] : null))).toEqual([
      ['192.168.50.11', '192.168.50.12', 'master-down-timer'],
    ]);
    const masters = trace.events.filter(
      (e) => e.kind === 'state' && e.to === 'MASTER' && e.instance.includes('vhid'),
    );
    expect(masters.map((e) => (e.kind === 'state' ? e.node : ''))).toEqual([
      '192.168.50.11',
      '192.168.50.12',
    ]);
    const carpPackets = trace.packets.filter((p) => p.type === 'carp');
    expect(carpPackets.length).toBe(16);
    expect(carpPackets.every((p) => p.carp?.vhid === 7 && p.instance?.endsWith('vhid 7'))).toBe(true);
  });

  it('VRRP from a virtual MAC source is read as FRR', async () => {
    const frames = [S.advert({ version: 3, vrid: 5, mac: '00:00:5e:00:01:05', src: '192.168.50.21' })];
    const { trace } = await analyzeCapture(writePcap(frames.map((data, i) => ({ tsUs: 1e15 + i, data }))));
    expect(trace.instances.map((i) => i.implementation)).toEqual(['frr']);
  });
});
