/**
 * Web Worker entry: reads an incident's evidence off the main thread (evidence-handler.ts,
 * evidence-protocol.ts). Nothing is sent anywhere but back to the page.
 */
import { createEvidenceHandler } from './evidence-handler';
import type { EvidenceRequest, EvidenceResponse } from './evidence-protocol';

const scope = self as unknown as {
  postMessage(msg: EvidenceResponse, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<EvidenceRequest>) => void) | null;
};
const handle = createEvidenceHandler((msg, transfer) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e) => void handle(e.data);
