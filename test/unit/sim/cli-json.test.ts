/**
 * `simulate --json`: one unit for every time (seconds, µs precision) and adverts readable without
 * the packet table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared-path';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import { withExactTiming } from '../../../src/lib/scenario/timing';

interface Doc {
  events: Record<string, unknown>[];
  masters: { vrid: number; node: string; source: string; from: number; to: number | null }[];
  failovers: Record<string, unknown>[];
}

// The story with the timing model at zero, so that the §9 numbers are exact.
const file = join(mkdtempSync(join(tmpdir(), 'vrrpscope-json-')), 'panda.json');
writeFileSync(file, JSON.stringify(withExactTiming(pandaScenario())));

const doc: Doc = JSON.parse(
  spawnSync('node', [join(REPO_ROOT, 'src/cli/bin.mjs'), 'simulate', file, '--until', '50', '--json'], {
    encoding: 'utf8',
  }).stdout,
) as Doc;

/** A time in seconds with at most 6 decimals. */
const isSeconds = (x: unknown) => typeof x === 'number' && Math.abs(x * 1e6 - Math.round(x * 1e6)) < 1e-6;

describe('simulate --json', () => {
  it('keeps the top-level shape of the issue', () => {
    expect(Object.keys(doc)).toEqual(['events', 'masters', 'dualMasters', 'failovers', 'diagnostics']);
    expect(Object.keys(doc.masters[0])).toEqual(['vrid', 'node', 'source', 'from', 'to']);
  });

  it('gives every time in seconds: events, master runs and failovers agree', () => {
    for (const e of doc.events) {
      expect(isSeconds(e.t)).toBe(true);
      expect(e.t as number).toBeLessThanOrEqual(50);
      if ('deadline' in e && e.deadline !== null) expect(isSeconds(e.deadline)).toBe(true);
      expect(Object.keys(e).filter((k) => k.endsWith('Us'))).toEqual([]);
    }
    // The second master run of VRID 200 starts at the state event and the failover of the same instant.
    const run = doc.masters.filter((m) => m.vrid === 200)[1];
    expect(run.from).toBe(25.222656);
    const state = doc.events.find(
      (e) => e.kind === 'state' && e.to === 'MASTER' && e.instance === 'prod-haproxy-001/192.168.3.200',
    );
    expect(state?.t).toBe(run.from);
    const failover = doc.events.find((e) => e.kind === 'failover');
    expect(failover).toMatchObject({ t: 25.222656, gap: 0.613281 });
    expect(doc.failovers[0]).toMatchObject({ at: 25.222656, gapSinceLastAdvert: 0.613281, timer: 3.613281 });
  });

  it('inlines the decoded advert fields in advert events', () => {
    const sent = doc.events.find((e) => e.kind === 'advert-sent');
    expect(sent).toMatchObject({
      t: 3.609375,
      node: 'prod-haproxy-000',
      vrid: 200,
      priority: 100,
      src: '192.168.3.4',
      dst: '224.0.0.18',
      version: 2,
      advertIntervalCs: 100,
      addresses: ['192.168.3.200'],
    });
    // 001 discards 000's priority-98 adverts after haproxy dies (§4.8): readable from the JSON alone.
    const discarded = doc.events.filter((e) => e.kind === 'advert-received' && e.verdict === 'discarded');
    expect(discarded.some((e) => e.priority === 98 && e.src === '192.168.3.4' && e.vrid === 200)).toBe(true);
  });
});
