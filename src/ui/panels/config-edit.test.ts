import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../lib/scenario/types';
import { pandaScenario } from '../../lib/scenarios/index';
import { parseConfig } from '../../lib/config';
import {
  NEW_NODE_PRIORITY_GAP,
  addNode,
  lineOffset,
  nextFreeAddress,
  removeNode,
  sortDiagnostics,
  spanOffsets,
} from './config-edit';

const scenario: Scenario = {
  name: 'two',
  seed: 1,
  nodes: [
    {
      name: 'a',
      interfaces: { eth2: ['192.168.3.4/24'] },
      config: 'vrrp_instance A {}\n',
      processes: ['haproxy'],
    },
    { name: 'b', interfaces: { eth2: ['192.168.3.5/24'] }, config: 'vrrp_instance B {}\n' },
  ],
  clients: [{ name: 'app', interfaces: { eth2: ['192.168.3.2/24'] } }],
  events: [
    { at: 1, node: 'a', action: 'kill-process', process: 'haproxy' },
    { at: 2, node: 'b', action: 'stop-keepalived' },
  ],
};

describe('config edits', () => {
  it("gives an added Panda node its own name, address and a priority below every VRID's lowest", () => {
    const panda = pandaScenario();
    const s = addNode(panda);
    const added = s.nodes[s.nodes.length - 1];
    expect(added.config).not.toContain('Chef');
    expect(added.config).not.toContain('Node - prod-haproxy-001');
    const parsed = parseConfig(added.config, { file: added.name });
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const i of parsed.value.instances) {
      const others = panda.nodes.flatMap((n) =>
        parseConfig(n.config).value.instances.filter((o) => o.vrid === i.vrid),
      );
      expect(i.priority).toBe(Math.min(...others.map((o) => o.priority)) - NEW_NODE_PRIORITY_GAP);
      expect(i.state).toBe('BACKUP');
    }
  });

  it('adds a node on the same segment with the next free address', () => {
    const s = addNode(scenario);
    expect(s.nodes.map((n) => n.name)).toEqual(['a', 'b', 'node-3']);
    expect(s.nodes[2].interfaces).toEqual({ eth2: ['192.168.3.3/24'] });
    expect(s.nodes[2].config).toBe(
      '# node-3: added beside b, with its own addresses and a lower priority\nvrrp_instance B {}\n',
    );
    expect(scenario.nodes.length).toBe(2);
    expect(addNode(s).nodes[3].interfaces).toEqual({ eth2: ['192.168.3.6/24'] });
  });

  it('finds no free address in a full or non-IPv4 subnet', () => {
    expect(nextFreeAddress('10.0.0.1/30', new Set(['10.0.0.2']))).toBeNull();
    expect(nextFreeAddress('fe80::1/64', new Set())).toBeNull();
  });

  it('removes a node and its events', () => {
    const s = removeNode(scenario, 'a');
    expect(s.nodes.map((n) => n.name)).toEqual(['b']);
    expect(s.events).toEqual([{ at: 2, node: 'b', action: 'stop-keepalived' }]);
  });

  it('maps diagnostic positions to text offsets', () => {
    const text = 'global_defs {\n  router_id x\n}\n';
    expect(lineOffset(text, 1)).toBe(0);
    expect(lineOffset(text, 2)).toBe(14);
    expect(lineOffset(text, 9)).toBe(text.length);
    expect(spanOffsets(text, { line: 2, col: 3, endLine: 2, endCol: 12 })).toEqual({ start: 16, end: 25 });
    expect(text.slice(16, 25)).toBe('router_id');
  });

  it('orders diagnostics errors, warnings, info, each by position, unpositioned last', () => {
    const at = (line: number) => ({ line, col: 1, endLine: line, endCol: 2 });
    const sorted = sortDiagnostics([
      { code: 'c', severity: 'info', message: 'none' },
      { code: 'b', severity: 'warning', message: 'w5', at: at(5) },
      { code: 'a', severity: 'error', message: 'e5', at: at(5) },
      { code: 'd', severity: 'info', message: 'i2', at: at(2) },
      { code: 'e', severity: 'warning', message: 'w9', at: at(9) },
      { code: 'f', severity: 'error', message: 'e7', at: at(7) },
    ]);
    // Errors first, then warnings, then info; by position within each, unpositioned last.
    expect(sorted.map((d) => d.message)).toEqual(['e5', 'e7', 'w5', 'w9', 'i2', 'none']);
  });
});
