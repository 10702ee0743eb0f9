/**
 * The evidence worker's logic, apart from the Worker global so that it can be tested in Node: reads
 * the items, runs investigate() and sends its view, the merged Trace in parts (trace-parts.ts); keeps
 * the bytes so that an offset set by hand re-runs the merge without reading again.
 */
import { investigate, type InvestigateInput } from '../lib/evidence/investigate';
import { decodeText } from '../lib/evidence/text';
import { investigationView, VIEW_TRACE_PACKETS } from '../lib/evidence/view';
import type { EvidenceRequest, EvidenceResponse } from './evidence-protocol';
import { splitTrace } from './trace-parts';

export type EvidencePost = (msg: EvidenceResponse, transfer?: Transferable[]) => void;

export function createEvidenceHandler(post: EvidencePost): (msg: EvidenceRequest) => Promise<void> {
  let inputs: InvestigateInput[] = [];
  const lines = new Map<number, string[]>();
  return async (msg) => {
    try {
      if (msg.type === 'lines') {
        const { source, from, count } = msg.payload;
        const input = inputs[source];
        let all = lines.get(source);
        if (!all && input) lines.set(source, (all = decodeText(input.bytes).split(/\r?\n/)));
        const start = Math.max(0, from);
        post({
          id: msg.id,
          type: 'lines',
          payload: { source, from: start, lines: (all ?? []).slice(start, start + count) },
        });
        return;
      }
      if (msg.payload.items) {
        inputs = await Promise.all(
          msg.payload.items.map(async (i) => ({
            file: i.name,
            bytes: new Uint8Array(await i.blob.arrayBuffer()),
            node: i.node,
            kind: i.kind,
          })),
        );
        lines.clear();
      }
      const inv = await investigate(inputs, {
        offsets: msg.payload.offsets,
        // The view's Trace keeps the first VIEW_TRACE_PACKETS of the merged captures: no capture gives more.
        tracePackets: VIEW_TRACE_PACKETS,
        fallbackYear: new Date().getUTCFullYear(),
      });
      const { trace, ...view } = investigationView(inv);
      const split = splitTrace(trace);
      post({
        id: msg.id,
        type: 'result',
        payload: { view: { ...view, trace: split.skeleton }, packets: split.packets, events: split.events },
      });
      for (const { part, transfer } of split.parts())
        post({ id: msg.id, type: 'trace-part', payload: part }, transfer);
      post({ id: msg.id, type: 'done', payload: {} });
    } catch (e) {
      // The worker boundary turns anything unexpected into a diagnostic (docs/style.md §10).
      post({
        id: msg.id,
        type: 'error',
        payload: {
          diagnostic: {
            code: 'internal.evidence-worker',
            severity: 'error',
            message: `The evidence could not be read: ${(e as Error)?.message ?? String(e)}`,
          },
        },
      });
    }
  };
}
