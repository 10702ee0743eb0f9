/**
 * Export and import of scenario JSON files (the format of src/lib/scenario/types.ts, documented in the
 * README). Import never throws: the scenario validator (src/lib/scenario/validate.ts) reports problems
 * with line and column, and the tolerant reader of share links keeps every part that has the right shape.
 */
import type { Result } from '../trace/diagnostic';
import type { Scenario } from '../scenario/types';
import { validateScenario } from '../scenario/validate';
import { JsonReader } from './read-json';
import { readScenario } from './read-scenario';
import { SHARE_LIMITS } from './state';

/** A scenario as pretty-printed JSON text (two-space indent, trailing newline). */
export function scenarioToJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/**
 * Reads scenario JSON text. `value` is null only when the text is not JSON or not a scenario at all;
 * otherwise it holds what could be read, and the validator's positioned diagnostics say what was not.
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
  const checked = validateScenario(text);
  if (checked.diagnostics.some((d) => d.code === 'scenario.json-syntax')) return checked;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return checked;
  }
  const r = new JsonReader();
  const value = readScenario(r, data, 'scenario') ?? null;
  return {
    value,
    diagnostics: value && checked.diagnostics.length === 0 ? r.diagnostics : checked.diagnostics,
  };
}
