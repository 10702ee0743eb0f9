/**
 * `analyze` keeps only the rows its report cites (packetIndex: false): its report is the one the
 * full packet index gives, on every capture, and its memory does not grow with the capture's length.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeCaptureIndex } from '../../../src/lib/analysis/index';
import { fileSource } from '../../../src/lib/pcap/node-source';
import { generateCapture } from '../../bench/gen-capture';
import { malformedCaptures, referenceCaptures } from './capture-files';

async function analyse(file: string, packetIndex: boolean, onProgress?: () => void) {
  const src = await fileSource(file);
  try {
    return await analyzeCaptureIndex(src, {
      name: basename(file),
      packetIndex,
      traceRows: 0,
      chunkBytes: 256 << 10,
      onProgress,
    });
  } finally {
    await src.close?.();
  }
}

describe('the cited rows give the full index report', () => {
  for (const file of [...referenceCaptures(), ...malformedCaptures()])
    it(basename(file), async () => {
      const full = await analyse(file, true);
      const cited = await analyse(file, false);
      expect(cited.report).toEqual(full.report);
      expect(cited.indexer.index.length).toBeLessThanOrEqual(full.indexer.index.length);
    });
});

describe('memory does not grow with the capture length', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-streaming-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const PACKETS = 60_000;

  it('failovers, GARPs and late adverts: the same report either way', async () => {
    const file = join(dir, 'failovers.pcap');
    generateCapture(file, PACKETS);
    const full = await analyse(file, true);
    const cited = await analyse(file, false);
    expect(full.report.routers.some((r) => r.failovers.length > 0)).toBe(true);
    expect(cited.report).toEqual(full.report);
    expect(cited.indexer.index.length).toBeLessThan(full.indexer.index.length / 100);
  });

  it('8× the packets with the same routers and events: the same rows, the same peak heap', async () => {
    // One master per router for the whole capture: the longer one only has more adverts.
    const short = join(dir, 'short.pcap');
    const long = join(dir, 'long.pcap');
    generateCapture(short, PACKETS, 1e9);
    generateCapture(long, 8 * PACKETS, 1e9);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    /** Peak of the live heap and array buffers, sampled after a full collection every few chunks. */
    const peak = async (file: string, packetIndex: boolean) => {
      let most = 0;
      let chunks = 0;
      const sample = () => {
        gc();
        const m = process.memoryUsage();
        most = Math.max(most, m.heapUsed + m.arrayBuffers);
      };
      sample();
      const base = most;
      const a = await analyse(file, packetIndex, () => {
        if (chunks++ % 8 === 0) sample();
      });
      return { grewBy: most - base, rows: a.indexer.index.length, report: a.report };
    };
    const s = await peak(short, false);
    const l = await peak(long, false);
    expect(l.report.packets).toBe(8 * s.report.packets);
    expect(l.report.routers.map((r) => r.masters.length)).toEqual(
      s.report.routers.map((r) => r.masters.length),
    );
    expect(l.rows).toBe(s.rows);
    const MiB = 2 ** 20;
    // The long run takes 8× the samples, so its maximum catches more of V8's own churn (compiled
    // code, feedback, a read chunk in flight): up to 1.6 MiB over the short one's was seen with no
    // change in the analysis. 3 MiB still fails on 8 bytes kept per packet (the full index keeps 29).
    expect(
      l.grewBy,
      `short ${(s.grewBy / MiB).toFixed(2)} MiB, long ${(l.grewBy / MiB).toFixed(2)} MiB`,
    ).toBeLessThan(s.grewBy + 3 * MiB);
    // The same measure sees the full packet index grow with the length.
    const fullShort = await peak(short, true);
    const fullLong = await peak(long, true);
    expect(fullLong.grewBy).toBeGreaterThan(fullShort.grewBy + 8 * MiB);
  });
});
