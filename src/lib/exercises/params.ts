/**
 * One variant per student: a name gives a seed, the seed draws the exercise's params (addresses,
 * VRIDs, priorities, weights, fault times), and the params fill the templates (`{{vrid}}`,
 * `{{p1 - 2}}`) of the exercise text, scenario, checks and solution. Same name ⇒ same variant.
 */
import { Rng } from '../sim/rng';
import type { ParamSpec, ParamValues } from './types';

/** Names differing only in case or spacing are the same student. */
export function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The variant seed of a student name (FNV-1a, 32 bits). */
export function variantOf(name: string): number {
  let h = 2166136261;
  for (const ch of normalizeName(name)) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h >>> 0;
}

export class ParamError extends Error {}

/** Evaluates `+ - * /`, parentheses, `floor(…)`, `ceil(…)`, numbers and param names; throws ParamError on bad input. */
export function evaluate(expr: string, values: ParamValues): number | string {
  const tokens = expr.match(/\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/()])/g);
  if (!tokens || tokens.join('').replace(/\s+/g, '') !== expr.replace(/\s+/g, ''))
    throw new ParamError(`cannot read "${expr}"`);
  const ts = tokens.map((t) => t.trim());
  let i = 0;
  const atom = (): number | string => {
    const t = ts[i++];
    if (t === undefined) throw new ParamError(`"${expr}" ends too early`);
    if (t === '(') {
      const v = sum();
      if (ts[i++] !== ')') throw new ParamError(`")" missing in "${expr}"`);
      return v;
    }
    if (t === '-') return -num(atom());
    if (/^\d/.test(t)) return Number(t);
    if ((t === 'floor' || t === 'ceil') && ts[i] === '(') {
      i++;
      const v = num(sum());
      if (ts[i++] !== ')') throw new ParamError(`")" missing in "${expr}"`);
      // Rounded first so that 22.000000001 from float sums is still 22.
      const r = Math.round(v * 1e6) / 1e6;
      return t === 'floor' ? Math.floor(r) : Math.ceil(r);
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (!(t in values)) throw new ParamError(`unknown param "${t}"`);
      return values[t];
    }
    throw new ParamError(`unexpected "${t}" in "${expr}"`);
  };
  const num = (v: number | string): number => {
    if (typeof v !== 'number') throw new ParamError(`"${v}" is not a number in "${expr}"`);
    return v;
  };
  const product = (): number | string => {
    let v = atom();
    while (ts[i] === '*' || ts[i] === '/') {
      const op = ts[i++];
      const r = num(atom());
      v = op === '*' ? num(v) * r : num(v) / r;
    }
    return v;
  };
  const sum = (): number | string => {
    let v = product();
    while (ts[i] === '+' || ts[i] === '-') {
      const op = ts[i++];
      const r = num(product());
      v = op === '+' ? num(v) + r : num(v) - r;
    }
    return v;
  };
  const v = sum();
  if (i !== ts.length) throw new ParamError(`unexpected "${ts[i]}" in "${expr}"`);
  // Decimal params (fault times) keep 6 digits, as µs do.
  return typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v;
}

/** Draws every param in declaration order (an expression may use the params above it). */
export function drawParams(specs: Record<string, ParamSpec>, seed: number): ParamValues {
  const rng = new Rng(seed);
  const values: ParamValues = {};
  for (const [name, spec] of Object.entries(specs)) {
    if ('range' in spec) {
      const [lo, hi] = spec.range;
      const step = spec.step ?? 1;
      const n = Math.floor((hi - lo) / step) + 1;
      values[name] = Math.round((lo + Math.floor(rng.next() * n) * step) * 1e6) / 1e6;
    } else if ('pick' in spec) {
      // `at` ties picks together: every pick with the same index param chooses the same position.
      const index =
        spec.at !== undefined ? Number(values[spec.at]) : Math.floor(rng.next() * spec.pick.length);
      const chosen = spec.pick[index];
      if (chosen === undefined) throw new ParamError(`"${name}": no item ${index} to pick`);
      values[name] = chosen;
    } else values[name] = evaluate(spec.expr, values);
  }
  return values;
}

const TEMPLATE = /\{\{([^{}]+)\}\}/g;

/**
 * Fills the templates of a JSON value: a string that is one template becomes its value (a number
 * stays a number); templates inside longer strings become text.
 */
export function fill<T>(value: T, values: ParamValues): T {
  if (typeof value === 'string') {
    const whole = /^\{\{([^{}]+)\}\}$/.exec(value);
    if (whole) return evaluate(whole[1], values) as T;
    return value.replace(TEMPLATE, (_, e: string) => String(evaluate(e, values))) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => fill(v, values)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)])) as T;
  return value;
}
