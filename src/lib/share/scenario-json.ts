/**
 * Export and import of scenario JSON files (the format of src/lib/scenario/types.ts, documented in the
 * README). Import reads untrusted text with the same checks as share URLs and never throws.
 */
import type { Result } from '../trace/diagnostic';
import type { Scenario } from '../scenario/types';
import { JsonReader } from './read-json';
import { readScenario } from './read-scenario';
import { SHARE_LIMITS } from './state';

/** A scenario as pretty-printed JSON text (two-space indent, trailing newline). */
export function scenarioToJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/**
 * Reads scenario JSON text. A JSON syntax error is reported with its line and column when the engine
 * gives a character offset; bad parts of a valid document are dropped with warnings.
 */
export function scenarioFromJson(text: string): Result<Scenario | null> {
  if (text.length > SHARE_LIMITS.maxJsonChars) {
    return {
      value: null,
      diagnostics: [
        {
          code: 'scenario.too-large',
          severity: 'error',
          message: `the file has ${text.length} characters; at most ${SHARE_LIMITS.maxJsonChars} are read`,
        },
      ],
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const offset = /position (\d+)/.exec(String(e))?.[1];
    const at = offset === undefined ? undefined : textPositionAt(text, Number(offset));
    return {
      value: null,
      diagnostics: [
        { code: 'scenario.bad-json', severity: 'error', message: 'not valid JSON', ...(at ? { at } : {}) },
      ],
    };
  }
  const r = new JsonReader();
  const value = readScenario(r, data, 'scenario') ?? null;
  return { value, diagnostics: r.diagnostics };
}

function textPositionAt(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const col = before[before.length - 1].length + 1;
  return { line, col, endLine: line, endCol: col + 1 };
}
