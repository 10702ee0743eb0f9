/**
 * Messages between the main thread and a simulation worker (runs.worker.ts), `{ id, type, payload }`
 * as for the capture worker (protocol.ts): a scenario run under a list of seeds, with progress after
 * each run and a way to cancel between runs.
 */
import type { FailoverTimes } from '../lib/runs';
import type { Scenario } from '../lib/scenario/types';
import type { Diagnostic } from '../lib/trace/diagnostic';
import type { Micros } from '../lib/trace/time';

export type RunsRequest =
  | { id: number; type: 'runs'; payload: { scenario: Scenario; untilUs: Micros; seeds: number[] } }
  | { id: number; type: 'cancel'; payload: Record<string, never> };

export type RunsResponse =
  /** One more run done: its seed's index in the request and its failover times. */
  | { id: number; type: 'run'; payload: { index: number; times: FailoverTimes[] } }
  | { id: number; type: 'done'; payload: Record<string, never> }
  | { id: number; type: 'cancelled'; payload: Record<string, never> }
  | { id: number; type: 'error'; payload: { diagnostic: Diagnostic } };
