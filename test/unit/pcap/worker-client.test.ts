/**
 * The capture worker protocol end to end in Node: CaptureClient ↔ the worker's handler through a
 * structured-clone channel with transfer lists, as a real Worker would carry them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { writePcap } from '../../../src/lib/pcap/writer';
import { CaptureClient, type WorkerLike } from '../../../src/worker/client';
import { createHandler } from '../../../src/worker/pcap-handler';
import type { WorkerRequest, WorkerResponse } from '../../../src/worker/protocol';
import { sharedPath } from '../../shared-path';
import * as S from './synthetic-captures';

function fakeWorker(log: WorkerResponse['type'][] = []): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    postMessage(msg: WorkerRequest) {
      const copy = structuredClone(msg);
      setTimeout(() => void handle(copy), 0);
    },
    terminate() {},
  };
  const handle = createHandler((msg, transfer) => {
    log.push(msg.type);
    const data = structuredClone(msg, { transfer: transfer ?? [] });
    setTimeout(() => w.onmessage?.({ data }), 0);
  });
  return w;
}

const big = writePcap(
  Array.from({ length: 20_000 }, (_, i) => ({
    tsUs: 1_700_000_000_000_000 + i * 1_000_000,
    data: S.advert({ priority: 100 }),
  })),
);

describe('CaptureClient and the capture worker', () => {
  it('gives the same report and Trace as analyzeCapture, with progress', async () => {
    const file = sharedPath('captures/public/networklessons-vrrp-gratuitous-arp.pcapng');
    const bytes = new Uint8Array(readFileSync(file));
    const direct = await analyzeCapture(bytes, { name: 'x.pcapng' });
    const progress: number[] = [];
    const client = new CaptureClient(() => fakeWorker());
    const got = await client.openCapture(new Blob([bytes]), {
      name: 'x.pcapng',
      onProgress: (d, t) => progress.push(d / t),
    });
    expect(got.report).toEqual(direct.report);
    expect(got.trace.events).toEqual(direct.trace.events);
    expect(got.trace.packets.map((p) => Array.from(p.bytes!))).toEqual(
      direct.trace.packets.map((p) => Array.from(p.bytes!)),
    );
    expect(progress.at(-1)).toBe(1);
  });

  it('sends a large Trace in parts and reports progress chunk by chunk', async () => {
    const log: WorkerResponse['type'][] = [];
    const progress: number[] = [];
    const client = new CaptureClient(() => fakeWorker(log));
    const got = await client.openCapture(new Blob([big]), {
      traceRows: 20_000,
      onProgress: (d) => progress.push(d),
    });
    expect(got.trace.packets.length).toBe(20_000);
    expect(log.filter((t) => t === 'trace-part').length).toBeGreaterThan(1);
    expect(got.report.routers[0].masters[0].adverts).toBe(20_000);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('a newer request supersedes an older one; abort rejects with AbortError', async () => {
    const client = new CaptureClient(() => fakeWorker());
    const first = client.openCapture(new Blob([big]));
    const second = client.openCapture(new Blob([big]), { traceRows: 10 });
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect((await second).trace.packets.length).toBe(10);
    const ctrl = new AbortController();
    const third = client.openCapture(new Blob([big]), { signal: ctrl.signal });
    ctrl.abort();
    await expect(third).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('input that is not a capture yields a report with a positioned diagnostic, not a crash', async () => {
    const client = new CaptureClient(() => fakeWorker());
    const got = await client.openCapture(new Blob(['hello, not a capture']));
    expect(got.report.format).toBeNull();
    expect(got.report.diagnostics[0]).toMatchObject({
      code: 'capture.not-a-capture',
      at: { packetIndex: -1, byteOffset: 0 },
    });
  });
});
