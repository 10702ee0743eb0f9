/**
 * The Session's intents on a loaded trace (loadTrace is how captures arrive): seeking, stepping over
 * events, jumping to failovers, speed and zoom bounds.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../../src/ui/state/session.svelte';
import { FIXTURE_FAILOVER_US, pandaFixtureTrace } from '../../fixtures/ui/panda-trace';
import { simulate } from '../../../src/lib/sim/run';
import { pandaScenario } from '../../../src/lib/scenario/panda';

function session(): Session {
  const s = new Session();
  s.loadTrace(pandaFixtureTrace());
  return s;
}

describe('Session', () => {
  it('shows all of a newly loaded recording, whatever the zoom of what was shown before', () => {
    const s = session();
    s.setWindow(1_000_000, 2_000_000);
    const longer = pandaFixtureTrace();
    longer.endUs += 5_000_000;
    s.loadTrace(longer);
    expect(s.window).toEqual({ from: 0, to: longer.endUs });
  });

  it('seeks within the trace and shows the frame at t', () => {
    const s = session();
    s.seek(-5);
    expect(s.t).toBe(0);
    s.seek(1e12);
    expect(s.t).toBe(s.endUs);
    s.seek(FIXTURE_FAILOVER_US);
    expect(s.frame?.nodes['prod-haproxy-001'].vips.eth2).toContain('192.168.3.200');
  });

  it('steps to the next and previous events, and back restores the earlier state', () => {
    const s = session();
    s.seek(FIXTURE_FAILOVER_US - 1);
    s.stepForward();
    expect(s.t).toBe(FIXTURE_FAILOVER_US);
    expect(s.frame?.masters['ipv4/200']).toEqual(['prod-haproxy-001/192.168.3.200']);
    s.stepBack();
    expect(s.t).toBeLessThan(FIXTURE_FAILOVER_US);
    expect(s.frame?.masters['ipv4/200']).toEqual(['prod-haproxy-000/192.168.3.200']);
  });

  it('jumps to the next failover and stays when there is none', () => {
    const s = session();
    s.nextFailover();
    expect(s.t).toBe(FIXTURE_FAILOVER_US);
    s.nextFailover();
    expect(s.t).toBe(FIXTURE_FAILOVER_US);
  });

  it('keeps speed in 0.1..100 and the zoom window inside the trace', () => {
    const s = session();
    s.setSpeed(1000);
    expect(s.speed).toBe(100);
    s.setSpeed(0.001);
    expect(s.speed).toBe(0.1);
    s.setWindow(30_000_000, 10_000_000);
    expect(s.window).toEqual({ from: 10_000_000, to: 30_000_000 });
    s.setWindow(5, 5);
    expect(s.window).toEqual({ from: 0, to: s.endUs });
  });

  it('reports that scenarios cannot run without a simulator', () => {
    const s = new Session();
    s.loadScenario({ name: 'x', seed: 1, nodes: [] });
    expect(s.diagnostics.map((d) => d.code)).toEqual(['ui.no-simulator']);
  });
});

describe('Session with the simulator', () => {
  it('forks at t with applyAction and resets to the scenario as loaded', () => {
    const s = new Session({ simulate });
    const panda = pandaScenario();
    s.loadScenario(panda);
    s.seek(4_999_999);
    const before = s.frame;
    s.seek(5_000_000);
    s.applyAction({ action: 'stop-keepalived', node: 'prod-haproxy-000' });
    expect(s.scenario?.events?.map((e) => [e.at, e.action])).toEqual([
      [5, 'stop-keepalived'],
      [20.3, 'kill-process'],
      [40.3, 'start-process'],
    ]);
    // The fork leaves the run before t untouched (same seed) and changes it after.
    expect(s.t).toBe(5_000_000);
    s.seek(4_999_999);
    expect(s.frame).toEqual(before);
    s.seek(7_000_000);
    expect(s.frame?.nodes['prod-haproxy-000'].daemon).toBe('stopped');
    s.reset();
    expect(s.scenario?.events).toEqual(panda.events);
    expect(s.t).toBe(0);
  });

  it('turns a simulator crash into a diagnostic', () => {
    const s = new Session({
      simulate: () => {
        throw new Error('boom');
      },
    });
    s.loadScenario({ name: 'p', seed: 1, nodes: [] });
    expect(s.diagnostics.map((d) => d.code)).toEqual(['internal.simulate']);
  });
});
