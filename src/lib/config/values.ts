/**
 * Value readers with keepalived's messages (docs/vrrp-behaviour.md §7.1): numbers out of range give
 * "number 'X' outside range [a, b]", non-numbers "invalid number 'abc'"; the caller then reports what it
 * does instead. Readers return undefined for a value keepalived would not accept.
 */
import type { Diagnostic, Severity, TextPosition } from '../trace/diagnostic';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import type { Token } from './lexer';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(code: string, severity: Severity, message: string, at: TextPosition, hint?: string): void {
    this.diagnostics.push(hint ? { code, severity, message, at, hint } : { code, severity, message, at });
  }

  /** The value token of a keyword line, or a diagnostic at the keyword when it is missing. */
  arg(s: Stmt, index = 0): Token | undefined {
    const t = s.args[index];
    if (!t)
      this.report(
        'config.missing-value',
        'warning',
        `${s.keyword.text}: missing value - ignoring`,
        lineSpan(s),
      );
    return t;
  }

  /** An integer in [min, max]; reports and returns undefined otherwise. */
  int(t: Token, min: number, max: number): number | undefined {
    return this.number(t, /^[-+]?\d+$/, min, max, `[${min}, ${max}]`);
  }

  /** A decimal in [min, max] (keepalived prints the bounds with %f). */
  decimal(t: Token, min: number, max: number): number | undefined {
    return this.number(t, /^[-+]?(\d+\.?\d*|\.\d+)$/, min, max, `[${min.toFixed(6)}, ${max.toFixed(6)}]`);
  }

  private number(t: Token, syntax: RegExp, min: number, max: number, range: string): number | undefined {
    if (!syntax.test(t.text)) {
      this.report('config.invalid-number', 'warning', `invalid number '${t.text}'`, t.at);
      return undefined;
    }
    const n = Number(t.text);
    // keepalived reads a non-negative keyword with its unsigned reader, which refuses a sign first.
    if (min >= 0 && t.text.startsWith('-')) {
      this.report('config.number-range', 'warning', `negative number '${t.text}'`, t.at);
      return undefined;
    }
    if (n < min || n > max) {
      this.report('config.number-range', 'warning', `number '${t.text}' outside range ${range}`, t.at);
      return undefined;
    }
    return n;
  }

  /** `on|off|true|false|yes|no`; a bare keyword means true (`check_true_false()`); else the keyword is ignored. */
  bool(s: Stmt, owner?: string): boolean | undefined {
    const t = s.args[0];
    if (!t) return true;
    const v = TRUE_FALSE[t.text];
    if (v === undefined)
      this.report(
        'config.invalid-bool',
        'warning',
        `${owner ? `(${owner}) ` : ''}invalid ${s.keyword.text} ${t.text} specified`,
        t.at,
        'Use on|off|true|false|yes|no.',
      );
    return v;
  }
}

const TRUE_FALSE: Record<string, boolean> = {
  on: true,
  true: true,
  yes: true,
  off: false,
  false: false,
  no: false,
};

/** Joins a statement's values back into one command line (`script`, `notify*`). */
export function joinArgs(s: Stmt): string {
  return s.args.map((t) => t.text).join(' ');
}
