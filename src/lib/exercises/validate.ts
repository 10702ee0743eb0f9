/**
 * Reads an exercise file (types.ts) and draws a student's variant of it. Errors name the line and
 * column of the offending key, as scenario errors do; never throws.
 */
import type { Diagnostic, Result, TextPosition } from '../trace/diagnostic';
import { JsonSyntaxError, parseJsonWithPositions } from '../scenario/json-positions';
import { validateScenario } from '../scenario/validate';
import { drawParams, fill, ParamError } from './params';
import {
  EVIDENCE_KINDS,
  EXERCISE_KINDS,
  EXERCISE_LEVELS,
  type Check,
  type CheckName,
  type Exercise,
  type ParamSpec,
} from './types';

/** A value that may be a `{{template}}` string where a number is expected. */
type Kind = 'string' | 'number' | 'text' | 'object' | 'array' | 'strings';

const TOP: Record<string, Kind> = {
  id: 'string',
  title: 'string',
  level: 'string',
  kind: 'string',
  story: 'text',
  task: 'text',
  params: 'object',
  scenario: 'object',
  runFor: 'number',
  revealAt: 'number',
  choices: 'array',
  checks: 'array',
  hints: 'array',
  solution: 'object',
};
const REQUIRED = ['id', 'title', 'level', 'kind', 'story', 'task', 'scenario', 'checks', 'hints', 'solution'];

/** Per check: its fields (besides `check`), all required. */
export const CHECK_FIELDS: Record<CheckName, Record<string, Kind>> = {
  'served-by': { address: 'string', node: 'string', at: 'number' },
  'no-dual-master': { after: 'number' },
  'takeover-within': { address: 'string', event: 'number', within: 'number' },
  'no-failover': { address: 'string', from: 'number', to: 'number' },
  'predicted-master': { address: 'string', at: 'number' },
  'predicted-time': { address: 'string', after: 'number', tolerance: 'number' },
  'picked-packet': { address: 'string', packet: 'string', after: 'number' },
  chosen: { choice: 'string' },
};
const SOLUTION: Record<string, Kind> = {
  master: 'string',
  time: 'number',
  choice: 'string',
  edits: 'array',
  explanation: 'text',
};
const HINT: Record<string, Kind> = { text: 'text', cost: 'number' };
const CHOICE: Record<string, Kind> = { id: 'string', text: 'string' };
const EDIT: Record<string, Kind> = { node: 'string', find: 'text', replace: 'text' };

const isTemplate = (v: unknown) => typeof v === 'string' && /^\{\{[^{}]+\}\}$/.test(v);

function typeOk(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return (typeof v === 'number' && Number.isFinite(v)) || isTemplate(v);
    case 'text':
      return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}

const KIND_TEXT: Record<Kind, string> = {
  string: 'a string',
  number: 'a number or a "{{param}}"',
  text: 'a string or a list of lines',
  object: 'an object',
  array: 'a list',
  strings: 'a list of strings',
};

/** An exercise file as written: params not drawn yet. */
export interface ExerciseFile {
  raw: Record<string, unknown>;
  /** Path (`checks/2/at`) → position, for errors found when a variant is drawn. */
  keys: Map<string, TextPosition>;
  params: Record<string, ParamSpec>;
}

/** Joins lists of lines (story, task, configs, hints) into text. */
function joinLines(v: unknown): unknown {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join('\n') : v;
}

/** Checks an exercise file's shape. `value` is null when it cannot be used at all. */
export function readExercise(text: string): Result<ExerciseFile | null> {
  const diagnostics: Diagnostic[] = [];
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    const at = e instanceof JsonSyntaxError ? e.at : undefined;
    const message = `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    return { value: null, diagnostics: [{ code: 'exercise.json-syntax', severity: 'error', message, at }] };
  }
  const { keys } = parsed;
  const err = (path: string, message: string, code = 'exercise.invalid') =>
    diagnostics.push({
      code,
      severity: 'error',
      message: `${path || 'exercise'}: ${message}`,
      at: keys.get(path),
    });
  const object = (v: unknown, path: string, shape: Record<string, Kind>, required: string[]) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      err(path, 'must be an object');
      return null;
    }
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      const p = path ? `${path}/${k}` : k;
      if (!(k in shape))
        err(p, `unknown field "${k}" (allowed: ${Object.keys(shape).join(', ')})`, 'exercise.unknown-field');
      else if (!typeOk(shape[k], x)) err(p, `"${k}" must be ${KIND_TEXT[shape[k]]}`, 'exercise.bad-type');
    }
    for (const k of required) if (!(k in o)) err(path, `missing "${k}"`, 'exercise.missing-field');
    return o;
  };
  const top = object(parsed.value, '', TOP, REQUIRED);
  if (!top) return { value: null, diagnostics };
  const oneOf = (path: string, v: unknown, allowed: readonly string[]) => {
    if (typeof v === 'string' && !allowed.includes(v))
      err(path, `"${v}" is not one of ${allowed.join(', ')}`, 'exercise.bad-value');
  };
  oneOf('level', top.level, EXERCISE_LEVELS);
  oneOf('kind', top.kind, EXERCISE_KINDS);
  const params: Record<string, ParamSpec> = {};
  if (top.params && typeof top.params === 'object')
    for (const [name, spec] of Object.entries(top.params as Record<string, unknown>)) {
      const p = `params/${name}`;
      const s = spec as Record<string, unknown>;
      const ok =
        s &&
        ((Array.isArray(s.range) && s.range.length === 2 && s.range.every((x) => typeof x === 'number')) ||
          (Array.isArray(s.pick) && s.pick.length > 0) ||
          typeof s.expr === 'string');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        err(p, `"${name}" is not a param name`, 'exercise.bad-param');
      else if (!ok)
        err(p, 'a param is {"range": [lo, hi]}, {"pick": [...]} or {"expr": "..."}', 'exercise.bad-param');
      else params[name] = s as ParamSpec;
    }
  if (Array.isArray(top.checks)) {
    if (top.checks.length === 0) err('checks', 'an exercise needs at least one check', 'exercise.no-checks');
    top.checks.forEach((c, i) => {
      const path = `checks/${i}`;
      const name = (c as { check?: unknown })?.check;
      const fields = typeof name === 'string' ? CHECK_FIELDS[name as CheckName] : undefined;
      if (!fields) {
        err(path, `"check" must be one of ${Object.keys(CHECK_FIELDS).join(', ')}`, 'exercise.unknown-check');
        return;
      }
      object(c, path, { check: 'string', ...fields }, Object.keys(fields));
      if (name === 'picked-packet')
        oneOf(`${path}/packet`, (c as { packet?: unknown }).packet, EVIDENCE_KINDS);
    });
  }
  if (Array.isArray(top.hints)) top.hints.forEach((h, i) => object(h, `hints/${i}`, HINT, ['text', 'cost']));
  if (Array.isArray(top.choices))
    top.choices.forEach((h, i) => object(h, `choices/${i}`, CHOICE, ['id', 'text']));
  const sol = top.solution ? object(top.solution, 'solution', SOLUTION, ['explanation']) : null;
  if (sol && Array.isArray(sol.edits))
    sol.edits.forEach((e, i) => object(e, `solution/edits/${i}`, EDIT, ['node', 'find', 'replace']));
  if (top.kind === 'diagnose' && !Array.isArray(top.choices))
    err('', 'a diagnose exercise needs "choices"', 'exercise.missing-field');
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { value: ok ? { raw: top, keys, params } : null, diagnostics };
}

/** Joins the line lists of a raw exercise (configs, story, hints) into strings. */
function joined(raw: Record<string, unknown>): Record<string, unknown> {
  const scenario = raw.scenario as { nodes?: { config?: unknown }[] };
  return {
    ...raw,
    story: joinLines(raw.story),
    task: joinLines(raw.task),
    scenario: {
      ...scenario,
      nodes: Array.isArray(scenario.nodes)
        ? scenario.nodes.map((n) => (n && typeof n === 'object' ? { ...n, config: joinLines(n.config) } : n))
        : scenario.nodes,
    },
    hints: (raw.hints as { text: unknown }[]).map((h) => ({ ...h, text: joinLines(h.text) })),
    solution: (() => {
      const s = raw.solution as Record<string, unknown>;
      const edits = s.edits as Record<string, unknown>[] | undefined;
      return {
        ...s,
        explanation: joinLines(s.explanation),
        edits: edits?.map((e) => ({ ...e, find: joinLines(e.find), replace: joinLines(e.replace) })),
      };
    })(),
  };
}

/**
 * Draws the variant of `seed` and checks what only the drawn values can tell: the scenario
 * (validateScenario), the nodes and event indices the checks name.
 */
export function drawExercise(file: ExerciseFile, seed: number): Result<Exercise | null> {
  const diagnostics: Diagnostic[] = [];
  let filled: Record<string, unknown>;
  try {
    filled = fill(joined(file.raw), drawParams(file.params, seed));
  } catch (e) {
    const message = e instanceof ParamError ? e.message : String(e);
    return {
      value: null,
      diagnostics: [{ code: 'exercise.bad-param', severity: 'error', message: `params: ${message}` }],
    };
  }
  const scenario = validateScenario(filled.scenario);
  for (const d of scenario.diagnostics) {
    // Scenario messages start with their path: point at it inside the exercise file.
    const path = /^([^:\s]+):/.exec(d.message)?.[1];
    diagnostics.push({
      ...d,
      message: `scenario/${d.message}`,
      at: path ? file.keys.get(`scenario/${path}`) : undefined,
    });
  }
  if (!scenario.value || diagnostics.some((d) => d.severity === 'error')) return { value: null, diagnostics };
  const s = scenario.value;
  const nodeNames = new Set(s.nodes.map((n) => n.name));
  const checks = filled.checks as Check[];
  checks.forEach((c, i) => {
    const err = (field: string, message: string) =>
      diagnostics.push({
        code: 'exercise.bad-reference',
        severity: 'error',
        message: `checks/${i}/${field}: ${message}`,
        at: file.keys.get(`checks/${i}/${field}`),
      });
    if (c.check === 'served-by' && !nodeNames.has(c.node)) err('node', `no node named "${c.node}"`);
    if (c.check === 'takeover-within' && !s.events?.[c.event])
      err('event', `the scenario has no event ${c.event}`);
    if (
      c.check === 'chosen' &&
      !(filled.choices as { id: string }[] | undefined)?.some((x) => x.id === c.choice)
    )
      err('choice', `no choice "${c.choice}"`);
  });
  for (const [i, e] of (
    ((filled.solution as { edits?: { node: string }[] }).edits ?? []) as { node: string }[]
  ).entries())
    if (!nodeNames.has(e.node))
      diagnostics.push({
        code: 'exercise.bad-reference',
        severity: 'error',
        message: `solution/edits/${i}/node: no node named "${e.node}"`,
        at: file.keys.get(`solution/edits/${i}/node`),
      });
  if (diagnostics.some((d) => d.severity === 'error')) return { value: null, diagnostics };
  const runFor = (filled.runFor as number | undefined) ?? s.duration ?? 60;
  return { value: { ...(filled as unknown as Exercise), scenario: s, runFor }, diagnostics };
}
