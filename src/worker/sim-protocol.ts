/**
 * Messages between the main thread and the simulation worker (sim.worker.ts), `{ id, type, payload }`
 * as for the capture worker (protocol.ts): one scenario run, with progress in virtual time, a way to
 * cancel, and the Trace sent in parts (trace-parts.ts).
 */
import type { Scenario } from '../lib/scenario/types';
import type { Diagnostic } from '../lib/trace/diagnostic';
import type { Micros } from '../lib/trace/time';
import type { TracePart, TraceSkeleton } from './trace-parts';

export type SimRequest =
  | { id: number; type: 'simulate'; payload: { scenario: Scenario; untilUs: Micros } }
  | { id: number; type: 'cancel'; payload: Record<string, never> };

export type SimResponse =
  /** Virtual time simulated so far, of `totalUs`. */
  | { id: number; type: 'progress'; payload: { doneUs: Micros; totalUs: Micros } }
  | { id: number; type: 'result'; payload: { trace: TraceSkeleton; packets: number; events: number } }
  | { id: number; type: 'trace-part'; payload: TracePart }
  | { id: number; type: 'done'; payload: Record<string, never> }
  | { id: number; type: 'cancelled'; payload: Record<string, never> }
  | { id: number; type: 'error'; payload: { diagnostic: Diagnostic } };
