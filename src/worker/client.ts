/**
 * The main thread's side of the capture worker. `openCapture(file, { onProgress, signal })` gives
 * the report and the Trace; a newer request supersedes (cancels) an older one still running.
 */
import type { AnalyzeReport } from '../lib/analysis/report';
import type { ConfigFile } from '../lib/analysis/naming';
import type { Trace } from '../lib/trace/types';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { RequestClient, type PendingRequest, type WorkerPort } from './request-client';
import { TraceAssembler } from './trace-parts';

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
export type WorkerLike = WorkerPort<WorkerRequest, WorkerResponse>;

interface Pending extends PendingRequest<CaptureResult> {
  onProgress?: OpenCaptureOptions['onProgress'];
  report?: AnalyzeReport;
  trace?: TraceAssembler;
}

export class CaptureClient extends RequestClient<WorkerRequest, WorkerResponse, CaptureResult, Pending> {
  constructor(createWorker: () => WorkerLike = defaultWorker) {
    super(createWorker, 'Capture analysis');
  }

  /** Analyses `file` in the worker. Rejects with an AbortError when cancelled or superseded. */
  openCapture(file: Blob, opts: OpenCaptureOptions = {}): Promise<CaptureResult> {
    const { onProgress, signal, ...rest } = opts;
    return this.request(
      (id) => ({ id, type: 'analyze', payload: { file, traceRows: BROWSER_TRACE_ROWS, ...rest } }),
      (p) => ({ ...p, onProgress }),
      signal,
    );
  }

  protected receive(msg: WorkerResponse, p: Pending): void {
    switch (msg.type) {
      case 'status':
        p.onProgress?.(msg.payload.doneBytes, msg.payload.totalBytes);
        break;
      case 'report':
        p.report = msg.payload.report;
        p.trace = new TraceAssembler(msg.payload.trace, msg.payload.packets, msg.payload.events);
        break;
      case 'trace-part':
        p.trace?.add(msg.payload);
        break;
      case 'done':
        this.settle(msg.id);
        if (p.report && p.trace) p.resolve({ report: p.report, trace: p.trace.finish() });
        else p.reject(new Error('The capture worker finished without a result'));
        break;
      case 'cancelled':
        this.cancelledByWorker(msg.id, p);
        break;
      case 'error':
        this.failed(msg.id, p, msg.payload.diagnostic);
        break;
    }
  }
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
