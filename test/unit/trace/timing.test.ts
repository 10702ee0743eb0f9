/**
 * The `timing` trace event and its accessor: the simulator and capture analysis record MDI, skew and
 * the advert interval, with keepalived's integer µs (docs/vrrp-behaviour.md §2.2, §9.1, §9.2).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { simulate } from '../../../src/lib/sim/run';
import { timingAt } from '../../../src/lib/trace/timing';
import { REPO_ROOT } from '../../shared-path';

const A200 = 'prod-haproxy-000/192.168.3.200';
const B200 = 'prod-haproxy-001/192.168.3.200';

describe('timing events from the simulator', () => {
  const trace = simulate(pandaScenario(), { untilUs: 40_000_000 }).value;

  it('records every instance at start with the §9.1 numbers (advert_int 1 s)', () => {
    expect(timingAt(trace, A200, 0)).toMatchObject({
      advertIntervalUs: 1_000_000,
      masterAdvertIntervalUs: 1_000_000,
      skewUs: 609_375,
      mdiUs: 3_609_375,
    });
    expect(timingAt(trace, B200, 0)).toMatchObject({ skewUs: 613_281, mdiUs: 3_613_281 });
  });

  it('follows a priority change: 100 → 98 when haproxy dies on A (§2.2: the skew uses the effective priority)', () => {
    const drop = trace.events.find((e) => e.kind === 'priority' && e.instance === A200 && e.to === 98)!;
    expect(drop).toBeDefined();
    expect(timingAt(trace, A200, drop.t - 1)?.mdiUs).toBe(3_609_375);
    expect(timingAt(trace, A200, drop.t)).toMatchObject({ skewUs: 617_187, mdiUs: 3_617_187 });
  });

  it('records a change only: one event per instance while nothing changes', () => {
    const b = trace.events.filter((e) => e.kind === 'timing' && e.instance === B200);
    expect(b).toHaveLength(1);
  });

  it('has no value for an unknown instance or before the first event', () => {
    expect(timingAt(trace, 'nobody/1', 10_000_000)).toBeNull();
    expect(timingAt(trace, A200, -1)).toBeNull();
  });
});

describe('timing events from a capture', () => {
  it('captures/v3-fast.pcap: advert_int 0.5 s, v3 (§9.2: MDI 1 804 687 at 100, 1 806 640 at 99)', async () => {
    const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'captures/v3-fast.pcap')));
    const { trace } = await analyzeCapture(bytes, { name: 'v3-fast.pcap' });
    const timings = trace.events.filter((e) => e.kind === 'timing');
    expect(timings.length).toBeGreaterThan(0);
    for (const e of timings) {
      expect(e.advertIntervalUs).toBe(500_000);
      expect([1_804_687, 1_806_640]).toContain(e.mdiUs);
    }
    const mdis = new Set(timings.map((e) => e.mdiUs));
    expect(mdis).toEqual(new Set([1_804_687, 1_806_640]));
  });
});
