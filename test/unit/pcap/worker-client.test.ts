/**
 * The capture worker protocol end to end in Node: CaptureClient ↔ the worker's handler through a
 * structured-clone channel with transfer lists, as a real Worker would carry them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { SPARSE_EVERY, windowAround } from '../../../src/lib/analysis/sparse-index';
import { writePcap, writePcapng } from '../../../src/lib/pcap/writer';
import { boundedClock } from '../../../src/lib/trace/replay-clock';
import { PacketPages } from '../../../src/ui/panels/packet-pages';
import { CaptureClient, type WorkerLike } from '../../../src/worker/client';
import { createHandler } from '../../../src/worker/pcap-handler';
import type { WorkerRequest, WorkerResponse } from '../../../src/worker/protocol';
import { sharedPath } from '../../shared-path';
import { hasTshark, tsharkFields } from './capture-files';
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

/** File offsets of a pcapng file's blocks (little-endian, as writePcapng writes). */
function blockOffsets(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let at = 0; at < b.length; at += dv.getUint32(at + 4, true)) out.push(at);
  return out;
}

/**
 * A pcapng capture on two interfaces whose second Interface Description Block comes mid-file, after
 * `early` frames of the first: Ethernet in µs, then Linux cooked capture (SLL) in ns.
 */
function lateInterfaceCapture(early: number, late: number): Uint8Array<ArrayBuffer> {
  const t0 = 1_700_000_000_000_000;
  const frames = [
    ...Array.from({ length: early }, (_, i) => ({
      tsUs: t0 + i * 1_000_000,
      data: S.advert({ priority: 100 }),
    })),
    ...Array.from({ length: late }, (_, i) => ({
      tsUs: t0 + (early + i) * 1_000_000 + 123,
      data: S.sll(S.advert({ priority: 90, vrid: 7 })),
      interfaceId: 1,
    })),
  ];
  const whole = writePcapng([{ linkType: 1 }, { linkType: 113, tsresol: 9 }], frames);
  const at = blockOffsets(whole);
  // Blocks: SHB, IDB 0, IDB 1, then one EPB per frame: move IDB 1 to just before the first late frame.
  const idb1 = whole.subarray(at[2], at[3]);
  const cut = at[3 + early];
  const out = new Uint8Array(whole.length);
  out.set(whole.subarray(0, at[2]));
  out.set(whole.subarray(at[3], cut), at[2]);
  out.set(idb1, at[2] + cut - at[3]);
  out.set(whole.subarray(cut), cut);
  return out;
}

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

  it('sends the Trace on the replay clock (replay-clock.ts), so that the main thread need not pass over it', async () => {
    const file = sharedPath('captures/public/malformed/tcpdump-vrrp-vrrp_print-oobr.pcap');
    const bytes = new Uint8Array(readFileSync(file));
    const direct = await analyzeCapture(bytes, { name: 'oobr.pcap' });
    expect(direct.trace.endUs).toBeLessThan(0);
    const got = await new CaptureClient(() => fakeWorker()).openCapture(new Blob([bytes]), {
      name: 'oobr.pcap',
    });
    expect(got.trace.packets.map((p) => p.t)).toEqual(
      boundedClock(direct.trace).trace.packets.map((p) => p.t),
    );
    expect(got.trace.packets.map((p) => p.t)).toEqual([0, 0]);
    expect(got.trace.diagnostics.map((d) => d.code)).toContain('ui.capture-time-backwards');
    // The report keeps the file's own times.
    expect(got.report).toEqual(direct.report);
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

  it("indexes every 1024th record and reads a window from the middle on the whole capture's clock", async () => {
    const client = new CaptureClient(() => fakeWorker());
    const blob = new Blob([big]);
    const got = await client.openCapture(blob, { traceRows: 3000 });
    const direct = await analyzeCapture(big, { traceRows: 20_000 });
    const { pages } = got;
    expect(pages.packets).toBe(20_000);
    expect(pages.times.length).toBe(Math.ceil(20_000 / SPARSE_EVERY));
    // Each entry is the offset and time of record k × 1024: a 24-byte header, then 16 + frame bytes each.
    const recordBytes = (big.length - 24) / 20_000;
    pages.times.forEach((t, k) => {
      expect(pages.offsets[k]).toBe(24 + k * SPARSE_EVERY * recordBytes);
      expect(t).toBe(1_700_000_000_000_000 + k * SPARSE_EVERY * 1_000_000);
    });
    // The first window starts at the first packet; the replay says which part it holds.
    expect(got.window.firstPacket).toBe(0);
    // Whole blocks, no more than the rows asked for: 2 × 1024 of the 3000.
    expect(got.trace.packets.length).toBe(2048);
    expect(got.trace.diagnostics.find((d) => d.code === 'analysis.trace-capped')?.message).toMatch(
      /holds 2048 VRRP\/ARP\/NA packets read from packets 1–2048 of 20000/,
    );
    const w = windowAround(pages, pages.times[0] + 10_000_000_000, 3000);
    const mid = await client.openWindow(blob, w, { traceRows: 3000 });
    expect(w.firstPacket).toBeGreaterThan(7000);
    expect(mid.trace.endUs).toBe(direct.trace.endUs);
    expect(mid.trace.origin.epochUs).toBe(direct.trace.origin.epochUs);
    const same = direct.trace.packets.slice(w.firstPacket, w.firstPacket + mid.trace.packets.length);
    expect(mid.trace.packets.map((p) => p.t)).toEqual(same.map((p) => p.t));
    expect(mid.trace.packets.map((p) => Array.from(p.bytes!))).toEqual(same.map((p) => Array.from(p.bytes!)));
  });

  it('a pcapng window and page after a mid-file interface block read it (link type, ns clock), as tshark does', async () => {
    const bytes = lateInterfaceCapture(3000, 3000);
    const client = new CaptureClient(() => fakeWorker());
    const blob = new Blob([bytes]);
    const got = await client.openCapture(blob, { traceRows: 2048 });
    const { pages } = got;
    expect(pages.packets).toBe(6000);
    const w = windowAround(pages, pages.times[0] + 5_000_000_000, 2048);
    expect(w.firstPacket).toBeGreaterThan(3000);
    // The late window's head holds both interface blocks, though they are not together in the file.
    expect(w.head.length).toBe(4);
    const mid = await client.openWindow(blob, w, { traceRows: 2048 });
    expect(mid.trace.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(mid.trace.packets.length).toBe(w.packets);
    const list = new PacketPages(blob, pages);
    const page = await list.page(w.firstBlock);
    expect(page.length).toBe(SPARSE_EVERY);
    if (!hasTshark) return;
    const dir = mkdtempSync(join(tmpdir(), 'late-idb-'));
    try {
      const file = join(dir, 'late-idb.pcapng');
      writeFileSync(file, bytes);
      const rows = tsharkFields(file, ['frame.time_epoch', 'frame.interface_id', 'sll.pkttype', 'vrrp.prio']);
      const ours = rows.slice(w.firstPacket, w.firstPacket + w.packets);
      const epochUs = (r: string[]) => Math.round(Number(r[0]) * 1e6);
      expect(ours.every((r) => r[1] === '1' && r[2] !== '' && r[3] === '90')).toBe(true);
      expect(mid.trace.packets.map((p) => p.t + mid.trace.origin.epochUs)).toEqual(ours.map(epochUs));
      expect(page.map((p) => p.t + pages.times[0])).toEqual(
        rows.slice(w.firstBlock * SPARSE_EVERY, (w.firstBlock + 1) * SPARSE_EVERY).map(epochUs),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
