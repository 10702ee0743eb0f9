/**
 * The capture worker's helper (issue 13 §3, both cores): a second worker decoding parts of a large
 * classic pcap file for the capture worker (segment-handler.ts, segment-client.ts).
 */
import { createSegmentHandler } from './segment-handler';
import type { SegmentMessage, SegmentReply } from './segment-protocol';

const scope = self as unknown as {
  postMessage(msg: SegmentReply, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<SegmentMessage>) => void) | null;
};
const handle = createSegmentHandler((msg, transfer) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e) => void handle(e.data);
