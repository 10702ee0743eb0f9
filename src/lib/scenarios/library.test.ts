import { describe, expect, it } from 'vitest';
import { SCENARIO_LIBRARY } from './index';
import { scenarioFromJson, scenarioToJson } from '../share/scenario-json';

describe('scenario library', () => {
  it('has unique ids and the scenarios the issue asks for', () => {
    const ids = SCENARIO_LIBRARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'active-passive',
      'nopreempt',
      'three-routers',
      'split-brain',
      'ipv6-v3',
      'unicast',
      'sync-group',
      'carp-pair',
    ])
      expect(ids).toContain(id);
  });

  for (const entry of SCENARIO_LIBRARY) {
    it(`${entry.id}: is valid scenario JSON whose events and claims name its own nodes`, () => {
      const s = entry.build();
      expect(scenarioFromJson(scenarioToJson(s))).toEqual({ value: s, diagnostics: [] });
      const names = new Set(s.nodes.map((n) => n.name));
      for (const e of s.events ?? []) {
        for (const n of [e.node, e.from, e.to, ...(e.groups ?? []).flat()])
          if (n !== undefined) expect(names).toContain(n);
      }
      expect(entry.claims.length).toBeGreaterThan(0);
      for (const c of entry.claims) {
        for (const m of c.masters) expect(names).toContain(m);
        expect(c.atS).toBeLessThanOrEqual(s.duration ?? 60);
      }
    });
  }
});
