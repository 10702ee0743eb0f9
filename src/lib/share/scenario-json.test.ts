import { expect, it } from 'vitest';
import { scenarioFromJson, scenarioToJson } from './scenario-json';
import type { Scenario } from '../scenario/types';

const s: Scenario = {
  name: 'pair',
  seed: 7,
  nodes: [
    {
      name: 'a',
      interfaces: { eth0: ['10.0.0.1/24'] },
      config: 'vrrp_instance VI_1 {\n  virtual_router_id 51\n}\n',
    },
  ],
  events: [{ at: 3, action: 'stop-keepalived', node: 'a' }],
};

it('exports and imports a scenario unchanged', () => {
  expect(scenarioFromJson(scenarioToJson(s))).toEqual({ value: s, diagnostics: [] });
});

it('positions a JSON syntax error', () => {
  const text = '{\n  "name": "x",\n  "seed": 1,,\n}';
  const r = scenarioFromJson(text);
  expect(r.value).toBeNull();
  expect(r.diagnostics[0].code).toBe('scenario.json-syntax');
  expect(r.diagnostics[0].at).toMatchObject({ line: 3 });
});

it('refuses a document that is not a scenario', () => {
  const r = scenarioFromJson('[1,2,3]');
  expect(r.value).toBeNull();
  expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
});
