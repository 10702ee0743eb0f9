/** Model comparison modulo positions, for the parse → print → parse tests. */
import type { KeepalivedConfig } from '../../../src/lib/config';

/** Drops `at` and `file` everywhere, and `undefined`-valued keys, so two parses compare by meaning. */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'at' || k === 'file' || v === undefined) continue;
      out[k] = withoutPositions(v);
    }
    return out;
  }
  return value;
}

/** The model without positions and with skipped blocks reduced to their keywords. */
export function meaning(c: KeepalivedConfig): unknown {
  return withoutPositions({ ...c, skipped: c.skipped.map((s) => s.keyword) });
}
