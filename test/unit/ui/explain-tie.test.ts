/**
 * Panda with `weight -1` (docs/vrrp-behaviour.md §4.8, §8 item 10): haproxy dies on prod-haproxy-000,
 * its VRID 200 priority falls to 99, equal to prod-haproxy-001's. 001, as BACKUP, accepts the equal
 * adverts: no failover. Explain says so for both, not the start-up election alone.
 */
import { describe, expect, it } from 'vitest';
import { runWorld } from '../sim/harness';
import { pandaRouters } from '../sim/model-fixtures';
import { FrameIndex } from '../../../src/lib/trace/frame';
import { explainInstance } from '../../../src/ui/panels/explain';
import type { RouterSpec } from '../../../src/lib/sim/types';

const weightOne = (): RouterSpec[] =>
  JSON.parse(JSON.stringify(pandaRouters()).replaceAll('"weight":-2', '"weight":-1')) as RouterSpec[];

describe('Explain at a weight -1 tie', () => {
  const trace = runWorld(
    weightOne(),
    [{ at: 20.3, action: 'kill-process', node: 'prod-haproxy-000', process: 'haproxy' }],
    40,
  );
  const frame = new FrameIndex(trace).frameAt(30_000_000);

  it('the run has the tie and no failover after the kill', () => {
    expect(frame.instances['prod-haproxy-000/192.168.3.200'].priority).toBe(99);
    expect(frame.instances['prod-haproxy-001/192.168.3.200'].priority).toBe(99);
    expect(trace.events.some((e) => e.kind === 'failover' && e.t > 20_300_000)).toBe(false);
  });

  it('the BACKUP and the MASTER headlines describe the tie first', () => {
    const backup = explainInstance(trace, frame, 'prod-haproxy-001/192.168.3.200')!.headline;
    expect(backup).toMatch(
      /^BACKUP — A tie: its priority 99 equals prod-haproxy-000's \(MASTER\), and a BACKUP accepts an equal advert, so it stays BACKUP and nothing moves \(the higher address wins only when both are MASTER at once, §2\.6\.1\)\. It entered BACKUP at \d+\.\d{3} s: /,
    );
    const master = explainInstance(trace, frame, 'prod-haproxy-000/192.168.3.200')!.headline;
    expect(master).toMatch(
      /^MASTER — A tie: its priority 99 equals prod-haproxy-001's \(BACKUP\).*so prod-haproxy-001 stays BACKUP/,
    );
  });

  it('without a tie the headline is the state cause alone', () => {
    const before = new FrameIndex(trace).frameAt(10_000_000);
    expect(explainInstance(trace, before, 'prod-haproxy-001/192.168.3.200')!.headline).not.toContain('tie');
  });
});
