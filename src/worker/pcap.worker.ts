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
const cores =
  (self as unknown as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
const handle = createHandler(
  (msg, transfer) => scope.postMessage(msg, transfer ?? []),
  cores >= 2 ? { start: (file) => segmentHelper(file, startSegmentWorker()) } : undefined,
);
scope.onmessage = (e) => void handle(e.data);
