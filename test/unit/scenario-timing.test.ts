/**
 * The scenario's timing fields (`lan: {latencyUs, jitterUs}`, each node's `jitterUs`, sim/timing.ts):
 * validated with positions like every other field, absent fields taking the measured defaults.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/lib/scenario/validate';
import { isTextPosition } from '../../src/lib/trace/diagnostic';
import {
  DEFAULT_LAN_JITTER_US,
  DEFAULT_LAN_LATENCY_US,
  DEFAULT_NODE_JITTER_US,
  withExactTiming,
} from '../../src/lib/scenario/timing';
import { scenarioTiming } from '../../src/lib/sim/timing';
import { pandaScenario } from '../../src/lib/scenario/panda';

const node = '{"name":"a","interfaces":{"eth0":["10.0.0.1/24"]},"config":""';

describe('scenario timing fields', () => {
  it('accepts whole µs within 0..1 s', () => {
    const r = validateScenario(
      `{"name":"x","lan":{"latencyUs":40,"jitterUs":0},"nodes":[${node},"jitterUs":250}]}`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.lan).toEqual({ latencyUs: 40, jitterUs: 0 });
    expect(r.value?.nodes[0].jitterUs).toBe(250);
  });

  it('points at a negative, fractional or too large value, an unknown lan field and a wrong type', () => {
    const text = `{"name":"x",\n"lan":{"latencyUs":-1,\n "jitterUs":0.5, "delayUs": 3},\n"nodes":[${node},\n "jitterUs":2000000}, ${node.replace('"a"', '"b"')}, "jitterUs":"low"}]}`;
    const d = validateScenario(text).diagnostics;
    expect(d.map((x) => [x.code, isTextPosition(x.at) ? x.at.line : null]).sort()).toEqual([
      ['scenario.bad-type', 5],
      ['scenario.bad-value', 2],
      ['scenario.bad-value', 3],
      ['scenario.bad-value', 5],
      ['scenario.unknown-field', 3],
    ]);
    expect(d.find((x) => x.message.startsWith('lan/latencyUs'))?.message).toBe(
      'lan/latencyUs: must be a whole number of µs within 0..1000000',
    );
  });

  it('a lan that is not an object is an error at its key', () => {
    const d = validateScenario(`{"name":"x",\n"lan": 5, "nodes":[]}`).diagnostics;
    expect(d).toMatchObject([{ code: 'scenario.bad-type', at: { line: 2 } }]);
  });

  it('absent fields take the measured defaults; withExactTiming sets all of them to zero', () => {
    const t = scenarioTiming(pandaScenario());
    expect(t.lan).toEqual({ latencyUs: DEFAULT_LAN_LATENCY_US, jitterUs: DEFAULT_LAN_JITTER_US });
    expect([...t.nodeJitterUs.values()]).toEqual([DEFAULT_NODE_JITTER_US, DEFAULT_NODE_JITTER_US]);
    const exact = scenarioTiming(withExactTiming(pandaScenario()));
    expect(exact.lan).toEqual({ latencyUs: 0, jitterUs: 0 });
    expect([...exact.nodeJitterUs.values()]).toEqual([0, 0]);
  });
});
