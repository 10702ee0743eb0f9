/**
 * simulate() end to end: the built-in Panda scenario, parsed by the real keepalived.conf parser.
 */
import { describe, expect, it } from 'vitest';
import { simulate, masters } from '../../../src/lib/sim/index';
import { servicePath } from '../../../src/lib/trace/services';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { withExactTiming } from '../../../src/lib/scenario/timing';
import { FrameIndex } from '../../../src/lib/trace/frame';
import { adverts, entered, kinds } from './harness';

const A = 'prod-haproxy-000';
const B = 'prod-haproxy-001';

// The story's exact §9 numbers: no delivery delay and no jitter (the timing model at zero).
describe('simulate(pandaScenario())', () => {
  const { value: trace, diagnostics } = simulate(withExactTiming(pandaScenario()), { untilUs: 60_000_000 });
  const index = new FrameIndex(trace);

  it('runs the story configs with no error', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(trace.instances.map((i) => [i.id, i.vrid, i.basePriority])).toEqual([
      [`${A}/192.168.3.200`, 200, 100],
      [`${A}/192.168.3.201`, 201, 99],
      [`${B}/192.168.3.201`, 201, 100],
      [`${B}/192.168.3.200`, 200, 99],
    ]);
    expect(trace.nodes.filter((n) => n.role === 'server').length).toBe(3);
  });

  it('haproxy killed on 000 at 20.3 s: 001 is MASTER of VRID 200 3.613281 s after the last priority-100 advert', () => {
    const takeover = entered(trace, `${B}/192.168.3.200`, 'MASTER', 20_000_000)!;
    const last100 = adverts(trace, A, 200)
      .filter((a) => a.priority === 100 && a.t < takeover)
      .at(-1)!;
    expect(takeover - last100.t).toBe(3_613_281);
    expect(kinds(trace, 'failover').map((f) => [f.vrid, f.from, f.to])).toEqual([
      [200, A, B],
      [200, B, A],
    ]);
    const runs = masters(trace).filter((m) => m.vrid === 200);
    expect(runs.map((r) => [r.node, r.source])).toEqual([
      [A, '192.168.3.4'],
      [B, '192.168.3.5'],
      [A, '192.168.3.4'],
    ]);
  });

  it('answers who serves prod-db-internal.panda.com, and via which MAC each app server gets there', () => {
    const before = servicePath(trace, index.frameAt(15_000_000), 'prod-db-internal.panda.com')!;
    expect(before.holders).toEqual([A]);
    expect(before.clients.map((c) => [c.client, c.mac, c.node, c.served])).toEqual([
      ['prod-app-000', 'bc:76:4e:05:6c:1c', A, true],
      ['prod-app-001', 'bc:76:4e:05:6c:1c', A, true],
    ]);
    const during = servicePath(trace, index.frameAt(23_000_000), 'prod-db-internal.panda.com')!;
    expect(during.processUp).toEqual({ [A]: false });
    expect(during.clients.every((c) => !c.served)).toBe(true);
    const takeover = entered(trace, `${B}/192.168.3.200`, 'MASTER', 20_000_000)!;
    const after = servicePath(trace, index.frameAt(takeover), 'prod-db-internal.panda.com')!;
    expect(after.holders).toEqual([B]);
    expect(after.clients.map((c) => [c.mac, c.node, c.served])).toEqual([
      ['bc:76:4e:05:eb:70', B, true],
      ['bc:76:4e:05:eb:70', B, true],
    ]);
    expect(after.backends).toEqual(['prod-db-000', 'prod-db-001', 'prod-db-002']);
  });

  it('frames show the /32 VIP on the holder as `ip addr` does', () => {
    expect(index.frameAt(10_000_000).nodes[A].vips).toEqual({ eth2: ['192.168.3.200'] });
    expect(index.frameAt(10_000_000).nodes[B].vips).toEqual({ eth2: ['192.168.3.201'] });
  });

  it('frames carry the running timers the UI draws as draining arcs', () => {
    const f = index.frameAt(10_000_000);
    expect(f.instances[`${A}/192.168.3.200`].timers.advert).toEqual({
      setAt: 9_609_375,
      deadline: 10_609_375,
    });
    expect(f.instances[`${B}/192.168.3.200`].timers['master-down']).toEqual({
      setAt: 9_609_375,
      deadline: 13_222_656,
    });
    expect(f.instances[`${B}/192.168.3.200`].timers.advert).toBeUndefined();
  });
});
