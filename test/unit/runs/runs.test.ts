/**
 * Failover-time distributions (lib/runs): the statistics, the per-run measures on the Panda story
 * (§4.8, §9.3) with the timing model at zero and with the defaults, and the summary across seeds.
 */
import { describe, expect, it } from 'vitest';
import {
  describeTakeover,
  distribution,
  failoverTimes,
  quantile,
  seedsFrom,
  summarizeRuns,
} from '../../../src/lib/runs';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { withExactTiming } from '../../../src/lib/scenario/timing';
import { simulate } from '../../../src/lib/sim';

describe('distribution', () => {
  it('nearest-rank quantiles are values seen; the histogram holds every value once', () => {
    const values = Array.from({ length: 100 }, (_, i) => 1000 + i * 7);
    const d = distribution(values, 10)!;
    expect([d.n, d.min, d.max]).toEqual([100, 1000, 1693]);
    expect(d.p50).toBe(quantile(values, 0.5));
    expect(d.p50).toBe(1000 + 49 * 7);
    expect(d.p95).toBe(1000 + 94 * 7);
    expect(d.histogram.length).toBe(10);
    expect(d.histogram.reduce((a, b) => a + b.count, 0)).toBe(100);
    expect(d.histogram[0].fromUs).toBe(1000);
    expect(d.histogram.at(-1)!.toUs).toBe(1693);
  });

  it('one distinct value is one bin; no value is null', () => {
    expect(distribution([5, 5, 5])!.histogram).toEqual([{ fromUs: 5, toUs: 5, count: 3 }]);
    expect(distribution([])).toBeNull();
  });
});

describe('failoverTimes on the Panda story', () => {
  it('with the timing model at zero: the §9.3 numbers, no dual master, ARP follows at once', () => {
    const trace = simulate(withExactTiming(pandaScenario()), { untilUs: 60e6 }).value;
    const [kill, back] = failoverTimes(trace);
    expect(kill).toMatchObject({
      key: '200:prod-haproxy-000→prod-haproxy-001#1',
      fault: 'haproxy killed on prod-haproxy-000',
      atUs: 25_222_656,
      sinceFaultUs: 25_222_656 - 20_300_000,
      sinceLastAdvertUs: 613_281,
      dualMasterUs: 0,
      arpConvergedUs: 0,
    });
    expect(back).toMatchObject({
      key: '200:prod-haproxy-001→prod-haproxy-000#1',
      fault: 'haproxy started on prod-haproxy-000',
    });
  });

  it('with the defaults: the old master (98) is MASTER until it reads the new master’s advert, the ARP caches a delivery later', () => {
    const [kill] = failoverTimes(simulate(pandaScenario(), { untilUs: 60e6 }).value);
    expect(kill.dualMasterUs).toBeGreaterThanOrEqual(40);
    expect(kill.dualMasterUs).toBeLessThan(1000);
    expect(kill.arpConvergedUs).toBeGreaterThanOrEqual(40);
    expect(kill.arpConvergedUs).toBeLessThanOrEqual(60);
  });
});

describe('summarizeRuns', () => {
  const seeds = seedsFrom(1, 12);
  const perRun = seeds.map((seed) =>
    failoverTimes(simulate({ ...pandaScenario(), seed }, { untilUs: 50e6 }).value),
  );
  const report = summarizeRuns(seeds, perRun);

  it('one distribution per failover across the seeds, in time order', () => {
    expect(report.runs).toBe(12);
    expect(report.failovers.map((f) => [f.key, f.runs])).toEqual([
      ['200:prod-haproxy-000→prod-haproxy-001#1', 12],
      ['200:prod-haproxy-001→prod-haproxy-000#1', 12],
    ]);
    const kill = report.failovers[0];
    expect(kill.sinceFault!.n).toBe(12);
    expect(kill.sinceFault!.min).toBeLessThan(kill.sinceFault!.max);
    // Within the rule's window (§9.3) plus the model's delays.
    expect(kill.sinceFault!.min).toBeGreaterThanOrEqual(4_922_656);
    expect(kill.sinceFault!.max).toBeLessThan(4_922_656 + 5000);
    expect(kill.arpNeverConverged).toBe(0);
  });

  it('says it in one sentence', () => {
    expect(describeTakeover(report.failovers[0], 12)).toMatch(
      /^in 12 runs prod-haproxy-001 took over 4\.92\d–4\.92\d s \(p50 4\.92\d\) after haproxy killed on prod-haproxy-000$/,
    );
  });
});
