import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/lib/scenario/validate';
import { pandaScenario } from '../../src/lib/scenario/panda';

describe('validateScenario', () => {
  it('accepts the Panda scenario as JSON text and as a value', () => {
    const text = JSON.stringify(pandaScenario(), null, 2);
    const r = validateScenario(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual(pandaScenario());
    expect(validateScenario(pandaScenario()).value).toEqual(pandaScenario());
  });
  it('points at an unknown field by line and column', () => {
    const text = '{\n  "name": "x",\n  "nodes": [],\n  "evnets": []\n}';
    const r = validateScenario(text);
    expect(r.value).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({
      code: 'scenario.unknown-field',
      severity: 'error',
      at: { line: 4, col: 3 },
    });
    expect(r.diagnostics[0].message).toContain('"evnets"');
  });
  it('points at an unknown action and lists the known ones', () => {
    const text = '{"name":"x","nodes":[],\n"events":[{"at":1,\n "action":"reboot"}]}';
    const d = validateScenario(text).diagnostics[0];
    expect(d).toMatchObject({ code: 'scenario.unknown-action', at: { line: 3, col: 2 } });
    expect(d.message).toContain('kill-process');
  });
  it('reports missing fields, wrong types and unknown nodes', () => {
    const r = validateScenario({
      name: 'x',
      nodes: [{ name: 'a', interfaces: { eth0: ['10.0.0.1/24'] }, config: '' }],
      events: [
        { at: 1, action: 'kill-process', node: 'b' },
        { at: 'soon', action: 'heal' },
      ],
    });
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual([
      'scenario.bad-type',
      'scenario.missing-field',
      'scenario.unknown-node',
    ]);
  });
  it('gives a positioned error for broken JSON, never a throw', () => {
    const d = validateScenario('{"name": "x",\n "nodes": [1, }').diagnostics[0];
    expect(d).toMatchObject({ code: 'scenario.json-syntax', at: { line: 2 } });
    expect(validateScenario(42).diagnostics[0].code).toBe('scenario.invalid');
  });
});
