/**
 * The oracle test, simulations (issue 15): for every library scenario, the Panda cases and
 * random fault schedules (fast-check), the view's failover markers (the timeline lanes' changes of
 * master) and the F key's stops (the Session) are the changes of master of `simulate --json`'s
 * master runs (simulateJson, the document the CLI prints), dual masters included, computed from
 * those runs by oracle.ts's interval sweep.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/lib/sim/index';
import { SCENARIO_LIBRARY, pandaScenario } from '../../src/lib/scenarios/index';
import type { Scenario, ScenarioEvent } from '../../src/lib/scenario/types';
import type { Trace } from '../../src/lib/trace/types';
import { simulateJson } from '../../src/cli/simulate-json';
import { buildLanes } from '../../src/ui/timeline/lanes';
import { Session } from '../../src/ui/state/session.svelte';
import { byInstant, changesFromRuns, type Change } from './oracle';
import { HEAL_AT, runSchedule, scheduleArb } from '../unit/sim/random-faults';

const US = 1e6;

/** The changes of master of `simulate --json`'s master runs. */
function jsonChanges(trace: Trace): Change[] {
  const doc = simulateJson(trace);
  const runs = doc.masters.map((m) => ({
    vrid: m.vrid,
    node: m.node,
    from: Math.round(m.from * US),
    to: m.to === null ? null : Math.round(m.to * US),
  }));
  // The advert interval of each VRID, from the scenario's configs as the trace lists them.
  const interval = (vrid: number) =>
    Math.max(...trace.instances.filter((i) => i.vrid === vrid).map((i) => i.advertIntervalCs * 10_000));
  return changesFromRuns(runs, trace.endUs, 0, interval);
}

/** The markers the timeline draws, lane by lane, as changes. */
function viewMarkers(trace: Trace): Change[] {
  return buildLanes(trace)
    .flatMap((l) => l.changes.map((c) => ({ t: c.t, vrid: c.vrid, kind: c.kind, from: c.from, to: c.to })))
    .sort(byInstant);
}

/** Where F stops, pressed from t = 0 until it stops moving, and who it selects there. */
function fStops(scenario: Scenario, endUs: number): { t: number; instance?: string }[] {
  const s = new Session({ simulate: (sc, o) => simulate(sc, o), defaultDurationS: endUs / US });
  s.loadScenario({ ...scenario, duration: endUs / US });
  const stops: { t: number; instance?: string }[] = [];
  for (let k = 0; k < 1000; k++) {
    const before = s.t;
    s.nextFailover();
    if (s.t === before) break;
    stops.push({ t: s.t, instance: s.selection.instance });
  }
  return stops;
}

function check(trace: Trace, scenario?: Scenario): void {
  const expected = jsonChanges(trace);
  expect(viewMarkers(trace)).toEqual(expected);
  if (!scenario) return;
  const stops = fStops(scenario, trace.endUs);
  expect(stops.map((s) => s.t)).toEqual([...new Set(expected.map((c) => c.t))]);
  // F selects the instance that became MASTER there (Explain follows it).
  for (const stop of stops) {
    const node = stop.instance?.split('/')[0];
    expect(
      expected.some((c) => c.t === stop.t && c.to === node),
      `F at ${stop.t}`,
    ).toBe(true);
  }
}

const withEvents = (s: Scenario, extra: ScenarioEvent[]): Scenario => ({
  ...s,
  events: [...(s.events ?? []), ...extra].sort((a, b) => a.at - b.at),
});

describe('oracle: view markers and F stops against simulate --json', () => {
  for (const entry of SCENARIO_LIBRARY) {
    it(`library: ${entry.id}`, () => {
      const scenario = entry.build();
      check(simulate(scenario, { untilUs: (scenario.duration ?? 60) * US }).value, scenario);
    });
  }

  it('Panda with a partition from 8 s to 14 s: dual masters, then the takeover at 24.836 s', () => {
    const scenario = withEvents(pandaScenario(), [
      { at: 8, action: 'partition', groups: [['prod-haproxy-000'], ['prod-haproxy-001']] },
      { at: 14, action: 'heal' },
    ]);
    const trace = simulate(scenario, { untilUs: 60 * US }).value;
    check(trace, scenario);
    // The real takeover after the haproxy kill at 20.3 s has its change of master.
    const takeover = jsonChanges(trace).find((c) => c.vrid === 200 && c.kind === 'takeover');
    expect(takeover).toMatchObject({ from: 'prod-haproxy-000', to: 'prod-haproxy-001' });
    expect(takeover!.t).toBeGreaterThan(20_300_000);
    expect(takeover!.t).toBeLessThan(30_000_000);
  });

  it('Panda with keepalived SIGKILLed on prod-haproxy-001 at 30 s', () => {
    const scenario = withEvents(pandaScenario(), [
      { at: 30, action: 'kill-keepalived', node: 'prod-haproxy-001' },
    ]);
    check(simulate(scenario, { untilUs: 60 * US }).value, scenario);
  });

  it('random fault schedules on three nodes with two VRIDs', () => {
    fc.assert(
      fc.property(scheduleArb, ([nodes, faults, seed]) => {
        const trace = runSchedule(nodes, faults, seed);
        expect(trace.endUs).toBeGreaterThan(HEAL_AT * US);
        check(trace);
      }),
      { numRuns: 40, seed: 20261206 },
    );
  });
});
