/**
 * `vrrpscope simulate --runs N`: the seeds spread over worker threads, one distribution per failover,
 * text and --json; bad values are one-line errors (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared-path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseSimulateArgs } from '../../../src/cli/simulate-args';
import { measuredFailovers, recordings } from '../../../src/cli/recordings';
import { truthToScenario } from '../../../src/lib/scenario/truth';

const cli = (args: string[]) =>
  spawnSync('node', [join(REPO_ROOT, 'src/cli/bin.mjs'), 'simulate', ...args], { encoding: 'utf8' });

interface Dist {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  histogram: { from: number; to: number; count: number }[];
}

describe('simulate --runs', () => {
  it('--json: per failover the distributions over the runs, in seconds', () => {
    const r = cli(['--scenario', 'panda', '--until', '50', '--runs', '6', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      runs: number;
      seeds: number[];
      failovers: {
        key: string;
        runs: number;
        fault: string;
        sinceFault: Dist;
        sinceLastAdvert: Dist;
        dualMaster: Dist;
        arpConverged: Dist;
      }[];
    };
    expect(doc.runs).toBe(6);
    expect(doc.seeds).toEqual([1, 2, 3, 4, 5, 6]);
    expect(doc.failovers.map((f) => [f.key, f.runs, f.fault])).toEqual([
      ['200:prod-haproxy-000→prod-haproxy-001#1', 6, 'haproxy killed on prod-haproxy-000'],
      ['200:prod-haproxy-001→prod-haproxy-000#1', 6, 'haproxy started on prod-haproxy-000'],
    ]);
    for (const f of doc.failovers)
      for (const d of [f.sinceFault, f.sinceLastAdvert, f.dualMaster, f.arpConverged]) {
        expect(d.n).toBe(6);
        expect(d.min).toBeLessThanOrEqual(d.p50);
        expect(d.p50).toBeLessThanOrEqual(d.p95);
        expect(d.p95).toBeLessThanOrEqual(d.max);
        expect(d.histogram.reduce((a, b) => a + b.count, 0)).toBe(6);
      }
    // §9.3: the takeover 3.613281 s after 000's last priority-100 advert, 0.613 s after its last one.
    expect(doc.failovers[0].sinceLastAdvert.min).toBeGreaterThanOrEqual(0.613);
    expect(doc.failovers[0].sinceLastAdvert.max).toBeLessThan(0.614);
  });

  it('text: the sentence, the figures and a histogram', () => {
    const r = cli(['--scenario', 'panda', '--until', '50', '--runs', '4']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^panda: 4 runs of 50 s \(seeds 1–4\) on [12] threads/);
    expect(r.stdout).toMatch(
      /in 4 runs prod-haproxy-001 took over 4\.92\d–4\.92\d s \(p50 4\.92\d\) after haproxy killed/,
    );
    expect(r.stdout).toMatch(/after the fault\s+min 4\.92\d+ {2}p50/);
    expect(r.stdout).toContain('█');
  });

  it('a recording’s truth file: its measured takeovers beside the runs, with their percentile', async () => {
    const rec = recordings().find((r) => r.name === 'panda')!;
    const truth = rec.truth;
    const kill = (await measuredFailovers(rec)).find(
      (f) => f.fault === 'haproxy killed on prod-haproxy-000',
    )!;
    // Dated on the wire: the capture has this takeover.
    expect(kill.measuredBy).toBe('capture');
    const file = join(REPO_ROOT, 'captures/panda.truth.json');
    const r = cli([file, '--until', '40', '--runs', '3', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      recording: {
        name: string;
        failovers: {
          key: string | null;
          fault: string;
          runs: number;
          sinceFault: { measured: number; runs: number; sooner: number; same: number; percentile: number };
          sinceLastAdvert: { measured: number } | null;
        }[];
      };
    };
    expect(doc.recording.name).toBe('panda');
    const k = doc.recording.failovers.find((f) => f.fault === kill.fault)!;
    expect(k.key).toBe('200:prod-haproxy-000→prod-haproxy-001#1');
    expect(k.sinceFault.measured).toBe(kill.sinceFaultUs! / 1e6);
    expect(k.sinceFault.runs).toBe(3);
    expect(k.sinceFault.percentile).toBe((100 * (k.sinceFault.sooner + k.sinceFault.same / 2)) / 3);
    // From the capture: 001's first advert 3 × 1 s + skew after 000's last priority-100 advert (§9.3).
    expect(k.sinceLastAdvert!.measured).toBeGreaterThan(0.6);
    expect(k.sinceLastAdvert!.measured).toBeLessThan(0.62);

    // The same scenario as a plain scenario file is recognised as the recording's replay.
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-runs-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify({ ...truthToScenario(truth), name: 'mine' }));
    const text = cli([join(dir, 's.json'), '--until', '40', '--runs', '2']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      /recording panda: prod-haproxy-001 took over \d\.\d{3} s after haproxy killed on prod-haproxy-000, /,
    );
    expect(text.stdout).toMatch(/after the last advert 0\.6\d{5}, /);
    // No recording replays the app's Panda story: no recording line.
    expect(cli(['--scenario', 'panda', '--until', '30', '--runs', '2']).stdout).not.toContain('recording');
  });

  it('a truth file that is not one is a one-line error (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-runs-'));
    writeFileSync(join(dir, 'bad.truth.json'), '{"nodes": 3}');
    const r = cli([join(dir, 'bad.truth.json'), '--runs', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `vrrpscope simulate: ${join(dir, 'bad.truth.json')}: not a truth file (no "nodes" and "events" arrays)`,
    );
  });

  it('bad values and combinations are one-line errors', () => {
    for (const v of ['0', '-1', '2.5', 'many', '100001'])
      expect(parseSimulateArgs(['x.json', '--runs', v])).toBe(
        `--runs takes a whole number of runs from 1 to 100000, not '${v}'`,
      );
    expect(parseSimulateArgs(['x.json', '--runs', '3', '--pcap', 'a.pcap'])).toBe(
      '--runs reports distributions and cannot be combined with --pcap',
    );
    const r = cli(['--scenario', 'panda', '--runs', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
