import { describe, expect, it } from 'vitest';
import { FrameIndex } from './frame';
import { nextEventTime, previousEventTime } from './search';
import type { Trace, TraceEvent } from './types';

function tinyTrace(events: TraceEvent[]): Trace {
  return {
    origin: { source: 'simulation', name: 't', epochUs: 0 },
    nodes: [
      {
        id: 'a',
        name: 'a',
        role: 'router',
        interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01', addresses: [] }],
      },
    ],
    instances: [
      {
        id: 'a/VI',
        node: 'a',
        name: 'VI',
        vrid: 1,
        family: 'ipv4',
        version: 2,
        interface: 'eth0',
        basePriority: 100,
        advertIntervalCs: 100,
        vips: ['10.0.0.1'],
        router: 'ipv4/1',
        preempt: true,
      },
    ],
    routers: [{ key: 'ipv4/1', vrid: 1, family: 'ipv4', vips: ['10.0.0.1'] }],
    services: [],
    packets: [],
    events,
    diagnostics: [],
    endUs: 10_000_000,
  };
}

describe('FrameIndex', () => {
  const events: TraceEvent[] = [];
  for (let k = 0; k < 1000; k++) {
    const to = k % 2 === 0 ? 'MASTER' : 'BACKUP';
    events.push({
      t: k * 1000,
      kind: 'state',
      node: 'a',
      instance: 'a/VI',
      from: 'BACKUP',
      to,
      cause: { code: 'master-down-timer', t: k * 1000, evidence: [] },
      chain: [],
    });
  }
  events.push({
    t: 1_000_000,
    kind: 'vip',
    node: 'a',
    instance: 'a/VI',
    interface: 'eth0',
    address: '10.0.0.1',
    op: 'add',
  });
  const index = new FrameIndex(tinyTrace(events));

  it('gives the state after every event up to t, across checkpoints', () => {
    expect(index.frameAt(-1).instances['a/VI'].state).toBe('STOPPED');
    expect(index.frameAt(0).instances['a/VI'].state).toBe('MASTER');
    expect(index.frameAt(999).instances['a/VI'].state).toBe('MASTER');
    expect(index.frameAt(1000).instances['a/VI'].state).toBe('BACKUP');
    expect(index.frameAt(777_500).instances['a/VI'].state).toBe('BACKUP');
    expect(index.frameAt(778_000).masters['ipv4/1']).toEqual(['a/VI']);
    expect(index.frameAt(2_000_000).nodes.a.vips.eth0).toEqual(['10.0.0.1']);
  });

  it('seeking backwards gives the same frame as seeking forwards', () => {
    const late = index.frameAt(900_000);
    index.frameAt(100);
    expect(index.frameAt(900_000)).toEqual(late);
  });

  it('finds the next and previous events', () => {
    expect(nextEventTime(events, 1500)).toBe(2000);
    expect(previousEventTime(events, 1500)).toBe(1000);
    expect(previousEventTime(events, 1000)).toBe(0);
  });
});
