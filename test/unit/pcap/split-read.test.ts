/**
 * `analyze` on two threads (lib/analysis/split-read.ts) gives the single reader's report, byte for
 * byte: on every capture (classic pcap ones are split; pcapng ones read on one thread), cut at many
 * points, through the CLI's worker thread and through an in-process helper, and when the helper
 * fails or hands back a part it could not read cleanly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { analyzeCaptureIndex, type AnalyzeOptions } from '../../../src/lib/analysis/index';
import { SegmentDecoder } from '../../../src/lib/analysis/segment-decode';
import type { SegmentHelper, SplitOptions } from '../../../src/lib/analysis/split-read';
import { fileSource } from '../../../src/lib/pcap/node-source';
import { useSecondThread, workerHelper } from '../../../src/cli/analyze-split';
import { generateCapture } from '../../bench/gen-capture';
import { malformedCaptures, referenceCaptures } from './capture-files';

async function report(file: string, split?: SplitOptions, chunkBytes = 64 << 10) {
  const src = await fileSource(file);
  try {
    const opts: AnalyzeOptions = { name: basename(file), packetIndex: false, chunkBytes, split };
    return JSON.stringify((await analyzeCaptureIndex(src, opts)).report, null, 2);
  } finally {
    await src.close?.();
  }
}

/** An in-process helper over the file (the worker's decoder, without the thread), counting clean parts. */
function inProcess(file: string, counts = { asked: 0, clean: 0 }): () => SegmentHelper {
  return () => {
    const opened = fileSource(file);
    const decoder = opened.then((src) => new SegmentDecoder(src, 16 << 10));
    return {
      async decode(from, to) {
        counts.asked++;
        const rows = await (await decoder).decode(from, to);
        if (rows.clean) counts.clean++;
        return rows;
      },
      close: () => void opened.then((src) => src.close?.()),
    };
  };
}

/** About `cuts` parts over the file, the main thread's share `share` of each pair. */
const splitEvery = (file: string, cuts: number, helper: () => SegmentHelper, share = 0.4): SplitOptions => ({
  helper,
  minBytes: 0,
  pairBytes: Math.max(64, Math.floor((2 * statSync(file).size) / cuts)),
  mainShare: share,
});

describe('split read: the single reader report on every capture', () => {
  for (const file of [...referenceCaptures(), ...malformedCaptures()])
    it(basename(file), async () => {
      const single = await report(file);
      for (const cuts of [3, 8])
        expect(await report(file, splitEvery(file, cuts, inProcess(file)))).toBe(single);
    });
});

describe('split read of a generated capture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-split-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'failovers.pcap');
  // Failovers every 200 s: changes of master fall in many parts, and at their edges.
  generateCapture(file, 40_000, 200);

  it('cut at many points, with several shares: the same report, the helper parts adopted', async () => {
    const single = await report(file);
    expect(JSON.parse(single).routers.some((r: { failovers: unknown[] }) => r.failovers.length > 5)).toBe(
      true,
    );
    for (const [cuts, share] of [
      [2, 0.5],
      [5, 0.35],
      [13, 0.2],
      [29, 0.6],
      [101, 0.35],
    ]) {
      const counts = { asked: 0, clean: 0 };
      expect(await report(file, splitEvery(file, cuts, inProcess(file, counts), share)), `${cuts} cuts`).toBe(
        single,
      );
      expect(counts.clean, `${cuts} cuts`).toBeGreaterThan(0);
      expect(counts.clean).toBe(counts.asked);
    }
  });

  it('through the CLI worker thread', async () => {
    expect(
      await report(
        file,
        splitEvery(file, 9, () => workerHelper(file)),
      ),
    ).toBe(await report(file));
  });

  it('a helper that fails, or cannot read its part cleanly: this thread reads it', async () => {
    const single = await report(file);
    const failing = (): SegmentHelper => ({
      decode: () => Promise.reject(new Error('no thread')),
      close() {},
    });
    expect(await report(file, splitEvery(file, 7, failing))).toBe(single);
    const inner = inProcess(file);
    const unclean = (): SegmentHelper => {
      const h = inner();
      let n = 0;
      return {
        // Every other part comes back as though it held a damaged record.
        decode: async (from, to) => ({ ...(await h.decode(from, to)), clean: n++ % 2 === 0 }),
        close: () => h.close(),
      };
    };
    expect(await report(file, splitEvery(file, 11, unclean))).toBe(single);
  });
});

describe('a second thread only when asked for', () => {
  it('VRRPSCOPE_THREADS=2 asks for it; unset or 1, one thread', () => {
    expect(useSecondThread('1')).toBe(false);
    expect(useSecondThread('2')).toBe(true);
    expect(useSecondThread(undefined)).toBe(false);
  });
});
