/**
 * The main thread's side of the evidence worker: `investigate(items, offsets)` and `lines(…)`
 * resolve with the worker's answer; a newer investigation supersedes an older one still running.
 * The view's merged Trace arrives in parts after the rest of the view (trace-parts.ts).
 */
import type { InvestigationView } from '../lib/evidence/view';
import type { EvidenceItem, EvidenceRequest, EvidenceResponse, ViewHead } from './evidence-protocol';
import { TraceAssembler } from './trace-parts';

export interface EvidenceWorkerLike {
  postMessage(msg: EvidenceRequest): void;
  onmessage: ((e: { data: EvidenceResponse }) => void) | null;
  terminate(): void;
}

type Pending = {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  /** An investigation's view, its Trace being assembled from the parts received so far. */
  view?: ViewHead;
  trace?: TraceAssembler;
};

export class EvidenceClient {
  private worker: EvidenceWorkerLike | null = null;
  private nextId = 1;
  private latest = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly createWorker: () => EvidenceWorkerLike = defaultWorker) {}

  /** Reads `items` (absent: the evidence already given) with these offsets, µs per source index. */
  investigate(
    items: EvidenceItem[] | undefined,
    offsets: Record<number, number>,
  ): Promise<InvestigationView | null> {
    const id = this.nextId++;
    this.latest = id;
    return this.send<InvestigationView>({ id, type: 'investigate', payload: { items, offsets } }).then((v) =>
      // A superseded answer is dropped: the newer request's answer is the one shown.
      id === this.latest ? v : null,
    );
  }

  /** `count` lines of a source from 0-based line `from`. */
  lines(source: number, from: number, count: number): Promise<{ from: number; lines: string[] }> {
    return this.send({ id: this.nextId++, type: 'lines', payload: { source, from, count } });
  }

  dispose(): void {
    for (const p of this.pending.values()) p.reject(new Error('The evidence worker was stopped'));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
  }

  private send<T>(msg: EvidenceRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.set(msg.id, { resolve: resolve as (v: unknown) => void, reject });
      this.ensureWorker().postMessage(msg);
    });
  }

  private ensureWorker(): EvidenceWorkerLike {
    if (!this.worker) {
      this.worker = this.createWorker();
      this.worker.onmessage = (e) => this.receive(e.data);
    }
    return this.worker;
  }

  private receive(msg: EvidenceResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    switch (msg.type) {
      case 'result':
        p.view = msg.payload.view;
        p.trace = new TraceAssembler(msg.payload.view.trace, msg.payload.packets, msg.payload.events);
        return;
      case 'trace-part':
        // A superseded investigation's parts are not kept: its answer is dropped.
        if (msg.id === this.latest) p.trace?.add(msg.payload);
        return;
      case 'done':
        this.pending.delete(msg.id);
        if (p.view && p.trace) p.resolve({ ...p.view, trace: p.trace.finish() } satisfies InvestigationView);
        else p.reject(new Error('The evidence worker finished without a view'));
        return;
      case 'error':
        this.pending.delete(msg.id);
        p.reject(
          Object.assign(new Error(msg.payload.diagnostic.message), { diagnostic: msg.payload.diagnostic }),
        );
        return;
      case 'lines':
        this.pending.delete(msg.id);
        p.resolve(msg.payload);
    }
  }
}

function defaultWorker(): EvidenceWorkerLike {
  return new Worker(new URL('./evidence.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as EvidenceWorkerLike;
}
