/**
 * Web Worker entry: decodes captures off the main thread (see pcap-handler.ts and protocol.ts).
 * Start it with `new Worker(new URL('./pcap.worker.ts', import.meta.url), { type: 'module' })`.
 */
import { createHandler } from './pcap-handler';
import { segmentHelper, startSegmentWorker } from './segment-client';
import type { WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as {
  postMessage(msg: WorkerResponse, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};
// With a second core, a helper worker decodes most parts of a large pcap capture (split-read.ts).
// Pairs of 48 MiB, not the CLI's 24: this worker's 35 % then fills a Blob slice (BLOB_CHUNK_BYTES),
// and Chromium's cost is per slice (1 GB: 12.2 s median of three loads against 13.0 s, load 4–7).
const BROWSER_PAIR_BYTES = 48 << 20;
const cores =
  (self as unknown as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
const handle = createHandler(
  (msg, transfer) => scope.postMessage(msg, transfer ?? []),
  cores >= 2
    ? { start: (file) => segmentHelper(file, startSegmentWorker()), pairBytes: BROWSER_PAIR_BYTES }
    : undefined,
);
scope.onmessage = (e) => void handle(e.data);
