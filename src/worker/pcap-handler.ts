/**
 * The capture worker's logic, apart from the Worker global so that it can be tested in Node:
 * analyse a Blob with progress, honour cancel, and post the result with transfer lists.
 */
import { analyzeCapture } from '../lib/analysis/index';
import { blobSource } from '../lib/pcap/source';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { splitTrace } from './trace-parts';

export type Post = (msg: WorkerResponse, transfer?: Transferable[]) => void;

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
      const split = splitTrace(trace);
      post({
        id: msg.id,
        type: 'report',
        payload: { report, trace: split.skeleton, packets: split.packets, events: split.events },
      });
      for (const { part, transfer } of split.parts()) {
        if (ctrl.signal.aborted) throw ctrl.signal.reason;
        post({ id: msg.id, type: 'trace-part', payload: part }, transfer);
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
