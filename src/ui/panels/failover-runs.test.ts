/**
 * The Explain panel's words for a failover over many seeds: the four measures, which one the
 * histogram draws, and the histogram's text alternative.
 */
import { describe, expect, it } from 'vitest';
import { distribution, type FailoverDistribution } from '../../lib/runs';
import { binText, histogramRow, histogramText, measureRows } from './failover-runs';

const failover = (over: Partial<FailoverDistribution>): FailoverDistribution => ({
  key: '200:a→b#1',
  vrid: 200,
  from: 'a',
  to: 'b',
  fault: 'haproxy killed on a',
  runs: 3,
  sinceFault: distribution([4_000_000, 4_000_010, 4_000_020], 2),
  sinceLastAdvert: distribution([613_000, 613_100, 613_200]),
  dualMaster: distribution([0, 0, 0]),
  arpConverged: null,
  arpNeverConverged: 0,
  ...over,
});

describe('failover runs wording', () => {
  it('names the four measures after the fault and the old master', () => {
    expect(measureRows(failover({}), 'node a').map((r) => r.label)).toEqual([
      'Takeover after haproxy killed on a',
      "Takeover after node a's last advert",
      'Both MASTER (dual master)',
      "Until every client's ARP cache follows",
    ]);
  });

  it('draws the takeover after the fault, else after the last advert, else nothing', () => {
    const rows = measureRows(failover({}), 'a');
    expect(histogramRow(rows)).toBe(rows[0]);
    const noFault = measureRows(failover({ fault: null, sinceFault: null }), 'a');
    expect(histogramRow(noFault)).toBe(noFault[1]);
    expect(histogramRow(measureRows(failover({ sinceFault: null, sinceLastAdvert: null }), 'a'))).toBeNull();
  });

  it('says every bin, with µs and the run count in words', () => {
    const [row] = measureRows(failover({}), 'a');
    expect(histogramText(row)).toBe(
      'Histogram, Takeover after haproxy killed on a, 3 runs: 4.000000–4.000011 s: 2 runs; 4.000011–4.000020 s: 1 run',
    );
    expect(binText({ fromUs: 5, toUs: 5, count: 1 })).toBe('0.000005 s: 1 run');
  });
});
