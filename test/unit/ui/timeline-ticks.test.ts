/**
 * The timeline's advert ticks: built in steps for large traces (same lanes as in one go), and drawn at
 * most once per pixel column.
 */
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import { buildLanes, lanesOf, prepareLanes, tickColumns } from '../../../src/ui/timeline/lanes';
import { pandaFixtureTrace } from '../../fixtures/ui/panda-trace';

describe('tickColumns', () => {
  const x = scaleLinear().domain([0, 1_000_000]).range([100, 200]);
  const columns = (times: number[], from = 0, to = 1_000_000) =>
    tickColumns(Float64Array.from(times), from, to, x, (px) => x.invert(px));

  it('gives each pixel column that holds a time once, in order', () => {
    // 10 000 µs per px: 0 and 5 000 share column 100; 10 000 is column 101; 999 999 is column 199.
    expect(columns([0, 5_000, 9_999, 10_000, 25_000, 999_999])).toEqual([100, 101, 102, 199]);
  });

  it('draws at most one tick per column however many times there are', () => {
    const dense = Array.from({ length: 50_000 }, (_, k) => k * 20);
    const got = columns(dense);
    expect(got).toHaveLength(100);
    expect(new Set(got).size).toBe(got.length);
  });

  it('keeps only the window [from, to], both ends included', () => {
    const inWindow = scaleLinear().domain([200_000, 400_000]).range([0, 100]);
    const got = tickColumns(
      Float64Array.from([100_000, 200_000, 300_000, 400_000, 400_001]),
      200_000,
      400_000,
      inWindow,
      (px) => inWindow.invert(px),
    );
    expect(got).toEqual([0, 50, 100]);
  });

  it('draws nothing for no times or an empty window', () => {
    expect(columns([])).toEqual([]);
    expect(columns([500_000], 600_000, 700_000)).toEqual([]);
  });
});

describe('prepareLanes', () => {
  it('builds, in steps, the same lanes as buildLanes, which lanesOf then returns', async () => {
    const trace = pandaFixtureTrace();
    await prepareLanes(trace);
    const lanes = lanesOf(trace);
    expect(lanes).toEqual(buildLanes(trace));
    expect(lanesOf(trace)).toBe(lanes);
    for (const lane of lanes) {
      expect([...lane.ticks]).toEqual([...lane.ticks].sort((a, b) => a - b));
    }
    expect(lanes.reduce((n, l) => n + l.ticks.length, 0)).toBe(
      trace.packets.filter((p) => p.type === 'vrrp').length,
    );
  });
});
