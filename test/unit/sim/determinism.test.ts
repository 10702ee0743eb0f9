/**
 * Same scenario and seed → byte-identical trace and capture; the seed matters where randomness is used.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../../src/lib/scenario/types';
import { writePcap } from '../../../src/lib/export/pcap-writer';
import { runWorld } from './harness';
import { pandaRouters } from './model-fixtures';

const events: ScenarioEvent[] = [
  { at: 5, action: 'set-loss', percent: 30 },
  { at: 12.5, action: 'kill-process', node: 'prod-haproxy-000', process: 'haproxy' },
  { at: 20, action: 'partition', groups: [['prod-haproxy-000'], ['prod-haproxy-001']] },
  { at: 27, action: 'heal' },
  { at: 30, action: 'pause-keepalived', node: 'prod-haproxy-001' },
  { at: 36, action: 'resume-keepalived', node: 'prod-haproxy-001' },
];

const serial = (seed: number) => {
  const t = runWorld(pandaRouters(), events, 60, [], seed);
  return {
    json: JSON.stringify({ events: t.events, diagnostics: t.diagnostics }),
    pcap: Buffer.from(writePcap(t.packets, { epochUs: 0 })),
  };
};

describe('determinism', () => {
  it('the same seed gives a byte-identical trace and pcap', () => {
    const a = serial(42);
    const b = serial(42);
    expect(b.json).toBe(a.json);
    expect(b.pcap.equals(a.pcap)).toBe(true);
  });
  it('another seed changes which frames the 30 % loss drops', () => {
    expect(serial(43).json).not.toBe(serial(42).json);
  });
});
