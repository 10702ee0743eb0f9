import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/lib/scenario/validate';
import { simulate } from '../../src/lib/sim';
import { libraryEntry } from '../../src/lib/scenarios';
import { scenarioFromJson, scenarioToJson } from '../../src/lib/share/scenario-json';

const UCARP = 'ucarp -i eth0 -s 10.0.0.2 -v 9 -p secret -a 10.0.0.1 -k 0 -P';

function scenario(nodes: unknown[], events: unknown[] = []) {
  return JSON.stringify({ name: 's', nodes, events }, null, 1);
}
const node = (name: string, extra: Record<string, unknown>) => ({
  name,
  interfaces: { eth0: ['10.0.0.2/24'] },
  config: '',
  ...extra,
});

describe('scenario nodes with "implementation"', () => {
  it('accepts keepalived (the default) and ucarp, whose config is the command line', () => {
    const r = validateScenario(
      scenario([node('a', { implementation: 'ucarp', config: UCARP }), node('b', {})]),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.nodes[0].implementation).toBe('ucarp');
  });

  it('refuses an unknown implementation at its position', () => {
    const r = validateScenario(scenario([node('a', { implementation: 'frr' })]));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'scenario.bad-value',
        severity: 'error',
        at: expect.objectContaining({ line: 12, col: 4 }),
      }),
    ]);
    expect(r.diagnostics[0].message).toContain('keepalived, ucarp');
  });

  it("refuses a ucarp command line ucarp itself refuses, with ucarp's message", () => {
    const r = validateScenario(
      scenario([node('a', { implementation: 'ucarp', config: 'ucarp -i eth0 -v 300 -p x' })]),
    );
    const messages = r.diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      expect.stringContaining('vhid must be between 1 and 255.'),
      expect.stringContaining('You must supply a persistent source address'),
      expect.stringContaining('You must supply a virtual host address'),
    ]);
    expect(r.diagnostics.every((d) => d.code === 'scenario.ucarp-command')).toBe(true);
  });

  it('refuses a keepalived signal on a ucarp node and a ucarp one on a keepalived node', () => {
    const r = validateScenario(
      scenario(
        [node('a', { implementation: 'ucarp', config: UCARP }), node('b', {})],
        [
          { at: 1, action: 'kill-keepalived', node: 'a' },
          { at: 2, action: 'stop-ucarp', node: 'b' },
          { at: 3, action: 'kill-ucarp', node: 'a' },
        ],
      ),
    );
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['scenario.wrong-implementation', expect.stringContaining('use kill-ucarp')],
      ['scenario.wrong-implementation', expect.stringContaining('use stop-keepalived')],
    ]);
  });

  it('a share link round trip keeps the implementation', () => {
    const s = libraryEntry('carp-pair')!.build();
    expect(scenarioFromJson(scenarioToJson(s)).value).toEqual(s);
  });

  it('a ucarp node that ucarp would refuse never starts, and says why in its log', () => {
    const bad = {
      name: 'x',
      seed: 1,
      nodes: [{ ...node('a', { implementation: 'ucarp' as const, config: 'ucarp -v 7' }) }],
    };
    const r = simulate(bad, { untilUs: 10_000_000 });
    expect(r.value.packets).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('ucarp.no-pass');
    expect(r.value.events.some((e) => e.kind === 'log' && e.text.includes('refuses to start'))).toBe(true);
  });
});
