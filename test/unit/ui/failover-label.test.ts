/**
 * Failover marker words on the simulated seed scenario (docs/vrrp-behaviour.md §4.8): the gap since the
 * old master's last advert is labelled as a gap, and the time since `kill haproxy` is given when the
 * fault hit the old master's node.
 */
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import { runWorld } from '../sim/harness';
import { pandaRouters } from '../sim/model-fixtures';
import { failoverLabel, type FailoverEvent } from '../../../src/ui/app/failover-label';
import { describeCause, namerOf } from '../../../src/lib/trace/cause';

const A = 'prod-haproxy-000';
const B = 'prod-haproxy-001';

describe('failoverLabel', () => {
  const trace = runWorld(
    pandaRouters(),
    [
      { at: 20.3, action: 'kill-process', node: A, process: 'haproxy' },
      { at: 40.1, action: 'start-process', node: A, process: 'haproxy' },
    ],
    60,
  );
  const failovers = trace.events.filter((e): e is FailoverEvent => e.kind === 'failover');
  const takeover = failovers.find((f) => f.vrid === 200 && f.to === B && f.t > 20_000_000)!;

  it('names the new master and the gap, then the time since the fault on the old master', () => {
    const { text, title } = failoverLabel(takeover, trace);
    const since = ((takeover.t - 20_300_000) / 1e6).toFixed(2);
    expect(text).toBe(`→ ${B} · gap ${(takeover.gapUs! / 1e6).toFixed(3)} s · ${since} s after kill haproxy`);
    expect(title).toContain('not the failover');
    expect(title).toContain('haproxy killed on prod-haproxy-000');
  });

  it("the title says why from the cause model (describeCause), and the gap's advert priority", () => {
    const { title } = failoverLabel(takeover, trace);
    expect(title).toContain(describeCause(takeover, namerOf(trace.nodes)));
    expect(title).toContain('master-down timer (3.613 s) expired');
    expect(title).toMatch(/gap since prod-haproxy-000's last advert, at priority 98: /);
  });

  it('gives no fault when none hit the old master in the 60 s before', () => {
    const first = failovers.find((f) => f.t < 20_000_000);
    if (first) expect(failoverLabel(first, trace).text).not.toContain('after');
    const back = failovers.find((f) => f.vrid === 200 && f.to === A && f.t > 40_000_000)!;
    // The fault on A (start haproxy) is not on the old master B.
    expect(failoverLabel(back, trace).text).toBe(`→ ${A} · gap ${(back.gapUs! / 1e6).toFixed(3)} s`);
  });

  it('drops trailing parts to fit before the next marker of the lane, keeping the title whole', () => {
    const lane = failovers.filter((f) => f.router === takeover.router);
    const wide = scaleLinear().domain([0, 60e6]).range([0, 10_000]);
    expect(failoverLabel(takeover, trace, { x: wide, lane }).text).toContain('after kill haproxy');
    const narrow = scaleLinear().domain([0, 60e6]).range([0, 600]);
    const fitted = failoverLabel(takeover, trace, { x: narrow, lane });
    const next = lane.find((g) => g.t > takeover.t)!;
    expect(fitted.text.length * 6.6).toBeLessThanOrEqual(narrow(next.t) - narrow(takeover.t));
    expect(fitted.text.startsWith(`→ ${B}`)).toBe(true);
    expect(fitted.title).toBe(failoverLabel(takeover, trace).title);
  });
});
