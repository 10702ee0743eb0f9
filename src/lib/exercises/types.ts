/**
 * The exercise format (README "For teachers"): a story, a starting scenario, a task, checks evaluated
 * on the run's Trace, graded hints and a model solution. Exercises are JSON files
 * (src/lib/exercises/library/*.json) validated by `validateExercise` with positioned errors; numbers
 * and text may use the exercise's `params` (`"{{vrid}}"`), drawn per student from a seed (params.ts).
 */
import type { Scenario } from '../scenario/types';

export const EXERCISE_KINDS = ['predict', 'fix-config', 'find-evidence', 'diagnose'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];

export const EXERCISE_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type ExerciseLevel = (typeof EXERCISE_LEVELS)[number];

/**
 * A parameter drawn per student: a range (with an optional step), a pick from a list (at the index
 * of another param, so that several picks agree), or an expression of the params above it.
 */
export type ParamSpec =
  { range: [number, number]; step?: number } | { pick: (number | string)[]; at?: string } | { expr: string };

/** Which packet a find-evidence answer must name (evaluated on the run after `after` seconds). */
export const EVIDENCE_KINDS = [
  'priority-zero-advert',
  'first-garp-of-new-master',
  'first-advert-of-new-master',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** A predicate on the run's Trace (and on the student's answer). Times are seconds of virtual time. */
export type Check =
  /** The address is on exactly one node at `at`, and it is `node`. */
  | { check: 'served-by'; address: string; node: string; at: number }
  /** No virtual router has two MASTER instances at any time after `after`. */
  | { check: 'no-dual-master'; after: number }
  /** A failover of the address's virtual router happens within `within` s of scenario event `event`. */
  | { check: 'takeover-within'; address: string; event: number; within: number }
  /** No failover of the address's virtual router between `from` and `to`. */
  | { check: 'no-failover'; address: string; from: number; to: number }
  /** The answer's `master` is the node holding the address at `at`. */
  | { check: 'predicted-master'; address: string; at: number }
  /** The answer's `time` is within `tolerance` s of the first failover of the address after `after`. */
  | { check: 'predicted-time'; address: string; after: number; tolerance: number }
  /** The answer's `packet` is the packet of that kind for the address, after `after`. */
  | { check: 'picked-packet'; address: string; packet: EvidenceKind; after: number }
  /** The answer's `choice` is this choice id. */
  | { check: 'chosen'; choice: string };

export type CheckName = Check['check'];

/** What a student hands in. Each kind reads its own fields. */
export interface Answer {
  /** predict: a node name. */
  master?: string;
  /** predict: seconds of virtual time. */
  time?: number;
  /** fix-config: node name → keepalived.conf text (nodes not listed keep theirs). */
  configs?: Record<string, string>;
  /** find-evidence: a packet index of the run. */
  packet?: number;
  /** diagnose: a choice id. */
  choice?: string;
}

/** A text edit of one node's keepalived.conf (the model solution of fix-config exercises). */
export interface ConfigEdit {
  node: string;
  find: string;
  replace: string;
}

export interface Solution {
  /** The model answer (predict, find-evidence, diagnose); `packet` is found from the checks. */
  master?: string;
  time?: number;
  choice?: string;
  /** fix-config: the edits that make the checks pass. */
  edits?: ConfigEdit[];
  /** Why, for the teacher's answer sheet. */
  explanation: string;
}

export interface Choice {
  id: string;
  text: string;
}

/** An exercise after its params are drawn: every template is replaced by a value. */
export interface Exercise {
  id: string;
  title: string;
  level: ExerciseLevel;
  kind: ExerciseKind;
  story: string;
  task: string;
  scenario: Scenario;
  /** Seconds of virtual time to simulate (default: the scenario's duration, else 60). */
  runFor: number;
  /** predict exercises: the run is shown up to here before the student answers. */
  revealAt?: number;
  choices?: Choice[];
  checks: Check[];
  /** Graded hints: each one taken costs its `cost` in points (of 100). */
  hints: { text: string; cost: number }[];
  solution: Solution;
}

/** The params a student's variant drew, by name. */
export type ParamValues = Record<string, number | string>;
