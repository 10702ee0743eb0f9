/**
 * Clock alignment, tested by shifting a real per-node capture and a real log of the haproxy
 * recording by known offsets: the offsets found must be the shifts, within the uncertainty given.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIT_SAMPLE } from '../../../src/lib/evidence/align';
import { investigate } from '../../../src/lib/evidence/investigate';
import { generateCapture } from '../../bench/gen-capture';
import { decodeText } from '../../../src/lib/evidence/text';
import { evidenceFile, text } from './samples';

const US = 1_000_000;

/** A classic little-endian µs pcap with every record's time (from record `from` on) moved by `shiftUs`. */
function shiftPcap(bytes: Uint8Array, shiftUs: number, from = 0): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  expect(dv.getUint32(0, true)).toBe(0xa1b2c3d4);
  for (let at = 24, k = 0; at + 16 <= out.length; k++) {
    const us = dv.getUint32(at, true) * US + dv.getUint32(at + 4, true) + (k >= from ? shiftUs : 0);
    dv.setUint32(at, Math.floor(us / US), true);
    dv.setUint32(at + 4, us % US, true);
    at += 16 + dv.getUint32(at + 8, true);
  }
  return out;
}

/** A --log-console log with every stamp moved by whole seconds. */
function shiftLog(bytes: Uint8Array, shiftS: number): Uint8Array {
  const lines = decodeText(bytes).split('\n');
  return text(
    lines
      .map((l) => {
        const m = /^(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}): (.*)$/.exec(l);
        if (!m) return l;
        const d = new Date(Date.parse(m[1] + ' UTC') + shiftS * 1000);
        const s = d.toUTCString(); // "Sun, 06 Dec 2026 21:09:41 GMT"
        const [, day, dd, mon, yyyy, hms] = /^(\w{3}), (\d\d) (\w{3}) (\d{4}) (\S+)/.exec(s)!;
        return `${day} ${mon} ${dd.replace(/^0/, ' ')} ${hms} ${yyyy}: ${m[2]}`;
      })
      .join('\n'),
  );
}

describe('clock alignment', () => {
  it('finds the offsets of a capture and a log shifted by known amounts', async () => {
    const base = await investigate([
      { file: 'switch.pcap', bytes: evidenceFile('haproxy', 'switch.pcap') },
      { file: 'n1.pcap', bytes: evidenceFile('haproxy', 'n1.pcap'), node: 'n1' },
      { file: 'n1.log', bytes: evidenceFile('haproxy', 'n1.log'), node: 'n1' },
    ]);
    const shifted = await investigate([
      { file: 'switch.pcap', bytes: evidenceFile('haproxy', 'switch.pcap') },
      { file: 'n1.pcap', bytes: shiftPcap(evidenceFile('haproxy', 'n1.pcap'), 7_250_123), node: 'n1' },
      { file: 'n1.log', bytes: shiftLog(evidenceFile('haproxy', 'n1.log'), -42), node: 'n1' },
    ]);
    const cap0 = base.fits.get(1)!;
    const cap = shifted.fits.get(1)!;
    expect(cap.method).toBe('shared-frames');
    // The capture was moved 7.250123 s later, so its offset to the reference is 7.250123 s less.
    expect(Math.abs(cap.offsetUs - (cap0.offsetUs - 7_250_123))).toBeLessThanOrEqual(cap.uncertaintyUs);
    expect(cap.uncertaintyUs).toBeLessThan(1000);
    const log0 = base.fits.get(2)!;
    const log = shifted.fits.get(2)!;
    expect(log.method).toBe('transitions');
    // Whole-second stamps: the offset is found within the bounds the matches leave (under a second).
    expect(Math.abs(log.offsetUs - (log0.offsetUs + 42 * US))).toBeLessThanOrEqual(
      log.uncertaintyUs + log0.uncertaintyUs,
    );
    expect(log.uncertaintyUs).toBeLessThan(US);
    // And the failover is found at the same moment with the same chain.
    const f0 = base.incidents.find((i) => i.kind === 'failover')!;
    const f = shifted.incidents.find((i) => i.kind === 'failover')!;
    expect(f.chain).toEqual(f0.chain);
    expect(f.end).toBe(f0.end);
  });

  it('recovers the true clock of a log within its bounds (same machine: offset 0)', async () => {
    const inv = await investigate([
      { file: 'switch.pcap', bytes: evidenceFile('sigterm', 'switch.pcap') },
      { file: 'n1.log', bytes: evidenceFile('sigterm', 'n1.log'), node: 'n1' },
      { file: 'n2.log', bytes: evidenceFile('sigterm', 'n2.log'), node: 'n2' },
    ]);
    for (const i of [1, 2]) {
      const fit = inv.fits.get(i)!;
      expect(Math.abs(fit.offsetUs)).toBeLessThanOrEqual(fit.uncertaintyUs + 20_000);
    }
  });
});

describe('clock alignment of a long capture', () => {
  // With IP ids (as keepalived numbers them) the frames both saw are matched; without, the adverts'
  // sequence per source, VRID and priority.
  for (const [ipIds, method] of [
    [true, 'shared-frames'],
    [false, 'advert-sequence'],
  ] as const)
    it(`fits a sample spread over the capture, and finds the shift within the uncertainty it reports (${method})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-align-'));
      try {
        // 300 000 packets: more adverts than FIT_SAMPLE, so both sides are sampled.
        generateCapture(join(dir, 'a.pcap'), 300_000, 2000, { ipIds });
        const a = new Uint8Array(readFileSync(join(dir, 'a.pcap')));
        const inv = await investigate([
          { file: 'a.pcap', bytes: a },
          { file: 'b.pcap', bytes: shiftPcap(a, 1_234_567) },
        ]);
        const fit = inv.fits.get(1)!;
        expect(fit.method).toBe(method);
        expect(Math.abs(fit.offsetUs + 1_234_567)).toBeLessThanOrEqual(fit.uncertaintyUs);
        expect(fit.matches).toBeGreaterThan(FIT_SAMPLE / 2);
        expect(fit.matches).toBeLessThanOrEqual(FIT_SAMPLE);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
});

describe('clock alignment by advert sequence', () => {
  // Adverts generated without IP ids: captures align by source, VRID and priority in sequence.
  it('aligns to a reference whose clock steps back half-way, by the adverts before the step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-align-'));
    try {
      generateCapture(join(dir, 'a.pcap'), 40_000, 2000, { ipIds: false });
      const a = new Uint8Array(readFileSync(join(dir, 'a.pcap')));
      // 10.5 s back: after the step no advert of a key (one a second) lies within 50 ms of its match.
      const stepped = shiftPcap(a, -10_500_000, 20_000);
      const inv = await investigate([
        { file: 'ref.pcap', bytes: stepped },
        { file: 'b.pcap', bytes: shiftPcap(a, 1_234_567) },
      ]);
      const fit = inv.fits.get(1)!;
      expect(fit.method).toBe('advert-sequence');
      expect(Math.abs(fit.offsetUs + 1_234_567)).toBeLessThanOrEqual(fit.uncertaintyUs);
      // The adverts before the step, and none after it.
      expect(fit.matches).toBeGreaterThan(15_000);
      expect(fit.matches).toBeLessThan(21_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
