/**
 * Messages between the main thread and the capture worker (docs/style.md §11): `{ id, type,
 * payload }`. A request's id is echoed by every message about it. The Trace arrives in parts so
 * that no single message takes the main thread long to deserialise (trace-parts.ts).
 */
import type { AnalyzeReport } from '../lib/analysis/report';
import type { ConfigFile } from '../lib/analysis/naming';
import type { Diagnostic } from '../lib/trace/diagnostic';
import type { CaptureWindow, SparseIndex } from '../lib/analysis/sparse-index';
import type { TracePart, TraceSkeleton } from './trace-parts';

export interface AnalyzeRequestPayload {
  /** The capture; a Blob/File is read in slices by the worker, never copied whole. */
  file: Blob;
  name?: string;
  hosts?: string;
  configs?: ConfigFile[];
  /** Trace packets to build (see analyzeCapture). */
  traceRows?: number;
  /**
   * Read only this part of the capture for the Trace (the replay's window around a time, read again
   * from the file); without it, the whole file is analysed and the first window is read.
   */
  window?: CaptureWindow;
}

export type WorkerRequest =
  | { id: number; type: 'analyze'; payload: AnalyzeRequestPayload }
  | { id: number; type: 'cancel'; payload: Record<string, never> };

export type WorkerResponse =
  | { id: number; type: 'status'; payload: { doneBytes: number; totalBytes: number } }
  | {
      id: number;
      type: 'report';
      payload: {
        /** The whole capture's report: not sent again for a window. */
        report?: AnalyzeReport;
        trace: TraceSkeleton;
        packets: number;
        events: number;
        /** The sparse index of the whole file (the packet list's pages are read from it); not sent again for a window. */
        pages?: SparseIndex;
        /** The part of the file the Trace holds. */
        window: CaptureWindow;
      };
    }
  | { id: number; type: 'trace-part'; payload: TracePart }
  | { id: number; type: 'done'; payload: Record<string, never> }
  | { id: number; type: 'cancelled'; payload: Record<string, never> }
  | { id: number; type: 'error'; payload: { diagnostic: Diagnostic } };
