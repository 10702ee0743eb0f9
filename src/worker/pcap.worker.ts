/**
 * Web Worker entry: decodes captures off the main thread (see pcap-handler.ts and protocol.ts).
 * Start it with `new Worker(new URL('./pcap.worker.ts', import.meta.url), { type: 'module' })`.
 */
import { createHandler } from './pcap-handler';
import type { WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as {
  postMessage(msg: WorkerResponse, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};
const handle = createHandler((msg, transfer) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e) => void handle(e.data);
