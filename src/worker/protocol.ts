/**
 * Messages between the main thread and the capture worker (docs/style.md §11): `{ id, type,
 * payload }`. A request's id is echoed by every message about it. The Trace arrives in parts so
 * that no single message takes the main thread long to deserialise (trace-parts.ts).
 */
import type { AnalyzeReport } from '../lib/analysis/report';
import type { ConfigFile } from '../lib/analysis/naming';
import type { Diagnostic } from '../lib/trace/diagnostic';
import type { TracePart, TraceSkeleton } from './trace-parts';

export interface AnalyzeRequestPayload {
  /** The capture; a Blob/File is read in slices by the worker, never copied whole. */
  file: Blob;
  name?: string;
  hosts?: string;
  configs?: ConfigFile[];
  /** Trace packets to build (see analyzeCapture). */
  traceRows?: number;
}

export type WorkerRequest =
  | { id: number; type: 'analyze'; payload: AnalyzeRequestPayload }
  | { id: number; type: 'cancel'; payload: Record<string, never> };

export type WorkerResponse =
  | { id: number; type: 'status'; payload: { doneBytes: number; totalBytes: number } }
  | {
      id: number;
      type: 'report';
      payload: { report: AnalyzeReport; trace: TraceSkeleton; packets: number; events: number };
    }
  | { id: number; type: 'trace-part'; payload: TracePart }
  | { id: number; type: 'done'; payload: Record<string, never> }
  | { id: number; type: 'cancelled'; payload: Record<string, never> }
  | { id: number; type: 'error'; payload: { diagnostic: Diagnostic } };
