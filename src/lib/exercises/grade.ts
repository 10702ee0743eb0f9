/**
 * Grading: run the exercise's scenario (with the student's configs for fix-config), evaluate every
 * check, score it, and explain the takeover with the cause model. The run is passed in (`gradeRun`), so
 * the app grades the run of its simulation worker, and a capture trace can be graded too (`gradeTrace`).
 */
import { describeCause, namerOf } from '../trace/cause';
import type { Diagnostic, Result } from '../trace/diagnostic';
import { hasErrors } from '../trace/diagnostic';
import { US_PER_S, type Micros } from '../trace/time';
import type { Trace } from '../trace/types';
import type { Scenario, SimulateFn } from '../scenario/types';
import { evaluateCheck, evidencePacket, failoversOfAddress, type CheckResult } from './checks';
import type { Answer, Exercise } from './types';

export type { SimulateFn };

export interface Grade {
  passed: boolean;
  /** 0..100: the share of checks passed, less the cost of the hints taken. */
  score: number;
  results: CheckResult[];
  /** The cause model's sentence for the first takeover the checks look at, when there is one. */
  explanation: string | null;
  trace: Trace | null;
  diagnostics: Diagnostic[];
}

/** The scenario the student's answer runs: their configs replace the nodes' ones. */
export function answerScenario(exercise: Exercise, answer: Answer): Scenario {
  const configs = answer.configs ?? {};
  return {
    ...exercise.scenario,
    nodes: exercise.scenario.nodes.map((n) => (n.name in configs ? { ...n, config: configs[n.name] } : n)),
  };
}

/** The model solution's configs: each edit applied to its node's starting config. */
export function solutionConfigs(exercise: Exercise): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const e of exercise.solution.edits ?? []) {
    const node = exercise.scenario.nodes.find((n) => n.name === e.node);
    const text = configs[e.node] ?? node?.config ?? '';
    configs[e.node] = text.split(e.find).join(e.replace);
  }
  return configs;
}

/** What the answer asks the simulator to run: its scenario, for the exercise's time. */
export function answerRun(exercise: Exercise, answer: Answer): { scenario: Scenario; untilUs: Micros } {
  return { scenario: answerScenario(exercise, answer), untilUs: Math.round(exercise.runFor * US_PER_S) };
}

/** Runs what the answer asks for on the calling thread (the app runs `answerRun` in its worker). */
export function runAnswer(exercise: Exercise, answer: Answer, simulate: SimulateFn): Result<Trace> {
  const { scenario, untilUs } = answerRun(exercise, answer);
  return simulate(scenario, { untilUs });
}

/** The model answer of the exercise's variant (find-evidence: the packet its checks name, in `trace`). */
export function modelAnswer(exercise: Exercise, trace: Trace | null): Answer {
  const s = exercise.solution;
  const answer: Answer = {};
  if (s.master !== undefined) answer.master = s.master;
  if (s.time !== undefined) answer.time = s.time;
  if (s.choice !== undefined) answer.choice = s.choice;
  if (s.edits) answer.configs = solutionConfigs(exercise);
  const pick = exercise.checks.find((c) => c.check === 'picked-packet');
  if (pick?.check === 'picked-packet' && trace)
    answer.packet = evidencePacket(
      trace,
      pick.address,
      pick.packet,
      Math.round(pick.after * US_PER_S),
    )?.index;
  return answer;
}

/** Hints taken cost their points, in order. */
export function hintCost(exercise: Exercise, hintsTaken: number): number {
  return exercise.hints.slice(0, hintsTaken).reduce((sum, h) => sum + h.cost, 0);
}

/** The first takeover the checks are about, in the cause model's words. */
function explain(exercise: Exercise, trace: Trace): string | null {
  for (const c of exercise.checks) {
    if (!('address' in c)) continue;
    const after = 'after' in c ? c.after : 'from' in c ? c.from : (exercise.revealAt ?? 0);
    const fo = failoversOfAddress(trace, c.address, Math.round(after * US_PER_S))[0];
    if (fo) return describeCause(fo, namerOf(trace.nodes));
  }
  return null;
}

/** Grades an answer on a trace already run (a capture, or a run the UI holds). */
export function gradeTrace(exercise: Exercise, answer: Answer, trace: Trace, hintsTaken = 0): Grade {
  const results = exercise.checks.map((c) => evaluateCheck(trace, c, answer, exercise.scenario.events ?? []));
  const passedCount = results.filter((r) => r.passed).length;
  const share = results.length ? passedCount / results.length : 0;
  const score = Math.max(0, Math.round(share * (100 - hintCost(exercise, hintsTaken))));
  return {
    passed: passedCount === results.length,
    score,
    results,
    explanation: explain(exercise, trace),
    trace,
    diagnostics: trace.diagnostics,
  };
}

/** Runs and grades an answer. */
export function grade(exercise: Exercise, answer: Answer, simulate: SimulateFn, hintsTaken = 0): Grade {
  return gradeRun(exercise, answer, runAnswer(exercise, answer, simulate), hintsTaken);
}

/** Grades the run of an answer. A scenario that cannot run fails every check, with its diagnostics. */
export function gradeRun(exercise: Exercise, answer: Answer, run: Result<Trace>, hintsTaken = 0): Grade {
  if (hasErrors(run.diagnostics)) {
    const results = exercise.checks.map((check) => ({
      check,
      passed: false,
      message: 'the configuration does not run: see its errors',
    }));
    return { passed: false, score: 0, results, explanation: null, trace: null, diagnostics: run.diagnostics };
  }
  return { ...gradeTrace(exercise, answer, run.value, hintsTaken), diagnostics: run.diagnostics };
}
