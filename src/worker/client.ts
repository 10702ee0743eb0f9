/**
 * The main thread's side of the capture worker. `openCapture(file, { onProgress, signal })` gives
 * the report and the Trace; a newer request supersedes (cancels) an older one still running.
 */
import type { AnalyzeReport } from '../lib/analysis/report';
import type { CaptureWindow, SparseIndex } from '../lib/analysis/sparse-index';
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
  /** The sparse index of the file: the packet list reads its pages from the file with it. */
  pages: SparseIndex;
  /** The part of the file the Trace was read from. */
  window: CaptureWindow;
}

/** What the worker sends for one request (a window request gets no report and no index). */
type Answer = Omit<CaptureResult, 'report' | 'pages'> & Partial<CaptureResult>;

/** The part of `Worker` the client needs (a fake one in tests). */
export type WorkerLike = WorkerPort<WorkerRequest, WorkerResponse>;

interface Pending extends PendingRequest<Answer> {
  onProgress?: OpenCaptureOptions['onProgress'];
  head?: Omit<Answer, 'trace'>;
  trace?: TraceAssembler;
}

export class CaptureClient extends RequestClient<WorkerRequest, WorkerResponse, Answer, Pending> {
  constructor(createWorker: () => WorkerLike = defaultWorker) {
    super(createWorker, 'Capture analysis');
  }

  /** Analyses `file` in the worker. Rejects with an AbortError when cancelled or superseded. */
  async openCapture(file: Blob, opts: OpenCaptureOptions = {}): Promise<CaptureResult> {
    const { onProgress, signal, ...rest } = opts;
    const a = await this.request(
      (id) => ({ id, type: 'analyze', payload: { file, traceRows: BROWSER_TRACE_ROWS, ...rest } }),
      (p) => ({ ...p, onProgress }),
      signal,
    );
    if (!a.report || !a.pages) throw new Error('The capture worker sent no report');
    return { ...a, report: a.report, pages: a.pages };
  }

  /**
   * The Trace of another part of the file (`windowAround` of its sparse index): the replay's window
   * around a new time. Same options as the capture was opened with (names).
   */
  openWindow(file: Blob, window: CaptureWindow, opts: OpenCaptureOptions = {}): Promise<Answer> {
    const { signal, onProgress: _, ...rest } = opts;
    return this.request(
      (id) => ({ id, type: 'analyze', payload: { file, traceRows: BROWSER_TRACE_ROWS, ...rest, window } }),
      (p) => p,
      signal,
    );
  }

  protected receive(msg: WorkerResponse, p: Pending): void {
    switch (msg.type) {
      case 'status':
        p.onProgress?.(msg.payload.doneBytes, msg.payload.totalBytes);
        break;
      case 'report': {
        const { trace, packets, events, ...head } = msg.payload;
        p.head = head;
        p.trace = new TraceAssembler(trace, packets, events);
        break;
      }
      case 'trace-part':
        p.trace?.add(msg.payload);
        break;
      case 'done':
        this.settle(msg.id);
        if (p.head && p.trace) p.resolve({ ...p.head, trace: p.trace.finish() });
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

/** Reads another window of an opened capture with the shared worker (supersedes one still running). */
export function openCaptureWindow(
  file: Blob,
  window: CaptureWindow,
  opts: OpenCaptureOptions = {},
): Promise<Pick<CaptureResult, 'trace' | 'window'>> {
  shared ??= new CaptureClient();
  return shared.openWindow(file, window, opts);
}
