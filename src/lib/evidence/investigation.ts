/**
 * What an investigation holds: the sources as read, the nodes, the clock fits, the lanes, the
 * transitions with causes, incidents, diagnoses and what the evidence cannot answer.
 */
import type { Micros } from '../trace/time';
import type { ClockFit } from './align';
import type { EvidenceRef } from '../trace/cause';
import type { Severity } from '../trace/diagnostic';
import type { NodeIndex } from './identity';
import type { Incident, MasterInterval } from './incidents';
import type { SourceRead } from './sources';
import type { Transition } from './transitions';

export interface Lane {
  source: number;
  host: string;
  node: string;
  fit: ClockFit;
}

export interface Investigation {
  sources: SourceRead[];
  unreadable: { file: string; reason: string }[];
  nodes: NodeIndex;
  fits: Map<number, ClockFit>;
  lanes: Lane[];
  transitions: Transition[];
  /** Who was MASTER when, on the wire where a capture shows it (incidents.ts masterIntervals). */
  masterIntervals: MasterInterval[];
  incidents: Incident[];
  diagnoses: Diagnosis[];
  unanswered: string[];
  /** The common clock's span, µs since the epoch. */
  startUs: Micros;
  endUs: Micros;
}

export interface Diagnosis {
  code: string;
  severity: Severity;
  message: string;
  evidence: EvidenceRef[];
  /** What would settle it, when the evidence cannot. */
  settle?: string;
}
