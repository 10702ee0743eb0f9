/**
 * The app's view of an investigation (src/lib/evidence/view.ts) and share links of pasted evidence
 * (src/lib/share/evidence.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { investigate } from '../../../src/lib/evidence/investigate';
import { citedPacket, investigationView, VIEW_TRACE_PACKETS } from '../../../src/lib/evidence/view';
import { decodeEvidenceFragment, encodeEvidenceFragment } from '../../../src/lib/share/evidence';
import { decodeText } from '../../../src/lib/evidence/text';
import { evidenceFile, evidenceFiles, recordings } from './samples';
import { generateCapture } from '../../bench/gen-capture';
import { SPLIT_BRAIN_MIN_US } from '../../../src/lib/evidence/incidents';
import type { Trace } from '../../../src/lib/trace/types';
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

/** Per router (VRID), each time two or more of its instances are MASTER at once in a trace's state events, µs. */
function dualMasters(trace: Trace): { vrid: number; us: number }[] {
  const vridOf = new Map(trace.instances.map((i) => [i.id, i.vrid]));
  const masters = new Map<number, Set<string>>();
  const since = new Map<number, number>();
  const out: { vrid: number; us: number }[] = [];
  for (const e of trace.events) {
    if (e.kind !== 'state') continue;
    const vrid = vridOf.get(e.instance)!;
    const set = masters.get(vrid) ?? new Set<string>();
    masters.set(vrid, set);
    const before = set.size;
    if (e.to === 'MASTER') set.add(e.instance);
    else set.delete(e.instance);
    if (before < 2 && set.size >= 2) since.set(vrid, e.t);
    if (before >= 2 && set.size < 2) out.push({ vrid, us: e.t - since.get(vrid)! });
  }
  for (const [vrid, set] of masters)
    if (set.size >= 2) out.push({ vrid, us: trace.endUs - since.get(vrid)! });
  return out;
}

describe('the view keeps to the investigation’s masters', () => {
  // A capture sees no BACKUP: a master whose adverts stop must still leave MASTER in the view, or its
  // lane shows a dual master beside the next one, a split brain the investigation never found.
  const splitBrains = (inv: Awaited<ReturnType<typeof investigate>>) =>
    new Set(inv.incidents.filter((i) => i.kind === 'split-brain').map((i) => i.vrid));
  // Two masters that are both real: another cluster on the VRID, or nodes that drop each other's
  // adverts for their differing VIP lists (the diagnosis names the VRID).
  const bothMasters = (inv: Awaited<ReturnType<typeof investigate>>) =>
    new Set([
      ...splitBrains(inv),
      ...inv.diagnoses
        .filter((d) => d.code === 'vrid-collision' || d.code === 'config-drift')
        .map((d) => Number(/VRID (\d+)/.exec(d.message)?.[1])),
    ]);

  for (const rec of recordings())
    it(`${rec}: dual masters only where a split brain or a VRID shared by two VIP lists is found, from the captures alone and with the logs`, async () => {
      const files = evidenceFiles(rec);
      const captures = files.filter((f) => f === 'switch.pcap');
      const logs = files.filter((f) => /^n\d\.log$/.test(f));
      for (const names of [captures, [...captures, ...logs]]) {
        const inv = await investigate(
          names.map((file) => ({ file, bytes: evidenceFile(rec, file) })),
          forView,
        );
        const found = bothMasters(inv);
        // Shorter overlaps are handovers to the investigation too (a log's stamps are coarser than the wire's).
        for (const { vrid, us } of dualMasters(investigationView(inv).trace))
          if (us >= SPLIT_BRAIN_MIN_US)
            expect(found.has(vrid), `${names.join(' ')}: VRID ${vrid} dual for ${us} µs`).toBe(true);
      }
    });

  it('a generated capture with a takeover every 1000 s: one master at a time, each leaving where its adverts stop', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vrrpscope-view-')), 'gen.pcap');
    generateCapture(file, 60_000);
    const inv = await investigate([{ file: 'gen.pcap', bytes: new Uint8Array(readFileSync(file)) }], forView);
    rmSync(file);
    expect(splitBrains(inv).size).toBe(0);
    // Every change of master the capture's own analysis finds is a failover of the investigation,
    // but the first of each router: its old master was master from the capture's start, which the
    // investigation does not take as a transition.
    const report = inv.sources[0].capture!.report;
    const epochUs = inv.sources[0].capture!.epochUs;
    const failovers = inv.incidents.filter((i) => i.kind === 'failover');
    let expected = 0;
    for (const r of report.routers)
      for (const f of r.failovers.slice(1)) {
        expected++;
        const t = epochUs + Math.round(f.at * 1e6);
        expect(
          failovers.some((i) => i.vrid === r.vrid && i.to === f.to && Math.abs(i.end - t) < 1000),
          `VRID ${r.vrid} ${f.from} → ${f.to} at ${f.at} s`,
        ).toBe(true);
      }
    expect(expected).toBeGreaterThanOrEqual(20);
    expect(failovers.length).toBe(expected);
    const trace = investigationView(inv).trace;
    expect(trace.events.filter((e) => e.kind === 'failover').length).toBeGreaterThanOrEqual(20);
    expect(dualMasters(trace)).toEqual([]);
    const left = trace.events.filter((e) => e.kind === 'state' && e.from === 'MASTER' && e.to === 'INIT');
    expect(left.length).toBeGreaterThanOrEqual(20);
    for (const e of left) if (e.kind === 'state') expect(e.cause.code).toBe('unknown-from-capture');
  });
});
