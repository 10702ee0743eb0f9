/**
 * The capture worker's logic, apart from the Worker global so that it can be tested in Node:
 * analyse a Blob with progress, honour cancel, and post the result with transfer lists.
 */
import { analyzeCapture } from '../lib/analysis/index';
import { blobSource } from '../lib/pcap/source';
import type { TracePacket } from '../lib/trace/types';
import { TRACE_PART_SIZE, type WorkerRequest, type WorkerResponse } from './protocol';

export type Post = (msg: WorkerResponse, transfer?: Transferable[]) => void;

/** Packs the frames of `packets` into one buffer (views into it), so one transfer moves them all. */
function packBytes(packets: TracePacket[]): ArrayBuffer | null {
  const total = packets.reduce((n, p) => n + (p.bytes?.length ?? 0), 0);
  if (total === 0) return null;
  const buf = new Uint8Array(total);
  let at = 0;
  for (const p of packets) {
    if (!p.bytes) continue;
    buf.set(p.bytes, at);
    p.bytes = buf.subarray(at, at + p.bytes.length);
    at += p.bytes.length;
  }
  return buf.buffer;
}

export function createHandler(post: Post): (msg: WorkerRequest) => Promise<void> {
  const running = new Map<number, AbortController>();
  return async (msg) => {
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const ctrl = new AbortController();
    running.set(msg.id, ctrl);
    const { file, ...opts } = msg.payload;
    try {
      const { report, trace } = await analyzeCapture(blobSource(file), {
        ...opts,
        signal: ctrl.signal,
        onProgress: (doneBytes, totalBytes) =>
          post({ id: msg.id, type: 'status', payload: { doneBytes, totalBytes } }),
      });
      const { packets, events, ...skeleton } = trace;
      post({
        id: msg.id,
        type: 'report',
        payload: { report, trace: skeleton, packets: packets.length, events: events.length },
      });
      for (let i = 0; i < Math.max(packets.length, events.length); i += TRACE_PART_SIZE) {
        if (ctrl.signal.aborted) throw ctrl.signal.reason;
        const part = packets.slice(i, i + TRACE_PART_SIZE);
        const buf = packBytes(part);
        post(
          {
            id: msg.id,
            type: 'trace-part',
            payload: { packets: part, events: events.slice(i, i + TRACE_PART_SIZE) },
          },
          buf ? [buf] : [],
        );
      }
      post({ id: msg.id, type: 'done', payload: {} });
    } catch (e) {
      if (ctrl.signal.aborted) post({ id: msg.id, type: 'cancelled', payload: {} });
      else {
        // The worker boundary turns anything unexpected into a diagnostic (docs/style.md §10).
        const code = (e as { code?: string }).code;
        post({
          id: msg.id,
          type: 'error',
          payload: {
            diagnostic: {
              code: `internal.${code ?? 'worker'}`,
              severity: 'error',
              message: `The capture could not be analysed: ${(e as Error)?.message ?? String(e)}`,
            },
          },
        });
      }
    } finally {
      running.delete(msg.id);
    }
  };
}
