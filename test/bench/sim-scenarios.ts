/**
 * Scenarios for the simulator benchmark: Panda over an hour with a fault every few minutes, and N
 * nodes each running the same K VRIDs on one segment.
 */
import { pandaScenario } from '../../src/lib/scenario/panda';
import type { Scenario, ScenarioEvent } from '../../src/lib/scenario/types';

/** Panda for `hours` with haproxy killed and restarted on alternate nodes every 5 minutes. */
export function pandaHour(hours = 1): Scenario {
  const s = pandaScenario();
  const events: ScenarioEvent[] = [];
  for (let t = 20; t < hours * 3600; t += 300) {
    const node = (t / 300) % 2 < 1 ? 'prod-haproxy-000' : 'prod-haproxy-001';
    events.push(
      { at: t + 0.3, action: 'kill-process', node, process: 'haproxy' },
      { at: t + 120.3, action: 'start-process', node, process: 'haproxy' },
    );
  }
  return { ...s, events };
}

/** `nodes` keepalived nodes, each with `vrids` instances; the master of VRID v is node v mod nodes. */
export function lanScenario(nodes: number, vrids: number): Scenario {
  const list = Array.from({ length: nodes }, (_, i) => {
    const blocks = Array.from({ length: vrids }, (_, k) => {
      const v = k + 1;
      const prio = 200 - ((i - (v % nodes) + nodes) % nodes);
      return `vrrp_instance VI_${v} {\n  interface eth0\n  virtual_router_id ${v}\n  priority ${prio}\n  virtual_ipaddress {\n    10.${v}.0.1/32\n  }\n}\n`;
    });
    return {
      name: `n${i}`,
      interfaces: { eth0: [`10.0.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}/16`] },
      config: blocks.join(''),
    };
  });
  const events: ScenarioEvent[] = [
    { at: 60.2, action: 'stop-keepalived', node: 'n1' },
    { at: 120.5, action: 'start-keepalived', node: 'n1' },
    { at: 200.7, action: 'kill-keepalived', node: 'n2' },
    { at: 300.1, action: 'start-keepalived', node: 'n2' },
  ];
  return {
    name: `lan-${nodes}x${vrids}`,
    seed: 1,
    nodes: list,
    events: events.filter((e) => Number(e.node!.slice(1)) < nodes),
  };
}
