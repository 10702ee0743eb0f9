/** The exercise format: positioned errors for bad files, params and templates. */
import { describe, expect, it } from 'vitest';
import { drawExercise, drawParams, fill, readExercise, variantOf } from '../../../src/lib/exercises';
import { libraryFiles } from './library-files';

const base = JSON.parse(libraryFiles().find((f) => f.file.includes('nopreempt'))!.text) as Record<
  string,
  unknown
>;
const text = (o: unknown) => JSON.stringify(o, null, 2);

describe('readExercise', () => {
  it('names the line and column of an unknown field', () => {
    const r = readExercise(text({ ...base, colour: 'red' }));
    expect(r.value).toBeNull();
    const d = r.diagnostics.find((x) => x.code === 'exercise.unknown-field')!;
    expect(d.message).toMatch(/unknown field "colour"/);
    expect(d.at).toMatchObject({ line: expect.any(Number), col: 3 });
  });

  it('reports bad JSON with its position, never throws', () => {
    const r = readExercise('{\n  "id": "x",\n  "title": oops\n}');
    expect(r.value).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ code: 'exercise.json-syntax', at: { line: 3 } });
    for (const junk of ['', 'null', '[]', '42', '{"checks": [null]}'])
      expect(readExercise(junk).diagnostics.length, junk).toBeGreaterThan(0);
  });

  it('refuses unknown checks, kinds and evidence', () => {
    const r = readExercise(
      text({
        ...base,
        kind: 'essay',
        checks: [{ check: 'vibes' }, { check: 'picked-packet', address: 'x', packet: 'the-best', after: 1 }],
      }),
    );
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toContain('exercise.bad-value');
    expect(codes).toContain('exercise.unknown-check');
    expect(r.diagnostics.some((d) => /the-best/.test(d.message))).toBe(true);
  });

  it("points a drawn scenario's error and a check's bad node at the exercise text", () => {
    const bad = { ...base, checks: [{ check: 'served-by', address: '10.0.0.1', node: 'lb-9', at: 3 }] };
    const file = readExercise(text(bad));
    const r = drawExercise(file.value!, 1);
    expect(r.value).toBeNull();
    expect(r.diagnostics[0].message).toMatch(/no node named "lb-9"/);
    expect(r.diagnostics[0].at).toBeDefined();
    const scen = base.scenario as { events: unknown[] };
    const badEvent = { ...base, scenario: { ...scen, events: [{ at: 1, action: 'explode', node: 'lb-1' }] } };
    const r2 = drawExercise(readExercise(text(badEvent)).value!, 1);
    expect(r2.value).toBeNull();
    expect(r2.diagnostics[0].message).toMatch(/scenario\/events\/0\/action: unknown action "explode"/);
    expect(r2.diagnostics[0].at?.toString()).toBeDefined();
  });

  it('reports a param that uses an unknown name', () => {
    const file = readExercise(text({ ...base, params: { a: { expr: 'b + 1' } } }));
    const r = drawExercise(file.value!, 1);
    expect(r.value).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ code: 'exercise.bad-param' });
  });
});

describe('params', () => {
  it('draws within ranges, evaluates expressions in order and ties picks by index', () => {
    for (let seed = 0; seed < 200; seed++) {
      const v = drawParams(
        {
          a: { range: [10, 20] },
          t: { range: [1, 2], step: 0.1 },
          k: { range: [0, 1] },
          b: { expr: 'a * 2 - floor(t)' },
          x: { pick: ['p', 'q'], at: 'k' },
          y: { pick: ['q', 'p'], at: 'k' },
        },
        seed,
      );
      expect(v.a).toBeGreaterThanOrEqual(10);
      expect(v.a).toBeLessThanOrEqual(20);
      expect(Number.isInteger(Math.round((v.t as number) * 10))).toBe(true);
      expect(v.b).toBe((v.a as number) * 2 - Math.floor(v.t as number));
      expect(v.x).not.toBe(v.y);
    }
  });

  it('fills whole templates as numbers and inner ones as text', () => {
    expect(fill({ at: '{{a + 1}}', s: 'VIP 10.0.{{a}}.1', l: ['{{a}}'] }, { a: 5 })).toEqual({
      at: 6,
      s: 'VIP 10.0.5.1',
      l: [5],
    });
  });

  it('maps names to seeds case- and space-insensitively', () => {
    expect(variantOf('  Ada   Lovelace')).toBe(variantOf('ada lovelace'));
    expect(variantOf('Ada Lovelace')).not.toBe(variantOf('Alan Turing'));
  });
});
