/**
 * Web Worker entry: runs the app's simulations off the main thread (see sim-handler.ts and
 * sim-protocol.ts). Start it with `new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' })`.
 */
import { createSimHandler } from './sim-handler';
import type { SimRequest, SimResponse } from './sim-protocol';

const scope = self as unknown as {
  postMessage(msg: SimResponse, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<SimRequest>) => void) | null;
};
const handle = createSimHandler((msg, transfer) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e) => void handle(e.data);
