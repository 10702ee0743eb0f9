/**
 * validateScenario checks what events refer to and their value ranges, each error positioned at the
 * offending key, and still returns the scenario so an editor can show it.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/lib/scenario/validate';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { SCENARIO_LIBRARY } from '../../../src/lib/scenarios';
import type { ScenarioEvent } from '../../../src/lib/scenario/types';
import type { Diagnostic } from '../../../src/lib/trace/diagnostic';

const A = 'prod-haproxy-000';

/** Panda with these events, as pretty JSON text, and the 1-based line of the first line containing `needle`. */
function withEvents(events: ScenarioEvent[]) {
  const text = JSON.stringify({ ...pandaScenario(), events }, null, 2);
  const lines = text.split('\n');
  const at = (needle: string, from = 0) => {
    const line = lines.findIndex((l, i) => i >= from && l.includes(needle));
    return { line: line + 1, col: lines[line].indexOf(needle) + 1 };
  };
  return { r: validateScenario(text), at, eventsLine: lines.findIndex((l) => l.includes('"events"')) };
}

const line = (d: Diagnostic) => (d.at && 'line' in d.at ? d.at.line : 0);
/** The errors in text order. */
const errors = (r: ReturnType<typeof validateScenario>) =>
  r.diagnostics.filter((d) => d.severity === 'error').sort((a, b) => line(a) - line(b));

describe('validateScenario: names and ranges in events', () => {
  it('set-priority: unknown instance and priority 300, both at their keys; the scenario is still returned', () => {
    const { r, at, eventsLine } = withEvents([
      { at: 1, action: 'set-priority', node: A, instance: 'nope', priority: 300 },
    ]);
    expect(errors(r)).toMatchObject([
      { code: 'scenario.unknown-instance', at: at('"instance"', eventsLine) },
      { code: 'scenario.bad-value', at: at('"priority"', eventsLine) },
    ]);
    expect(errors(r)[0].message).toBe(
      `events/0/instance: no vrrp_instance "nope" in the config of node "${A}" (known: 192.168.3.200, 192.168.3.201)`,
    );
    expect(errors(r)[1].message).toContain('within 1..255 (got 300)');
    expect(r.value?.events?.[0].instance).toBe('nope');
  });

  it('set-priority with a real instance and 1 or 255 is fine; 0 and 2.5 are not', () => {
    expect(
      errors(
        withEvents([{ at: 1, action: 'set-priority', node: A, instance: '192.168.3.201', priority: 255 }]).r,
      ),
    ).toEqual([]);
    expect(
      errors(
        withEvents([{ at: 1, action: 'set-priority', node: A, instance: '192.168.3.201', priority: 1 }]).r,
      ),
    ).toEqual([]);
    for (const priority of [0, 2.5])
      expect(
        errors(
          withEvents([{ at: 1, action: 'set-priority', node: A, instance: '192.168.3.201', priority }]).r,
        ).map((d) => d.code),
      ).toEqual(['scenario.bad-value']);
  });

  it('link-down on an interface the node does not have', () => {
    const { r, at, eventsLine } = withEvents([
      { at: 1, action: 'link-down', node: A, interface: 'eth9' },
      { at: 2, action: 'link-up', node: A, interface: 'eth2' },
    ]);
    expect(errors(r)).toMatchObject([
      { code: 'scenario.unknown-interface', at: at('"interface"', eventsLine) },
    ]);
    expect(errors(r)[0].message).toBe(`events/0/interface: no interface "eth9" on node "${A}" (known: eth2)`);
  });

  it('kill-process / start-process of a process the node neither declares nor checks', () => {
    const { r, at, eventsLine } = withEvents([
      { at: 1, action: 'kill-process', node: A, process: 'nginx' },
      { at: 2, action: 'start-process', node: A, process: 'haproxy' },
    ]);
    expect(errors(r)).toMatchObject([{ code: 'scenario.unknown-process', at: at('"process"', eventsLine) }]);
  });

  it('a process is known when the node runs it, a script maps to it, or its check script tests it', () => {
    const s = pandaScenario();
    const node = { ...s.nodes[0], processes: [] };
    // chk_haproxy is `killall -0 haproxy` (§4.8): the check script names the process.
    const r = validateScenario({
      ...s,
      nodes: [node, s.nodes[1]],
      scripts: { chk_other: { process: 'mysqld' } },
      events: [
        { at: 1, action: 'kill-process', node: A, process: 'haproxy' },
        { at: 1, action: 'kill-process', node: A, process: 'mysqld' },
      ],
    });
    expect(errors(r)).toEqual([]);
  });

  it('partition groups must name real nodes; percent must be 0..100', () => {
    const { r, at, eventsLine } = withEvents([
      { at: 1, action: 'partition', groups: [[A], ['ghost']] },
      { at: 2, action: 'set-loss', percent: 150 },
    ]);
    expect(errors(r)).toMatchObject([
      {
        code: 'scenario.unknown-node',
        at: at('"ghost"', eventsLine),
        message: expect.stringContaining('"ghost"'),
      },
      { code: 'scenario.bad-value', at: at('"percent"', eventsLine) },
    ]);
    expect(r.value).not.toBeNull();
  });

  it('a wrong shape still gives no scenario', () => {
    const { r } = withEvents([
      { at: 1, action: 'link-down', node: A, interface: 'eth9', bogus: 1 } as ScenarioEvent,
    ]);
    expect(r.value).toBeNull();
  });

  it('every built-in scenario validates without error or warning', () => {
    const all = [pandaScenario(), ...SCENARIO_LIBRARY.map((e) => e.build())];
    expect(all.length).toBeGreaterThan(8);
    for (const s of all) {
      const r = validateScenario(JSON.stringify(s, null, 2));
      expect({ name: s.name, diagnostics: r.diagnostics }).toEqual({ name: s.name, diagnostics: [] });
      expect(r.value).toEqual(s);
    }
  });
});
