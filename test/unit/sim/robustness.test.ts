/**
 * Bad input never crashes: mutated scenario JSON gives positioned diagnostics, and any config text or
 * odd scenario values still simulate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/lib/sim/index';
import { nextIpId } from '../../../src/lib/sim/packets';
import { pandaScenario, PANDA_CONFIG_000 } from '../../../src/lib/scenario/panda';
import { validateScenario } from '../../../src/lib/scenario/validate';
import { isTextPosition } from '../../../src/lib/trace/diagnostic';

const PANDA_JSON = JSON.stringify(pandaScenario(), null, 2);

describe('robustness', () => {
  it('mutated scenario JSON: never a throw; every error on text has a position inside it', () => {
    fc.assert(
      fc.property(
        fc.nat(PANDA_JSON.length - 1),
        fc.nat(40),
        fc.string({ maxLength: 8 }),
        (at, cut, insert) => {
          const text = PANDA_JSON.slice(0, at) + insert + PANDA_JSON.slice(at + cut);
          const r = validateScenario(text);
          const lines = text.split('\n').length;
          for (const d of r.diagnostics) {
            if (d.severity !== 'error' || !isTextPosition(d.at)) continue;
            expect(d.at.line).toBeGreaterThanOrEqual(1);
            expect(d.at.line).toBeLessThanOrEqual(lines);
          }
          if (r.value) simulate(r.value, { untilUs: 5_000_000 });
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });
  it('mutated keepalived.conf text still simulates (the parser reports, the nodes run what is left)', () => {
    fc.assert(
      fc.property(
        fc.nat(PANDA_CONFIG_000.length - 1),
        fc.nat(30),
        fc.string({ maxLength: 6 }),
        (at, cut, insert) => {
          const s = pandaScenario();
          s.nodes[0].config = PANDA_CONFIG_000.slice(0, at) + insert + PANDA_CONFIG_000.slice(at + cut);
          const r = simulate(s, { untilUs: 8_000_000 });
          expect(r.value.endUs).toBe(8_000_000);
        },
      ),
      { numRuns: 80, seed: 4 },
    );
  });
  it('the IP id wraps from 65535 to 1, skipping 0 (§1.1)', () => {
    expect([nextIpId(0), nextIpId(1), nextIpId(0xfffe), nextIpId(0xffff)]).toEqual([1, 2, 0xffff, 1]);
  });
});
