import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compressToEncodedURIComponent } from 'lz-string';
import {
  decodeShareFragment,
  decodeShareValue,
  encodeShareFragment,
  encodeShareValue,
  findShareValue,
} from './codec';
import type { ShareState } from './state';
import { SCENARIO_ACTIONS } from './read-scenario';
import type { Scenario, ScenarioEvent } from '../scenario/types';

const name = fc.string({ minLength: 1, maxLength: 30 });
const cidr = fc
  .tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 32 }))
  .map(([a, b, p]) => `10.${a}.${b}.1/${p}`);
const safeKey = name.filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));

/**
 * Events the one event validator accepts for a scenario with these node names (what a share link
 * keeps): actions that name nothing, or name the scenario's own nodes.
 */
function validEvents(names: string[]): fc.Arbitrary<ScenarioEvent[]> {
  const at = fc.double({ min: 0, max: 3600, noNaN: true });
  const note = fc.string();
  const options: fc.Arbitrary<ScenarioEvent>[] = [
    fc.record({ at, action: fc.constant('heal' as const), note }, { requiredKeys: ['at', 'action'] }),
    fc.record(
      { at, action: fc.constant('set-loss' as const), percent: fc.double({ min: 0, max: 100, noNaN: true }) },
      { requiredKeys: ['at', 'action', 'percent'] },
    ),
  ];
  if (names.length) {
    const node = fc.constantFrom(...names);
    options.push(
      fc.record(
        { at, action: fc.constantFrom(...DAEMON_ACTIONS), node },
        { requiredKeys: ['at', 'action', 'node'] },
      ),
    );
  }
  if (names.length >= 2)
    options.push(
      fc.shuffledSubarray(names, { minLength: 2 }).map(([a, ...rest]) => ({
        at: 1,
        action: 'partition' as const,
        groups: [[a], rest],
      })),
    );
  return fc.array(fc.oneof(...options), { maxLength: 8 });
}
const DAEMON_ACTIONS = SCENARIO_ACTIONS.filter((a) => a.endsWith('-keepalived'));

/** The timing fields' range (scenario/timing.ts MAX_TIMING_US). */
const timingUs = fc.integer({ min: 0, max: 1_000_000 });

const scenario: fc.Arbitrary<Scenario> = fc
  .record(
    {
      name,
      description: fc.string(),
      seed: fc.nat(),
      nodes: fc.array(
        fc.record(
          {
            name,
            interfaces: fc.dictionary(safeKey, fc.array(cidr, { maxLength: 3 }), { maxKeys: 3 }),
            mac: fc.dictionary(safeKey, fc.constant('bc:76:4e:05:6c:1c'), { maxKeys: 2 }),
            config: fc.string({ maxLength: 400 }),
            processes: fc.array(name, { maxLength: 3 }),
            jitterUs: timingUs,
          },
          { requiredKeys: ['name', 'interfaces', 'config'] },
        ),
        { maxLength: 5 },
      ),
      scripts: fc.dictionary(
        safeKey,
        fc.record({ process: name, result: fc.boolean() }, { requiredKeys: [] }),
        { maxKeys: 3 },
      ),
      duration: fc.integer({ min: 1, max: 3600 }),
      lan: fc.record({ latencyUs: timingUs, jitterUs: timingUs }, { requiredKeys: [] }),
    },
    { requiredKeys: ['name', 'seed', 'nodes'] },
  )
  .chain((s) =>
    validEvents([...new Set(s.nodes.map((n) => n.name))]).map((events) =>
      events.length ? { ...s, events } : s,
    ),
  );

const shareState: fc.Arbitrary<ShareState> = fc.record({
  scenario,
  t: fc.integer({ min: 0, max: 3_600_000_000 }),
  view: fc.record(
    {
      selection: fc.record(
        { node: name, instance: name, packet: fc.nat(10_000), field: fc.constant('vrrp.prio') },
        { requiredKeys: [] },
      ),
      chrome: fc.constantFrom('full', 'embed', 'present'),
      theme: fc.constantFrom('light', 'dark'),
      speed: fc.double({ min: 0.1, max: 100, noNaN: true }),
      chapter: fc.integer({ min: 1, max: 12 }),
      window: fc
        .tuple(fc.nat(1_000_000), fc.integer({ min: 1, max: 1_000_000 }))
        .map(([from, d]) => ({ from, to: from + d })),
    },
    { requiredKeys: [] },
  ),
}) as fc.Arbitrary<ShareState>;

describe('share URL codec', () => {
  it('round-trips any state exactly, without diagnostics', () => {
    fc.assert(
      fc.property(shareState, (s) => {
        const back = decodeShareFragment(encodeShareFragment(s));
        expect(back.diagnostics).toEqual([]);
        expect(back.value).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it('uses only URL-safe characters and a version prefix', () => {
    fc.assert(
      fc.property(shareState, (s) => {
        expect(encodeShareValue(s)).toMatch(/^1\.[A-Za-z0-9+\-$]*$/);
      }),
      { numRuns: 50 },
    );
  });

  it('finds the state after a tutorial route', () => {
    expect(findShareValue('#/tutorial/3?share=1.abc')).toBe('1.abc');
    expect(findShareValue('#share=1.x&y=2')).toBe('1.x');
    expect(findShareValue('#/tutorial/3')).toBeNull();
    expect(decodeShareFragment('#/tutorial/3')).toEqual({ value: null, diagnostics: [] });
  });

  it('never throws on mutated or random links, and explains every refusal', () => {
    const good = encodeShareValue({ scenario: { name: 'x', seed: 1, nodes: [] }, t: 5, view: {} });
    const mutated = fc
      .tuple(fc.nat(good.length), fc.string({ maxLength: 4 }), fc.nat(6))
      .map(([i, s, cut]) => good.slice(0, i) + s + good.slice(i + cut));
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string(), fc.string({ unit: 'binary' })), (v) => {
        const r = decodeShareValue(v);
        if (r.value === null) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        for (const d of r.diagnostics) expect(d.code).toMatch(/^share\./);
      }),
      { numRuns: 500 },
    );
  });

  const wrap = (payload: unknown) => `1.${compressToEncodedURIComponent(JSON.stringify(payload))}`;

  it('refuses newer versions, corrupt data and non-scenarios with a diagnostic', () => {
    expect(decodeShareValue('2.abc').diagnostics[0].code).toBe('share.newer-version');
    expect(decodeShareValue('1.%%%').diagnostics[0].code).toBe('share.malformed');
    expect(decodeShareValue('1.' + compressToEncodedURIComponent('{"v":1,')).diagnostics[0].code).toBe(
      'share.corrupt',
    );
    expect(decodeShareValue(wrap([1, 2])).value).toBeNull();
    expect(decodeShareValue(wrap({ v: 1, scenario: 'x' })).diagnostics.map((d) => d.code)).toContain(
      'share.no-scenario',
    );
    expect(decodeShareValue('1.' + 'A'.repeat(500_000)).diagnostics[0].code).toBe('share.too-long');
  });

  it('keeps what can be read of a hostile payload and pollutes no prototype', () => {
    const hostile = JSON.parse(
      '{"v":1,"t":-5,"scenario":{"name":"<img src=x onerror=alert(1)>","seed":"x","nodes":[{"name":"a","interfaces":{"__proto__":["1.2.3.4/24"],"eth0":["10.0.0.1/24"]},"config":"vrrp_instance x {}","processes":["haproxy"],"evil":1},{"interfaces":{}}],"events":[{"at":1,"action":"rm -rf"},{"at":2,"action":"kill-process","node":"a","process":"haproxy"}]},"view":{"chrome":"evil","window":{"from":5,"to":1},"speed":1e9}}',
    );
    const r = decodeShareValue(wrap(hostile));
    expect(r.value).not.toBeNull();
    const s = r.value!;
    expect(s.scenario.name).toBe('<img src=x onerror=alert(1)>');
    expect(s.scenario.seed).toBe(1);
    expect(s.t).toBe(0);
    expect(s.scenario.nodes).toHaveLength(1);
    expect(Object.keys(s.scenario.nodes[0].interfaces)).toEqual(['eth0']);
    expect(Object.getPrototypeOf(s.scenario.nodes[0].interfaces)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)[0]).toBeUndefined();
    expect(s.scenario.events).toEqual([{ at: 2, action: 'kill-process', node: 'a', process: 'haproxy' }]);
    expect(s.scenario.nodes[0].processes).toEqual(['haproxy']);
    expect(s.view).toEqual({});
    const codes = r.diagnostics.map((d) => d.code);
    for (const c of [
      'share.bad-key',
      'share.bad-event',
      'share.bad-value',
      'share.missing-field',
      'share.unknown-field',
    ])
      expect(codes).toContain(c);
  });
});
