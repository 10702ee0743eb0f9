/**
 * Small typed readers over untrusted JSON values. Each reader returns the value when it has the right
 * shape, and otherwise records a diagnostic naming the JSON path and returns undefined, so a decoder
 * can keep whatever could be read (docs/style.md §10).
 */
import type { Diagnostic, Severity } from '../trace/diagnostic';
import { SHARE_LIMITS } from './state';

/** Keys that would reach Object.prototype if copied into a plain object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class JsonReader {
  readonly diagnostics: Diagnostic[] = [];

  report(severity: Severity, code: string, path: string, message: string): void {
    this.diagnostics.push({ code, severity, message: `${path}: ${message}` });
  }

  isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  }

  object(v: unknown, path: string, severity: Severity = 'warning'): Record<string, unknown> | undefined {
    if (this.isObject(v)) return v;
    if (v !== undefined) this.report(severity, 'share.bad-type', path, 'expected an object; ignored');
    return undefined;
  }

  string(v: unknown, path: string, maxChars: number = SHARE_LIMITS.maxShortString): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      this.report('warning', 'share.bad-type', path, 'expected a string; ignored');
      return undefined;
    }
    if (v.length > maxChars) {
      this.report('warning', 'share.too-long', path, `longer than ${maxChars} characters; ignored`);
      return undefined;
    }
    return v;
  }

  /** A finite number in [min, max]; `integer` also requires an integer. */
  number(v: unknown, path: string, min: number, max: number, integer = false): number | undefined {
    if (v === undefined) return undefined;
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      v >= min &&
      v <= max &&
      (!integer || Number.isInteger(v));
    if (!ok) {
      const want = integer ? `an integer in ${min}..${max}` : `a number in ${min}..${max}`;
      this.report('warning', 'share.bad-value', path, `expected ${want}; ignored`);
      return undefined;
    }
    return v;
  }

  boolean(v: unknown, path: string): boolean | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.report('warning', 'share.bad-type', path, 'expected true or false; ignored');
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (v === undefined) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.report('warning', 'share.bad-value', path, `expected one of ${allowed.join(', ')}; ignored`);
    return undefined;
  }

  /** An array of items read one by one; bad items are dropped. */
  array<T>(
    v: unknown,
    path: string,
    max: number,
    item: (x: unknown, path: string) => T | undefined,
  ): T[] | undefined {
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.report('warning', 'share.bad-type', path, 'expected a list; ignored');
      return undefined;
    }
    if (v.length > max)
      this.report('warning', 'share.too-many', path, `more than ${max} entries; the rest ignored`);
    const out: T[] = [];
    v.slice(0, max).forEach((x, i) => {
      const r = item(x, `${path}[${i}]`);
      if (r !== undefined) out.push(r);
    });
    return out;
  }

  /** A string-keyed map read into a fresh plain object; prototype keys are refused. */
  record<T>(
    v: unknown,
    path: string,
    value: (x: unknown, path: string) => T | undefined,
  ): Record<string, T> | undefined {
    const obj = this.object(v, path);
    if (!obj) return undefined;
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(obj).slice(0, SHARE_LIMITS.maxNodes * 4)) {
      if (FORBIDDEN_KEYS.has(k) || k.length > SHARE_LIMITS.maxShortString) {
        this.report('warning', 'share.bad-key', path, `key ${JSON.stringify(k.slice(0, 40))} refused`);
        continue;
      }
      const r = value(x, `${path}.${k}`);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }

  /** Reports keys of `obj` outside `known` (once per object) as info: newer writers may add fields. */
  unknownKeys(obj: Record<string, unknown>, path: string, known: readonly string[]): void {
    const extra = Object.keys(obj).filter((k) => !known.includes(k));
    if (extra.length > 0) {
      const names = extra.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40)));
      this.report('info', 'share.unknown-field', path, `unknown field(s) ${names.join(', ')} ignored`);
    }
  }
}
