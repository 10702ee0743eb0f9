/**
 * Messages between the main thread and the evidence worker (evidence.worker.ts), `{ id, type,
 * payload }` as for the capture worker (protocol.ts): the files and pasted texts of an
 * investigation go in once; offsets set by hand re-run the merge on what the worker already holds;
 * the lines around a cited line are fetched on demand (a 100 k-line log never crosses whole). The
 * view's merged Trace follows the rest of the view in parts, as a capture's does (trace-parts.ts), so
 * that no single message takes the main thread long to deserialise.
 */
import type { InvestigationView } from '../lib/evidence/view';
import type { TracePart, TraceSkeleton } from './trace-parts';
import type { EvidenceKind } from '../lib/evidence/types';
import type { Diagnostic } from '../lib/trace/diagnostic';

export interface EvidenceItem {
  name: string;
  /** A dropped file or pasted text; read by the worker, never on the main thread. */
  blob: Blob;
  node?: string;
  kind?: EvidenceKind;
}

export type EvidenceRequest =
  | {
      id: number;
      type: 'investigate';
      /** `items` absent: the same evidence as the last request, with new offsets. */
      payload: { items?: EvidenceItem[]; offsets: Record<number, number> };
    }
  | { id: number; type: 'lines'; payload: { source: number; from: number; count: number } };

/** The view with its Trace's skeleton: the packets and events come in 'trace-part' messages. */
export interface ViewHead extends Omit<InvestigationView, 'trace'> {
  trace: TraceSkeleton;
}

export type EvidenceResponse =
  | { id: number; type: 'result'; payload: { view: ViewHead; packets: number; events: number } }
  | { id: number; type: 'trace-part'; payload: TracePart }
  | { id: number; type: 'done'; payload: Record<string, never> }
  | { id: number; type: 'lines'; payload: { source: number; from: number; lines: string[] } }
  | { id: number; type: 'error'; payload: { diagnostic: Diagnostic } };
