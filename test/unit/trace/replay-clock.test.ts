/**
 * Issue 15, item 8: capture timestamps that go backwards or leap ahead give no negative clock and no
 * timeline of months; the file order is kept and a diagnostic says what was done.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { Session } from '../../../src/ui/state/session.svelte';
import { boundedClock } from '../../../src/lib/trace/replay-clock';
import { sharedPath } from '../../shared-path';
import { recordings } from '../../fidelity/truth';

async function load(name: string) {
  const path = sharedPath('captures', 'public', 'malformed', name);
  return (await analyzeCapture(new Uint8Array(readFileSync(path)), { name })).trace;
}

describe('the replay clock of a capture', () => {
  it('tcpdump vrrp_print-oobr: a timestamp 1 036 662 031 s back is replayed in file order, never negative', async () => {
    const raw = await load('tcpdump-vrrp-vrrp_print-oobr.pcap');
    expect(raw.endUs).toBeLessThan(0);
    const { trace, diagnostics } = boundedClock(raw);
    expect(diagnostics.map((d) => d.code)).toEqual(['ui.capture-time-backwards']);
    expect(diagnostics[0].message).toContain('out of order');
    expect(trace.packets.map((p) => p.t)).toEqual([0, 0]);
    expect(trace.events.every((e) => e.t >= 0)).toBe(true);
    expect(trace.endUs).toBe(0);
    const s = new Session();
    s.loadTrace(raw);
    s.seek(-1);
    expect(s.t).toBe(0);
    expect(s.endUs).toBe(0);
    expect(s.diagnostics.some((d) => d.code === 'ui.capture-time-backwards')).toBe(true);
  });

  it('tcpdump vrrp_print-oobr-2: a 6 403 594 s leap between two of ten packets leaves a bounded timeline', async () => {
    const raw = await load('tcpdump-vrrp-vrrp_print-oobr-2.pcap');
    expect(raw.endUs).toBeGreaterThan(6e12);
    const { trace, diagnostics } = boundedClock(raw);
    expect(diagnostics.map((d) => d.code)).toEqual(['ui.capture-time-leap']);
    expect(trace.endUs).toBeLessThan(1e6);
  });

  it('leaves every recording of captures/ as it is', async () => {
    for (const rec of recordings()) {
      const raw = (await analyzeCapture(new Uint8Array(readFileSync(rec.capture)), { name: rec.name })).trace;
      expect(boundedClock(raw).trace, rec.name).toBe(raw);
    }
  });
});
