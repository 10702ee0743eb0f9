/**
 * Exercises: JSON files (library/*.json) with a story, a starting scenario, a task, checks on the
 * run's Trace, graded hints and a model solution; one variant per student (params.ts).
 */
export * from './types';
export { readExercise, drawExercise, CHECK_FIELDS, type ExerciseFile } from './validate';
export { variantOf, normalizeName, drawParams, fill } from './params';
export {
  evaluateCheck,
  holdersAt,
  failoversOfAddress,
  firstDualMaster,
  evidencePacket,
  routerOf,
  type CheckResult,
} from './checks';
export {
  answerRun,
  grade,
  gradeRun,
  gradeTrace,
  runAnswer,
  answerScenario,
  modelAnswer,
  solutionConfigs,
  hintCost,
  type Grade,
  type SimulateFn,
} from './grade';
export {
  makeCode,
  verifyCode,
  studentKey,
  newClassKey,
  codesToCsv,
  CODE_PREFIX,
  type Completion,
  type Verified,
  type CodeRow,
} from './code';
export {
  gradeCapture,
  readEchoes,
  tcpdumpCommand,
  CAPTURE_CHECKS,
  type CaptureGrade,
  type CaptureFinding,
  type CaptureCheck,
} from './capture-grade';
