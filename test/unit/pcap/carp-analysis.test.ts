/**
 * CARP analysis against the real ucarp recordings (captures/carp/, with ucarp's own log lines in the
 * truth files) and synthetic captures for what the recordings cannot show (demotion, equal skews,
 * advbase mismatch, 20 vhids).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { formatReport } from '../../../src/cli/analyze';
import { writePcap } from '../../../src/lib/pcap/writer';
import type { Truth } from '../../../src/lib/scenario/truth';
import { REPO_ROOT } from '../../shared-path';
import * as S from './synthetic-captures';

const DIR = join(REPO_ROOT, 'captures/carp');
const recordings = readdirSync(DIR)
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => {
    const name = f.slice(0, -'.truth.json'.length);
    const truth = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Truth;
    return { name, truth, bytes: new Uint8Array(readFileSync(join(DIR, `${name}.pcap`))) };
  });

/** ucarp logs "Switching to state: MASTER" before its first advert; on a loaded machine up to 0.3 s before. */
const FIRST_ADVERT_S = 0.5;

describe('CARP analysis reproduces what ucarp logged (captures/carp/)', () => {
  it('has the ucarp recordings', () => expect(recordings.length).toBeGreaterThanOrEqual(6));
  for (const rec of recordings)
    it(rec.name, async () => {
      const { report } = await analyzeCapture(rec.bytes, { name: rec.name });
      const carp = report.routers.filter((r) => r.protocol === 'carp');
      expect(carp.map((r) => r.vrid)).toEqual([7]);
      const address = new Map(rec.truth.nodes.map((n) => [n.name, n.interfaces.eth0[0].split('/')[0]]));
      const ucarpNodes = new Set(
        rec.truth.nodes.filter((n) => n.implementation === 'ucarp').map((n) => n.name),
      );
      const states = rec.truth.events.filter((e) => e.kind === 'state' && ucarpNodes.has(e.node!));
      const runs = carp[0].masters;
      // Every MASTER line is followed by that node's adverts.
      for (const e of states.filter((s) => s.state === 'MASTER')) {
        const run = runs.find(
          (m) => m.source === address.get(e.node!) && m.to >= e.t && m.from <= e.t + FIRST_ADVERT_S,
        );
        expect(run, `${e.node} MASTER at ${e.t}`).toBeDefined();
      }
      // Every master run starts while its node is MASTER by ucarp's own log.
      for (const m of runs) {
        const node = [...address].find(([, a]) => a === m.source)![0];
        const last = states.filter((s) => s.node === node && s.t <= m.from).at(-1);
        expect(last?.state, `${node}'s run at ${m.from}`).toBe('MASTER');
        expect(m.advbase).toBe(1);
        expect(m.demotes).toEqual([0]);
      }
      // A takeover after the master died, stopped or lost its link is its master-down timer.
      for (const f of carp[0].failovers) {
        const fault = rec.truth.events.filter((e) => e.kind === 'fault' && e.t < f.at).at(-1);
        if (
          fault &&
          ['kill-ucarp', 'stop-ucarp', 'link-down'].includes(fault.action!) &&
          address.get(fault.node!) === f.from
        )
          expect(f.cause, `failover at ${f.at}`).toBe('master-down-timer');
      }
      const mixed = report.routers.some((r) => r.protocol === 'vrrp' && r.vrid === 7);
      expect(report.anomalies.some((a) => a.code === 'vrrp-carp-same-id')).toBe(mixed);
      expect(mixed).toBe(rec.name === 'ucarp-keepalived');
    });
});

const T0 = 1_795_627_444_000_000;
const analyse = (frames: Uint8Array[], step = 1_000_000) =>
  analyzeCapture(writePcap(frames.map((data, i) => ({ tsUs: T0 + i * step, data }))));

describe('CARP semantics on synthetic captures', () => {
  it('a demoted master loses to its peer: the failover is demoted and the anomaly says so', async () => {
    const a = (demotion = 0) => S.carp({ src: '192.168.50.11', advskew: 0, demotion });
    const b = () => S.carp({ src: '192.168.50.12', advskew: 100 });
    const { report } = await analyse([a(), a(), a(240), b(), b()], 500_000);
    const r = report.routers.find((x) => x.protocol === 'carp')!;
    expect(r.failovers.map((f) => f.cause)).toEqual(['demoted']);
    expect(r.failovers[0].why).toMatch(/192\.168\.50\.11 demoted itself \(CARP demotion counter 240\)/);
    expect(r.masters[0].demotes).toEqual([0, 240]);
    expect(report.anomalies.map((x) => x.code)).toEqual(['carp-demoted']);
  });

  it('lowest skew wins (preemption), silence is the master-down timer; equal skews and different advbase are flagged', async () => {
    const f = (src: string, advskew: number, advbase = 1) => S.carp({ src, advskew, advbase });
    const { report } = await analyse([f('192.168.50.12', 100), f('192.168.50.11', 0), f('192.168.50.11', 0)]);
    const r = report.routers.find((x) => x.protocol === 'carp')!;
    expect(r.failovers.map((x) => x.cause)).toEqual(['higher-priority']);
    expect(r.failovers[0].why).toMatch(
      /more frequent advertisement \(advbase 1 advskew 0 against .*advskew 100\)/,
    );
    const silent = await analyzeCapture(
      writePcap([
        { tsUs: T0, data: f('192.168.50.11', 0) },
        { tsUs: T0 + 5_000_000, data: f('192.168.50.12', 100) },
      ]),
    );
    expect(silent.report.routers[0].failovers[0].cause).toBe('master-down-timer');
    const clash = await analyse([f('192.168.50.11', 50), f('192.168.50.12', 50), f('192.168.50.13', 50, 2)]);
    expect(clash.report.anomalies.map((x) => x.code).sort()).toEqual([
      'carp-advbase-mismatch',
      'carp-equal-skew',
    ]);
  });

  it('stays readable with 20 vhids: one block each, every vhid named once, no line over 200 characters', async () => {
    const frames: Uint8Array[] = [];
    for (let round = 0; round < 5; round++)
      for (let vhid = 1; vhid <= 20; vhid++) frames.push(S.carp({ vhid, src: '192.168.50.11', advskew: 0 }));
    const { report } = await analyse(frames, 50_000);
    const carp = report.routers.filter((r) => r.protocol === 'carp');
    expect(carp.map((r) => r.vrid)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(carp.every((r) => r.masters.length === 1 && r.failovers.length === 0)).toBe(true);
    const text = formatReport(report);
    expect(text.match(/^CARP vhid \d+ /gm)).toHaveLength(20);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(200);
  });
});
