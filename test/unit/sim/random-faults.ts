/**
 * Random three-node scenarios for property tests: two VRIDs, a weighted check script, and fault
 * schedules over the first HEAL_AT seconds that healing() undoes.
 */
import fc from 'fast-check';
import type { ScenarioEvent } from '../../../src/lib/scenario/types';
import { config, instance, router, script } from './model-fixtures';
import { runWorld } from './harness';
import type { Trace } from '../../../src/lib/trace/types';

export const NODES = ['n1', 'n2', 'n3'];
export const HEAL_AT = 60;
export const END = 90;

export const faultArb: fc.Arbitrary<ScenarioEvent> = fc.oneof(
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    node: fc.constantFrom(...NODES),
    action: fc.constantFrom(
      'stop-keepalived',
      'kill-keepalived',
      'pause-keepalived',
      'resume-keepalived',
      'start-keepalived',
      'link-down',
      'link-up',
    ),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    node: fc.constantFrom(...NODES),
    action: fc.constantFrom('kill-process', 'start-process'),
    process: fc.constant('svc'),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    action: fc.constant('partition'),
    groups: fc.shuffledSubarray(NODES, { minLength: 1 }).map((g) => [g]),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    action: fc.constant('block-multicast'),
    from: fc.constantFrom(...NODES),
    to: fc.constantFrom(...NODES),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    action: fc.constant('set-loss'),
    percent: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({
    at: fc.double({ min: 0, max: HEAL_AT - 1, noNaN: true }),
    node: fc.constantFrom(...NODES),
    action: fc.constant('set-priority'),
    instance: fc.constantFrom('VI_1', 'VI_2'),
    priority: fc.integer({ min: 1, max: 254 }),
  }),
) as fc.Arbitrary<ScenarioEvent>;

export const nodeArb = fc.record({
  p1: fc.integer({ min: 1, max: 255 }),
  p2: fc.integer({ min: 1, max: 254 }),
  weight: fc.integer({ min: -253, max: 253 }),
  nopreempt: fc.boolean(),
});

/** A random node; `v3` and `preemptDelayS` (when given) vary VI_1's version and preempt_delay. */
export interface RandomNode {
  p1: number;
  p2: number;
  weight: number;
  nopreempt: boolean;
  v3?: boolean;
  preemptDelayS?: number;
}

export function build(nodes: RandomNode[]) {
  return nodes.map((n, i) => {
    const chk = script('chk', 'pidof svc', { intervalS: 1, weight: n.weight });
    const track = [{ name: 'chk', weight: n.weight, reverse: false }];
    const cfg = config(
      [
        instance('VI_1', 1, n.p1, ['10.0.0.101'], {
          trackScripts: track,
          preempt: !n.nopreempt || n.p1 === 255,
          ...(n.v3 ? { version: 3 as const } : {}),
          ...(n.preemptDelayS ? { preemptDelayS: n.preemptDelayS } : {}),
        }),
        instance('VI_2', 2, n.p2, ['10.0.0.102'], {
          trackScripts: track,
          trackInterfaces: [{ name: 'eth2', weight: 0, reverse: false }],
        }),
      ],
      [chk],
    );
    return router(NODES[i], `02:00:00:00:00:0${i + 1}`, `10.0.0.${i + 1}/24`, cfg, ['svc']);
  });
}

/** Restores everything at HEAL_AT, so the segment is healthy from there on. */
export function healing(): ScenarioEvent[] {
  return [
    { at: HEAL_AT, action: 'heal' },
    ...NODES.flatMap((node): ScenarioEvent[] => [
      { at: HEAL_AT, action: 'resume-keepalived', node },
      { at: HEAL_AT, action: 'link-up', node },
      { at: HEAL_AT, action: 'start-process', node, process: 'svc' },
      { at: HEAL_AT + 0.001, action: 'start-keepalived', node },
    ]),
  ];
}

/** A random schedule's property: three random nodes, up to 12 faults, a seed. */
export const scheduleArb = fc.tuple(
  fc.array(nodeArb, { minLength: 3, maxLength: 3 }),
  fc.array(faultArb, { maxLength: 12 }),
  fc.integer({ min: 1, max: 1000 }),
);

/** Runs a random schedule: every node started at 0, the faults, then healing() at HEAL_AT, to END. */
export function runSchedule(nodes: RandomNode[], faults: ScenarioEvent[], seed: number): Trace {
  return runWorld(
    build(nodes),
    [
      ...NODES.map((node): ScenarioEvent => ({ at: 0, action: 'start-keepalived', node })),
      ...faults,
      ...healing(),
    ],
    END,
    [],
    seed,
  );
}
