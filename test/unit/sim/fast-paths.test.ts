/**
 * The runtime's fast paths (a backup's steady-state advert, a lazily armed timer firing early) must be
 * invisible: with them and with every advert and timer sent through the machines (`fastPaths: false`)
 * the trace and the pcap are byte-identical — on the scenario library, the replayed recordings, a LAN
 * of backups, and random fault schedules. And the rule they share with the machine is the machine's:
 * when `acceptOnlyMovesDeadline` holds, the machine's own ADVERT transition changes nothing but the
 * master-down deadline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { writePcap } from '../../../src/lib/export/pcap-writer';
import type { Scenario, ScenarioEvent } from '../../../src/lib/scenario/types';
import { SCENARIO_LIBRARY } from '../../../src/lib/scenarios';
import { simulate } from '../../../src/lib/sim';
import { instanceMachine } from '../../../src/lib/sim/instance.machine';
import {
  acceptOnlyMovesDeadline,
  acceptsInBackup,
  contextMdiUs,
  initialContext,
  nextAdvertDeadline,
} from '../../../src/lib/sim/instance.setup';
import type { Trace } from '../../../src/lib/trace/types';
import { recordings } from '../../fidelity/truth';
import { truthToScenario } from '../../../src/lib/scenario/truth';
import { lanScenario } from '../../bench/sim-scenarios';
import { runWorld } from './harness';
import { build, END, faultArb, healing, nodeArb, NODES } from './random-faults';

const bytes = (t: Trace) => ({
  json: JSON.stringify({ events: t.events, diagnostics: t.diagnostics }),
  pcap: Buffer.from(writePcap(t.packets, { epochUs: 0 })),
});

function expectSame(a: Trace, b: Trace): void {
  const x = bytes(a);
  const y = bytes(b);
  expect(y.json).toBe(x.json);
  expect(y.pcap.equals(x.pcap)).toBe(true);
}

function both(s: Scenario, untilS: number): [Trace, Trace] {
  const run = (fastPaths: boolean) => simulate(s, { untilUs: untilS * 1e6, fastPaths }).value!;
  return [run(false), run(true)];
}

describe('fast paths change nothing', () => {
  it.each(SCENARIO_LIBRARY.map((e) => [e.id, e] as const))('library scenario %s', (_id, e) => {
    const [a, b] = both(e.build(), 300);
    expectSame(a, b);
  });

  it.each(recordings().map((r) => [r.name, r] as const))('replayed recording %s', (_n, r) => {
    const [a, b] = both(truthToScenario(r.truth), 120);
    expectSame(a, b);
  });

  it('a LAN of 6 nodes × 4 VRIDs with a graceful stop and a SIGKILL', () => {
    const [a, b] = both(lanScenario(6, 4), 400);
    expect(a.events.length).toBeGreaterThan(10_000);
    expectSame(a, b);
  });

  it("recordDeliveries 'changes': the same with and without fast paths, and only receipts and steady deadlines left out", () => {
    const s = lanScenario(6, 4);
    const run = (fastPaths: boolean, recordDeliveries: 'all' | 'changes') =>
      simulate(s, { untilUs: 400e6, fastPaths, recordDeliveries }).value!;
    const quiet = run(true, 'changes');
    expectSame(run(false, 'changes'), quiet);
    const all = run(true, 'all');
    expect(quiet.events.length).toBeLessThan(all.events.length / 3);
    expect(Buffer.from(writePcap(quiet.packets, { epochUs: 0 }))).toEqual(
      Buffer.from(writePcap(all.packets, { epochUs: 0 })),
    );
    const rest = (t: Trace) =>
      JSON.stringify(
        t.events.filter(
          (e) =>
            !(e.kind === 'advert-received' && e.verdict === 'accepted') &&
            !(e.kind === 'timer' && e.timer === 'master-down'),
        ),
      );
    expect(rest(quiet)).toBe(rest(all));
    // Every master-down deadline 'changes' keeps is one 'all' has too.
    const downs = (t: Trace) =>
      new Set(
        t.events.flatMap((e) => (e.kind === 'timer' && e.timer === 'master-down' ? [JSON.stringify(e)] : [])),
      );
    const allDowns = downs(all);
    for (const d of downs(quiet)) expect(allDowns.has(d)).toBe(true);
  });

  it('random fault schedules (v2/v3, preempt_delay, pauses, loss, partitions)', () => {
    const node = fc.record({
      base: nodeArb,
      v3: fc.boolean(),
      preemptDelayS: fc.constantFrom(0, 0, 1, 2.5),
    });
    fc.assert(
      fc.property(
        fc.array(node, { minLength: 3, maxLength: 3 }),
        fc.array(faultArb, { maxLength: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        (nodes, faults, seed) => {
          const routers = () =>
            build(nodes.map((n) => ({ ...n.base, v3: n.v3, preemptDelayS: n.preemptDelayS })));
          const events: ScenarioEvent[] = [
            ...NODES.map((n): ScenarioEvent => ({ at: 0, action: 'start-keepalived', node: n })),
            ...faults,
            ...healing(),
          ];
          const a = runWorld(routers(), events, END, [], seed, { fastPaths: false });
          const b = runWorld(routers(), events, END, [], seed, { fastPaths: true });
          expectSame(a, b);
        },
      ),
      { numRuns: 40, seed: 20261125 },
    );
  });
});

describe('the steady-state rule is the machine’s own', () => {
  const env = { now: () => 0, syncAllowsMaster: () => true };
  const contextArb = fc.record({
    version: fc.constantFrom(2 as const, 3 as const),
    priority: fc.integer({ min: 1, max: 254 }),
    advertIntervalCs: fc.constantFrom(50, 100, 200),
    learnedIntervalCs: fc.constantFrom(50, 100, 200),
    nopreempt: fc.boolean(),
    preemptDelayUs: fc.constantFrom(0, 1_000_000),
    preemptTimeUs: fc.constantFrom(null, 5_000_000, 20_000_000),
    wantMaster: fc.boolean(),
    nowUs: fc.constantFrom(10_000_000, 30_000_000),
  });
  const advertArb = fc.record({
    priority: fc.integer({ min: 1, max: 255 }),
    intervalCs: fc.constantFrom(50, 100, 200),
  });

  it('when acceptOnlyMovesDeadline holds, the ADVERT transition only sets downDeadlineUs = now + MDI', () => {
    let fastCases = 0;
    fc.assert(
      fc.property(contextArb, advertArb, (k, a) => {
        const now = k.nowUs;
        const context = {
          ...initialContext({
            env: { ...env, now: () => now },
            version: k.version,
            basePriority: k.priority,
            priority: k.priority,
            advertIntervalCs: k.advertIntervalCs,
            downTimerAdverts: 3,
            nopreempt: k.nopreempt,
            preemptDelayUs: k.preemptDelayUs,
            lowerPrioNoAdvert: false,
            higherPrioSendAdvert: false,
          }),
          masterAdverIntUs: k.learnedIntervalCs * 10_000,
          preemptTimeUs: k.preemptTimeUs,
          wantMaster: k.wantMaster,
          downDeadlineUs: now + 1_000,
        };
        if (!(
          acceptsInBackup(context, a.priority, now) &&
          acceptOnlyMovesDeadline(context, a.priority, a.intervalCs, now)
        ))
          return;
        fastCases++;
        const snap = instanceMachine.resolveState({ value: 'backup', context });
        const [next, actions] = transition(instanceMachine, snap, {
          type: 'ADVERT',
          packet: 7,
          priority: a.priority,
          intervalCs: a.intervalCs,
          src: '10.0.0.9',
          cmp: 1,
          valid: true,
          reason: '',
        });
        expect(next.value).toBe('backup');
        expect(next.context).toEqual({ ...context, downDeadlineUs: now + contextMdiUs(context) });
        // Nothing is re-armed or sent: only the report of the accepted advert.
        const kinds = actions.map((x) => (x as { type: string }).type);
        expect(kinds.every((t) => t === 'xstate.emit')).toBe(true);
        expect(actions).toHaveLength(1);
      }),
      { numRuns: 400, seed: 20261125 },
    );
    expect(fastCases).toBeGreaterThan(20);
  });
});

describe('what the instance clock does in place of a re-entry is what the machine does', () => {
  const at = (nowUs: number, over: object) => ({
    ...initialContext({
      env: { now: () => nowUs, syncAllowsMaster: () => true },
      version: 2,
      basePriority: 100,
      priority: 98,
      advertIntervalCs: 100,
      downTimerAdverts: 3,
      nopreempt: false,
      preemptDelayUs: 0,
      lowerPrioNoAdvert: false,
      higherPrioSendAdvert: false,
    }),
    ...over,
  });
  const summary = (actions: { type: string; params?: unknown }[]) =>
    actions.map((a) => ({ type: a.type, params: a.params }));

  it('a due MASTER advert timer: next deadline, one advert, the timer report, one new timer', () => {
    const now = 5_000_000;
    const c = at(now, { advertDeadlineUs: now });
    const snap = instanceMachine.resolveState({ value: 'master', context: c });
    const [next, actions] = transition(instanceMachine, snap, {
      type: 'xstate.after.advert.vrrpInstance.master',
    } as never);
    const deadline = nextAdvertDeadline(c, now);
    expect(next.value).toBe('master');
    expect(next.context).toEqual({ ...c, advertDeadlineUs: deadline });
    expect(summary(actions)).toEqual([
      { type: 'xstate.cancel', params: { sendId: 'xstate.after.advert.vrrpInstance.master' } },
      { type: 'xstate.emit', params: { event: { type: 'advert', priority: 98 } } },
      { type: 'xstate.emit', params: { event: { type: 'timer', timer: 'advert', deadline } } },
      {
        type: 'xstate.raise',
        params: {
          event: { type: 'xstate.after.advert.vrrpInstance.master' },
          id: 'xstate.after.advert.vrrpInstance.master',
          delay: deadline - now,
        },
      },
    ]);
  });

  it('an early BACKUP master-down timer: nothing but one new timer at the moved deadline', () => {
    const now = 5_000_000;
    const c = at(now, { downDeadlineUs: now + 2_345_678 });
    const snap = instanceMachine.resolveState({ value: 'backup', context: c });
    const [next, actions] = transition(instanceMachine, snap, {
      type: 'xstate.after.masterDown.vrrpInstance.backup',
    } as never);
    expect(next.value).toBe('backup');
    expect(next.context).toEqual(c);
    expect(summary(actions)).toEqual([
      { type: 'xstate.cancel', params: { sendId: 'xstate.after.masterDown.vrrpInstance.backup' } },
      {
        type: 'xstate.raise',
        params: {
          event: { type: 'xstate.after.masterDown.vrrpInstance.backup' },
          id: 'xstate.after.masterDown.vrrpInstance.backup',
          delay: 2_345_678,
        },
      },
    ]);
  });
});
