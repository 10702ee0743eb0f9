/**
 * The capture worker with its helper worker (issue 13 §3, both cores), in Node: the helper's side
 * (createSegmentHandler) behind a structured-clone channel with transfer lists, as a real Worker
 * carries it. A split first read gives the single reader's report, sparse index and first window,
 * whatever part the block boundaries fall in, and a helper that fails only costs time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCapture } from '../../bench/gen-capture';
import { SPARSE_EVERY } from '../../../src/lib/analysis/sparse-index';
import { createHandler, type HelperOptions } from '../../../src/worker/pcap-handler';
import type { WorkerResponse } from '../../../src/worker/protocol';
import { segmentHelper, type SegmentPort } from '../../../src/worker/segment-client';
import { createSegmentHandler } from '../../../src/worker/segment-handler';
import type { SegmentMessage, SegmentReply } from '../../../src/worker/segment-protocol';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-worker-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// 40 000 records of 54–94 bytes (about 3 MB), a failover pair per router: cut into ~24 parts below.
const path = join(dir, 'split.pcap');
generateCapture(path, 40_000, 3_000);
const file = new Blob([readFileSync(path)]);

/** A helper worker in this thread; `broken` answers every part with an error. */
function helperPort(log: SegmentMessage[], broken = false): SegmentPort {
  const port: SegmentPort = {
    onmessage: null,
    onerror: null,
    postMessage(msg) {
      log.push(msg);
      const copy = structuredClone(msg);
      if (broken && copy.type === 'decode')
        setTimeout(() => port.onmessage?.({ data: { id: copy.id, error: 'broken' } }), 0);
      else setTimeout(() => void handle(copy), 0);
    },
    terminate() {},
  };
  const handle = createSegmentHandler((msg: SegmentReply, transfer) => {
    const data = structuredClone(msg, { transfer: transfer ?? [] });
    setTimeout(() => port.onmessage?.({ data }), 0);
  });
  return port;
}

/** The first read's answer: report, sparse index and window (the Trace's parts left out). */
async function firstRead(helper?: HelperOptions) {
  let head: Extract<WorkerResponse, { type: 'report' }>['payload'] | null = null;
  let failed: unknown = null;
  await new Promise<void>((resolve) => {
    const handle = createHandler((msg) => {
      if (msg.type === 'report') head = msg.payload;
      if (msg.type === 'error') failed = msg.payload.diagnostic;
      if (msg.type === 'done' || msg.type === 'error') resolve();
    }, helper);
    void handle({ id: 1, type: 'analyze', payload: { file, traceRows: 2_000 } });
  });
  expect(failed).toBeNull();
  return head!;
}

describe('the capture worker with a helper worker', () => {
  it("gives the single reader's report, sparse index and first window", async () => {
    const single = await firstRead();
    const log: SegmentMessage[] = [];
    const split = await firstRead({
      start: (f) => segmentHelper(f, helperPort(log)),
      minBytes: 0,
      pairBytes: 128 << 10,
    });
    // The helper was asked for parts (about half of ~24), and each part's records end at the next's start.
    const asked = log.filter((m) => m.type === 'decode');
    expect(asked.length).toBeGreaterThan(8);
    expect(single.pages!.packets).toBe(40_000);
    expect(single.pages!.times.length).toBe(Math.ceil(40_000 / SPARSE_EVERY));
    expect(split.report).toEqual(single.report);
    expect(split.pages).toEqual(single.pages);
    expect(split.window).toEqual(single.window);
    expect(split.trace).toEqual(single.trace);
  });

  it('reads the parts itself when the helper fails', async () => {
    const single = await firstRead();
    const split = await firstRead({
      start: (f) => segmentHelper(f, helperPort([], true)),
      minBytes: 0,
      pairBytes: 128 << 10,
    });
    expect(split.report).toEqual(single.report);
    expect(split.pages).toEqual(single.pages);
  });
});
