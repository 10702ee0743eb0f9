/**
 * The config editor as a keepalived.conf editor (issue 14 §5): keywords are highlighted, typing the
 * start of a keyword offers the keywords of the block it is in, hovering a keyword shows its default
 * and its § of the behaviour spec, blocks fold, and keepalived's message of a diagnostic is the
 * lint marker's text. The fix-the-config exercise edits its configs in the same editor.
 */
import { expect, it } from 'vitest';
import { baseUrl, screenshot, watchErrors } from './browser';
import { editorText } from './editor';
import { openHarness, useBrowser } from './panels-harness';

const browser = useBrowser();

it('highlights, completes per block, explains on hover, folds blocks and shows diagnostics in the text', async () => {
  const { page, errors } = await openHarness(browser(), 'panel=config');
  const text = page.getByTestId('config-text');
  await expect.poll(() => editorText(text)).toContain('virtual_router_id 200');
  const editor = page.locator('.cm-editor').first();

  // Highlighting: keywords of the instance are marked as keywords; the VIP inside its block is not.
  const classOf = (word: string) =>
    editor
      .locator('.cm-line span', { hasText: new RegExp(`^${word}$`) })
      .first()
      .evaluate((e) => getComputedStyle(e).fontWeight);
  expect(Number(await classOf('virtual_router_id'))).toBeGreaterThanOrEqual(600);

  // Completion in a vrrp_instance: `prio` offers priority (with its default), not global_defs' keywords.
  const original = await editorText(text);
  const line = original.split('\n').findIndex((l) => /^\s*virtual_router_id 200/.test(l));
  await text.evaluate((el, line) => {
    const v = (
      el as unknown as {
        editorView: {
          state: { doc: { line(n: number): { to: number } } };
          dispatch(t: object): void;
          focus(): void;
        };
      }
    ).editorView;
    const at = v.state.doc.line(line + 1).to;
    v.focus();
    v.dispatch({ selection: { anchor: at } });
  }, line);
  await page.keyboard.press('Enter');
  await page.keyboard.type('prio');
  const options = page.locator('.cm-tooltip-autocomplete li');
  await options.first().waitFor();
  const labels = await options.allTextContents();
  expect(labels.some((l) => l.startsWith('priority'))).toBe(true);
  expect(labels.some((l) => l.includes('vrrp_priority'))).toBe(false);
  await screenshot(page, 'panels-config-completion');
  await page.keyboard.press('Enter');
  await expect.poll(() => editorText(text)).toMatch(/virtual_router_id 200\n\s*priority\n/);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect.poll(() => editorText(text)).toBe(original);

  // Hover help: the keyword's meaning, its default and its section of docs/vrrp-behaviour.md.
  await editor
    .locator('.cm-line span', { hasText: /^priority$/ })
    .first()
    .hover();
  const tip = page.locator('.cm-keyword-help');
  await tip.waitFor();
  expect(await tip.textContent()).toMatch(/priority.*Default: 100 \(255 with state MASTER\)\..*§7\.4/);
  await screenshot(page, 'panels-config-hover');
  await page.mouse.move(0, 0);

  // Folding: the first vrrp_instance block folds to one line and opens again.
  const lines = await editor.locator('.cm-line').count();
  const marker = editor.locator('.cm-foldGutter span[title="Fold line"] >> visible=true').first();
  await marker.click();
  await editor.locator('.cm-foldPlaceholder').first().waitFor();
  expect(await editor.locator('.cm-line').count()).toBeLessThan(lines);
  await screenshot(page, 'panels-config-folded');
  await editor.locator('.cm-foldGutter span[title="Unfold line"] >> visible=true').first().click();
  await expect.poll(() => editor.locator('.cm-foldPlaceholder').count()).toBe(0);

  // A diagnostic is marked in the text with keepalived's message.
  await text.fill(original.replace(/priority\s+\d+/, 'priority 300'));
  const range = editor.locator('.cm-lintRange-warning, .cm-lintRange-error', { hasText: /^300$/ }).first();
  await range.waitFor();
  await range.hover();
  const lintTip = page.locator('.cm-tooltip-lint');
  await lintTip.waitFor();
  expect(await lintTip.textContent()).toContain(
    'Priority not valid! must be between 1 & 255. Using default 100',
  );
  await screenshot(page, 'panels-config-lint');
  expect(errors).toEqual([]);
});

it('the fix-the-config exercise edits its configs in the same editor', async () => {
  const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/exercise/weight-too-small?n=Ada`);
  const text = page.locator('[data-testid^="config-"].cm-content').first();
  await text.waitFor();
  const before = await editorText(text);
  expect(before).toContain('vrrp_instance');
  await text.fill(before.replace(/priority\s+\d+/, 'priority 0'));
  await page.locator('.cm-lintRange-warning, .cm-lintRange-error').first().waitFor();
  await screenshot(page, 'classroom-exercise-editor');
  expect(errors).toEqual([]);
  await page.close();
});
