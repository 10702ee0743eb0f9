/**
 * The main thread's side of the capture worker. `openCapture(file, { onProgress, signal })` gives
 * the report and the Trace; a newer request supersedes (cancels) an older one still running.
 */
import type { AnalyzeReport } from '../lib/analysis/report';
import type { ConfigFile } from '../lib/analysis/naming';
import type { Trace, TraceEvent, TracePacket } from '../lib/trace/types';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { StringPool } from './share-strings';

export interface OpenCaptureOptions {
  /** Bytes read so far and the file size, as the worker reads it. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  name?: string;
  hosts?: string;
  configs?: ConfigFile[];
  /** Packets built into the Trace (default `BROWSER_TRACE_ROWS`; the report always covers all). */
  traceRows?: number;
}

/**
 * Trace packets built for the browser by default: enough for hours of adverts, few enough that
 * receiving them never holds the main thread (or its garbage collector) for 50 ms.
 */
export const BROWSER_TRACE_ROWS = 50_000;

export interface CaptureResult {
  report: AnalyzeReport;
  trace: Trace;
}

/** The part of `Worker` the client needs (a fake one in tests). */
export interface WorkerLike {
  postMessage(msg: WorkerRequest): void;
  onmessage: ((e: { data: WorkerResponse }) => void) | null;
  terminate(): void;
}

interface Pending {
  resolve(r: CaptureResult): void;
  reject(e: unknown): void;
  onProgress?: OpenCaptureOptions['onProgress'];
  result?: CaptureResult;
  /** Packets and events received so far (the arrays are sized from the report's counts). */
  packetsIn: number;
  eventsIn: number;
  /** Shared copies of the strings of the Trace parts received so far (see share-strings.ts). */
  strings?: StringPool;
}

function abortError(): Error {
  return Object.assign(new Error('Capture analysis cancelled'), { name: 'AbortError' });
}

export class CaptureClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly createWorker: () => WorkerLike = defaultWorker) {}

  /** Analyses `file` in the worker. Rejects with an AbortError when cancelled or superseded. */
  openCapture(file: Blob, opts: OpenCaptureOptions = {}): Promise<CaptureResult> {
    for (const id of this.pending.keys()) this.cancel(id);
    const id = this.nextId++;
    const { onProgress, signal, ...rest } = opts;
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<CaptureResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, packetsIn: 0, eventsIn: 0 });
      signal?.addEventListener('abort', () => this.cancel(id), { once: true });
      this.ensureWorker().postMessage({
        id,
        type: 'analyze',
        payload: { file, traceRows: BROWSER_TRACE_ROWS, ...rest },
      });
    });
  }

  /** Cancels request `id` (or every pending one); its promise rejects with an AbortError. */
  cancel(id?: number): void {
    for (const [pid, p] of [...this.pending]) {
      if (id !== undefined && pid !== id) continue;
      this.pending.delete(pid);
      this.worker?.postMessage({ id: pid, type: 'cancel', payload: {} });
      p.reject(abortError());
    }
  }

  /** Stops the worker; pending requests reject. */
  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): WorkerLike {
    if (!this.worker) {
      this.worker = this.createWorker();
      this.worker.onmessage = (e) => this.receive(e.data);
    }
    return this.worker;
  }

  private receive(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return; // superseded or cancelled: late messages are dropped
    switch (msg.type) {
      case 'status':
        p.onProgress?.(msg.payload.doneBytes, msg.payload.totalBytes);
        break;
      case 'report':
        // Sized once from the counts: a part only stores references, nothing grows or is copied.
        p.result = {
          report: msg.payload.report,
          trace: {
            ...msg.payload.trace,
            packets: new Array<TracePacket>(msg.payload.packets),
            events: new Array<TraceEvent>(msg.payload.events),
          },
        };
        p.strings = new StringPool();
        break;
      case 'trace-part':
        if (p.result && p.strings) {
          for (const x of msg.payload.packets) p.strings.sharePacket(x);
          for (const x of msg.payload.events) p.strings.shareEvent(x);
          p.packetsIn = fill(p.result.trace.packets, p.packetsIn, msg.payload.packets);
          p.eventsIn = fill(p.result.trace.events, p.eventsIn, msg.payload.events);
        }
        break;
      case 'done':
        this.pending.delete(msg.id);
        if (p.result) {
          p.result.trace.packets.length = p.packetsIn;
          p.result.trace.events.length = p.eventsIn;
        }
        if (p.result) p.resolve(p.result);
        else p.reject(new Error('The capture worker finished without a result'));
        break;
      case 'cancelled':
        this.pending.delete(msg.id);
        p.reject(abortError());
        break;
      case 'error':
        this.pending.delete(msg.id);
        p.reject(
          Object.assign(new Error(msg.payload.diagnostic.message), { diagnostic: msg.payload.diagnostic }),
        );
        break;
    }
  }
}

/** Copies `items` into `into` from `at` (the part's objects themselves, no per-item allocation). */
function fill<T>(into: T[], at: number, items: readonly T[]): number {
  for (let k = 0; k < items.length; k++) into[at + k] = items[k];
  return at + items.length;
}

function defaultWorker(): WorkerLike {
  return new Worker(new URL('./pcap.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as WorkerLike;
}

let shared: CaptureClient | null = null;

/** Analyses a dropped or chosen capture file with the shared worker. */
export function openCapture(file: Blob, opts: OpenCaptureOptions = {}): Promise<CaptureResult> {
  shared ??= new CaptureClient();
  return shared.openCapture(file, opts);
}
