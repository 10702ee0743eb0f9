// The classroom in Chromium: a student's variant from their link, an exercise answered and checked,
// the completion code verified on the teacher's page (and a tampered one refused), CSV export,
// and no serious or critical axe violation on the exercise pages and the teacher view.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';
import { axeSeriousViolations } from './teach-helpers';
import { drawExercise, evidencePacket, readExercise, variantOf } from '../../src/lib/exercises';
import { simulate } from '../../src/lib/sim/run';
import { US_PER_S } from '../../src/lib/trace/time';
import { libraryFiles } from '../unit/exercises/library-files';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function teacherWithSheet(page: Page, exercise: string, names: string[]): Promise<string[]> {
  await page.goto(`${baseUrl()}?teacher`);
  await page.getByTestId('create-class').click();
  await page.getByTestId('sheet-exercise').selectOption(exercise);
  await page.getByTestId('sheet-names').fill(names.join('\n'));
  await page.getByTestId('make-sheet').click();
  await page
    .locator('[data-testid="sheet"] tbody tr')
    .nth(names.length - 1)
    .waitFor();
  return page
    .locator('[data-testid="sheet"] tbody tr input')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
}

it('a student answers from their link, and the teacher verifies the code and refuses a tampered one', async () => {
  const teacher = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(teacher);
  const [link] = await teacherWithSheet(teacher, 'nopreempt', ['Ada Lovelace']);
  expect(link).toMatch(/#\/exercise\/nopreempt\?n=Ada\+Lovelace&k=/);
  const answer = await teacher.locator('[data-testid="sheet"] tbody tr td').nth(2).textContent();
  expect(answer).toMatch(/^lb-2/);

  const student = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  errors.push(...watchErrors(student));
  await student.goto(link);
  await student.getByTestId('task').waitFor();
  // A wrong prediction fails, with what the run shows.
  await student.getByRole('radio', { name: 'lb-1' }).check();
  await student.getByTestId('check').click();
  await expect.poll(() => student.getByTestId('result').getAttribute('data-passed')).toBe('false');
  expect(await student.getByTestId('result').textContent()).toMatch(/is on lb-2/);
  // One hint, then the right answer: passed, 75 points, a code and the cause model's explanation.
  await student.getByTestId('hint').click();
  await student.getByRole('radio', { name: 'lb-2' }).check();
  await student.getByTestId('check').click();
  await expect.poll(() => student.getByTestId('result').getAttribute('data-passed')).toBe('true');
  expect(await student.getByTestId('explanation').textContent()).toMatch(/priority 0/);
  const code = (await student.getByTestId('completion-code').textContent())!.trim();
  await screenshot(student, 'classroom-exercise-passed');

  const [prefix, payload, mac] = code.split('.');
  const fields = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown[];
  fields[3] = 100;
  const tampered = `${prefix}.${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`;
  await teacher.getByTestId('codes').fill(`${code}\n${tampered}`);
  await teacher.getByTestId('verify').click();
  const rows = teacher.locator('[data-testid="codes-table"] tbody tr');
  await rows.nth(1).waitFor();
  expect(await rows.nth(0).textContent()).toMatch(/Ada Lovelace.*nopreempt.*75.*yes/);
  expect(await rows.nth(1).textContent()).toMatch(/refused: the signature does not match/);
  const download = teacher.waitForEvent('download');
  await teacher.getByTestId('csv').click();
  const csv = await (await download).createReadStream().then(
    (s) =>
      new Promise<string>((resolve) => {
        let text = '';
        s.on('data', (d: Buffer) => (text += d.toString()));
        s.on('end', () => resolve(text));
      }),
  );
  expect(csv.split('\r\n')[1]).toMatch(/^Ada Lovelace,nopreempt,\d+,75,1,.*,yes,$/);
  await screenshot(teacher, 'classroom-teacher');
  expect(errors).toEqual([]);
  await student.close();
  await teacher.close();
});

it('find the evidence: the packet picked in the list is the answer', async () => {
  // The packet the check wants, from the same variant run in Node (same scenario ⇒ same trace).
  const file = readExercise(libraryFiles().find((f) => f.file.includes('graceful-stop'))!.text).value!;
  const ex = drawExercise(file, variantOf('Grace Hopper')).value!;
  const run = simulate(ex.scenario, { untilUs: ex.runFor * US_PER_S }).value;
  const want = evidencePacket(
    run,
    ex.checks[0].check === 'picked-packet' ? ex.checks[0].address : '',
    'priority-zero-advert',
    0,
  )!;

  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${baseUrl()}#/exercise/graceful-stop?n=Grace%20Hopper`);
  await page.getByTestId('task').waitFor();
  // A wrong packet first: the advert just before it (once the exercise's run, off the main thread, is shown).
  // The run may not have been asked for yet when the page is up: seek again until its packets are listed.
  const wrong = page.locator(`[data-packet="${want.index - 1}"]`);
  await expect
    .poll(
      async () => {
        await page.evaluate(async (t) => {
          const s = (
            globalThis as unknown as { vrrpscope: { seek(t: number): void; settled(): Promise<void> } }
          ).vrrpscope;
          await s.settled();
          s.seek(t);
        }, want.t);
        return wrong.count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  await wrong.click();
  await page.getByTestId('check').click();
  await expect.poll(() => page.getByTestId('result').getAttribute('data-passed')).toBe('false');
  await page.locator(`[data-packet="${want.index}"]`).click();
  expect(await page.getByTestId('picked').textContent()).toContain(`packet ${want.index + 1}`);
  await page.getByTestId('check').click();
  await expect.poll(() => page.getByTestId('result').getAttribute('data-passed')).toBe('true');
  await screenshot(page, 'classroom-find-evidence');
  await page.close();
});

for (const [name, path] of [
  ['exercise list', '#/exercises'],
  ['a predict exercise', '#/exercise/panda-weights?n=Ada'],
  ['a fix-the-config exercise', '#/exercise/weight-too-small?n=Ada'],
  ['a diagnose exercise', '#/exercise/split-brain-multicast?n=Ada'],
  ['the teacher view', '?teacher#k=AAAAAAAAAAAAAAAAAAAAAA'],
] as const)
  it(`${name}: no serious or critical axe violations`, async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: scheme });
      await page.goto(`${baseUrl()}${path}`);
      await page
        .locator('[data-testid="exercise"], [data-testid="exercise-list"], [data-testid="teacher"]')
        .first()
        .waitFor();
      await page.waitForTimeout(300);
      const violations = await axeSeriousViolations(page);
      if (violations.length) await screenshot(page, `classroom-a11y-${name.replace(/\W+/g, '-')}-${scheme}`);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
      await page.close();
    }
  });
