/**
 * Every exercise of the library, for several students: the checks fail on the starting state (no
 * answer, the starting configs) and pass on the model solution, run by the real simulator.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/lib/sim/run';
import {
  drawExercise,
  EXERCISE_KINDS,
  grade,
  modelAnswer,
  readExercise,
  variantOf,
  type Exercise,
} from '../../../src/lib/exercises';
import { libraryFiles } from './library-files';

const STUDENTS = ['', 'Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'];

const files = libraryFiles();

function draw(text: string, name: string): Exercise {
  const file = readExercise(text);
  expect(file.diagnostics).toEqual([]);
  const ex = drawExercise(file.value!, variantOf(name));
  expect(ex.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  return ex.value!;
}

describe('the exercise library', () => {
  it('has at least 12 exercises of every kind and level, with unique ids', () => {
    const all = files.map((f) => draw(f.text, ''));
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const kind of EXERCISE_KINDS)
      expect(
        all.some((e) => e.kind === kind),
        kind,
      ).toBe(true);
    for (const level of ['beginner', 'intermediate', 'advanced'])
      expect(
        all.some((e) => e.level === level),
        level,
      ).toBe(true);
  });

  for (const { file, text } of files)
    describe(file, () => {
      for (const name of STUDENTS)
        it(`fails on the starting state and passes on the model solution (student "${name}")`, () => {
          const ex = draw(text, name);
          const start = grade(ex, {}, simulate);
          expect(start.passed, start.results.map((r) => r.message).join('; ')).toBe(false);
          const model = grade(ex, modelAnswer(ex, start.trace), simulate);
          expect(model.passed, model.results.map((r) => r.message).join('; ')).toBe(true);
          expect(model.score).toBe(100);
        });
    });

  it('gives students different variants, and the same student the same one', () => {
    for (const { text } of files) {
      const drawn = STUDENTS.slice(1).map((n) => JSON.stringify(draw(text, n).scenario));
      expect(new Set(drawn).size, 'variants').toBeGreaterThan(1);
      expect(JSON.stringify(draw(text, ' ada  LOVELACE ').scenario)).toBe(
        JSON.stringify(draw(text, 'Ada Lovelace').scenario),
      );
    }
  });

  it("a student's wrong answer fails, and another student's answer does not carry over", () => {
    const text = files.find((f) => f.file.includes('panda-time'))!.text;
    const ada = draw(text, 'Ada Lovelace');
    const alan = draw(text, 'Alan Turing');
    const adaAnswer = modelAnswer(ada, null);
    expect(grade(ada, adaAnswer, simulate).passed).toBe(true);
    expect(grade(alan, adaAnswer, simulate).passed).toBe(false);
    expect(grade(ada, { time: adaAnswer.time! + 0.2 }, simulate).passed).toBe(false);
  });

  it('explains the takeover with the cause model', () => {
    const ex = draw(files.find((f) => f.file.includes('panda-weights'))!.text, '');
    const g = grade(ex, modelAnswer(ex, null), simulate);
    expect(g.explanation).toMatch(
      /chk_haproxy failed on prod-haproxy-000 \(priority \d+ → \d+\); then prod-haproxy-001's master-down timer/i,
    );
    expect(g.explanation).toMatch(/discards without resetting its timer/);
  });

  it('hints cost points', () => {
    const ex = draw(files.find((f) => f.file.includes('panda-weights'))!.text, '');
    expect(grade(ex, modelAnswer(ex, null), simulate, 1).score).toBe(100 - ex.hints[0].cost);
    expect(grade(ex, modelAnswer(ex, null), simulate, 2).score).toBe(
      100 - ex.hints[0].cost - ex.hints[1].cost,
    );
  });

  it('a student config that keepalived refuses fails every check with its diagnostics', () => {
    const ex = draw(files.find((f) => f.file.includes('weight-too-small'))!.text, 'Ada');
    const g = grade(
      ex,
      { configs: { 'prod-haproxy-000': 'vrrp_instance X {\n  interface eth2\n}\n' } },
      simulate,
    );
    expect(g.passed).toBe(false);
    expect(g.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
