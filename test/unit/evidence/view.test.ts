/**
 * The app's view of an investigation (src/lib/evidence/view.ts) and share links of pasted evidence
 * (src/lib/share/evidence.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { investigate } from '../../../src/lib/evidence/investigate';
import { citedPacket, investigationView, VIEW_TRACE_PACKETS } from '../../../src/lib/evidence/view';
import { decodeEvidenceFragment, encodeEvidenceFragment } from '../../../src/lib/share/evidence';
import { decodeText } from '../../../src/lib/evidence/text';
import { evidenceFile } from './samples';
import { MAX_LEAP_US } from '../../../src/lib/trace/replay-clock';
import { sharedPath } from '../../shared-path';

const rec = 'haproxy';
const inputs = () => [
  { file: 'switch.pcap', bytes: evidenceFile(rec, 'switch.pcap') },
  { file: 'n1.log', bytes: evidenceFile(rec, 'n1.log'), node: 'n1' },
  { file: 'n2.log', bytes: evidenceFile(rec, 'n2.log'), node: 'n2' },
  { file: 'n1.conf', bytes: evidenceFile(rec, 'n1.conf'), node: 'n1' },
];
/** As the app's evidence worker asks: the captures' first packets decoded for the view's Trace. */
const forView = { tracePackets: VIEW_TRACE_PACKETS };

describe('the view of an investigation', () => {
  it('has a lane per source, and every cited packet is in the merged trace at its time', async () => {
    const v = investigationView(await investigate(inputs(), forView));
    expect(v.lanes.map((l) => [l.file, l.movable])).toEqual([
      ['switch.pcap', false],
      ['n1.log', true],
      ['n2.log', true],
      ['n1.conf', false],
    ]);
    const cited = v.transitions.flatMap((t) => t.evidence).filter((e) => e.kind === 'packet');
    expect(cited.length).toBeGreaterThan(0);
    for (const e of cited) {
      const p = v.trace.packets[citedPacket(v, e.source, e.packet)!];
      expect(p, `${e.source}:${e.packet}`).toBeDefined();
      expect(Math.abs(p.t - e.t)).toBeLessThan(1000);
    }
    // A frame past the capture's end, or a source with no capture, is not in the trace.
    expect(citedPacket(v, 0, 1e9)).toBeUndefined();
    expect(citedPacket(v, 1, 1)).toBeUndefined();
    // The failovers are changes of master of the merged trace, with the investigation's chains.
    const failovers = v.trace.events.filter((e) => e.kind === 'failover');
    expect(
      failovers.map((f) => (f.kind === 'failover' ? [f.from, f.to, f.chain.map((c) => c.code)] : [])),
    ).toEqual([
      ['n1', 'n2', ['script-failed']],
      ['n2', 'n1', ['script-recovered']],
    ]);
  });

  it('an offset set by hand replaces the alignment and moves the lane by as much', async () => {
    const aligned = investigationView(await investigate(inputs(), forView));
    const moved = investigationView(await investigate(inputs(), { ...forView, offsets: { 2: 5_000_000 } }));
    expect(moved.lanes[2].fit).toMatchObject({ method: 'manual', offsetUs: 5_000_000 });
    const shift = 5_000_000 - aligned.lanes[2].fit.offsetUs;
    const a = aligned.lanes[2].ticks[0];
    const b = moved.lanes[2].ticks.find((t) => t.line === a.line)!;
    expect(b.t + moved.startUs - (a.t + aligned.startUs)).toBe(shift);
    // The reference capture cannot be moved.
    const ref = investigationView(await investigate(inputs(), { ...forView, offsets: { 0: 1_000_000 } }));
    expect(ref.lanes[0].fit.method).toBe('reference');
  });

  it('puts the merged trace on the replay clock: a capture leaping 1 036 662 031 s stays bounded, and says so', async () => {
    const file = 'tcpdump-vrrp-vrrp_print-oobr.pcap';
    const bytes = new Uint8Array(readFileSync(sharedPath('captures', 'public', 'malformed', file)));
    const v = investigationView(await investigate([{ file, bytes }], forView));
    expect(v.trace.packets).toHaveLength(2);
    expect(v.trace.endUs).toBeLessThanOrEqual(MAX_LEAP_US);
    expect(v.trace.diagnostics.map((d) => d.code)).toEqual(['ui.capture-time-leap']);
    // The lane keeps the file's times: only the replay is bounded.
    expect(Math.max(...v.lanes[0].ticks.map((k) => k.t))).toBeGreaterThan(1e15);
  });
});

describe('share links of pasted evidence', () => {
  it('carry the texts and offsets there and back', () => {
    const text = decodeText(evidenceFile(rec, 'n2.log'));
    const hash = encodeEvidenceFragment({ texts: [{ name: 'n2.log', text }], offsets: { 0: -250_000 } })!;
    expect(hash).toMatch(/^#\/investigate\?evidence=1\./);
    expect(decodeEvidenceFragment(hash)).toEqual({
      value: { texts: [{ name: 'n2.log', text }], offsets: { 0: -250_000 } },
      diagnostics: [],
    });
  });

  it('refuse large evidence, and report cut or foreign links without throwing', () => {
    expect(
      encodeEvidenceFragment({ texts: [{ name: 'big', text: 'x'.repeat(70_000) }], offsets: {} }),
    ).toBeNull();
    expect(decodeEvidenceFragment('#/investigate')).toEqual({ value: null, diagnostics: [] });
    const hash = encodeEvidenceFragment({ texts: [{ name: 'a', text: 'hello' }], offsets: {} })!;
    for (const bad of [hash.slice(0, -6), '#/investigate?evidence=9.abc', '#/investigate?evidence=x'])
      expect(decodeEvidenceFragment(bad).diagnostics[0]?.code).toMatch(/^share\./);
  });
});
