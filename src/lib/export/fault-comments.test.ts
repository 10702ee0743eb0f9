import { expect, it } from 'vitest';
import { packetsWithFaultComments } from './fault-comments';
import type { Trace, TracePacket } from '../trace/types';

const packet = (index: number, t: number, comment?: string): TracePacket => ({
  index,
  t,
  type: 'vrrp',
  src: '10.0.0.1',
  dst: '224.0.0.18',
  ...(comment ? { comment } : {}),
});

function trace(packets: TracePacket[], faults: [number, string][]): Trace {
  return {
    origin: { source: 'simulation', name: 't', epochUs: 0 },
    nodes: [],
    instances: [],
    routers: [],
    services: [],
    packets,
    events: faults.map(([t, label]) => ({ t, kind: 'fault' as const, action: 'kill-process', label })),
    diagnostics: [],
    endUs: 10_000_000,
  };
}

it('puts a fault after the last packet on the last packet, marked as later', () => {
  const t = trace(
    [packet(0, 1_000_000), packet(1, 2_000_000, 'advert')],
    [
      [1_500_000, 'haproxy killed on a'],
      [9_000_000, 'haproxy restarted on a'],
    ],
  );
  expect(packetsWithFaultComments(t).map((p) => p.comment)).toEqual([
    undefined,
    'advert; 1.500 s: haproxy killed on a; after this frame, 9.000 s: haproxy restarted on a',
  ]);
  expect(packetsWithFaultComments(trace([], [[1, 'x']]))).toEqual([]);
});

it('puts each fault on the first packet at or after it', () => {
  const t = trace(
    [packet(0, 1_000_000), packet(1, 2_000_000, 'advert'), packet(2, 3_000_000)],
    [
      [1_500_000, 'haproxy killed on a'],
      [2_000_000, 'link down on b'],
    ],
  );
  const out = packetsWithFaultComments(t);
  expect(out.map((p) => p.comment)).toEqual([
    undefined,
    'advert; 1.500 s: haproxy killed on a; 2.000 s: link down on b',
    undefined,
  ]);
  expect(t.packets[1].comment).toBe('advert');
});
