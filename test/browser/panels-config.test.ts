import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, screenshot } from './browser';
import { openHarness } from './panels-harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('edits a config with live positioned diagnostics, jumps to them, applies, adds and removes nodes', async () => {
  const { page, errors } = await openHarness(browser, 'panel=config');
  const text = page.getByTestId('config-text');
  await expect.poll(() => text.inputValue()).toContain('priority 100');
  // An out-of-range priority on line 11 (§7: keepalived reports it and uses 100).
  const edited = (await text.inputValue()).replace('priority 100', 'priority 300');
  await text.fill(edited);
  const diag = page.getByTestId('diagnostics').locator('button[data-line="11"]');
  await diag.first().waitFor();
  await expect
    .poll(() => page.locator('.gutter [data-line="11"]').getAttribute('class'))
    .toMatch(/error|warning/);
  await text.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
  await diag.first().click();
  const lineStart = edited.split('\n').slice(0, 10).join('\n').length + 1;
  const selection = await text.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd]);
  expect(selection[0]).toBeGreaterThanOrEqual(lineStart);
  expect(selection[0]).toBeLessThan(lineStart + 'priority 300'.length + 2);
  await screenshot(page, 'panels-config-diagnostic');

  await page.getByTestId('apply-config').click();
  const applied = await page.evaluate(() => {
    const s = (window as unknown as { __session: { applied: { nodes: { config: string }[] }[] } }).__session;
    return s.applied.map((a) => a.nodes[0].config.includes('priority 300'));
  });
  expect(applied).toEqual([true]);

  await page.getByTestId('add-node').click();
  await expect
    .poll(() => page.getByRole('tab', { name: 'node-3' }).getAttribute('aria-selected'))
    .toBe('true');
  await page.getByTestId('remove-node').click();
  await expect.poll(() => page.getByRole('tablist', { name: 'Nodes' }).getByRole('tab').count()).toBe(2);
  expect(errors).toEqual([]);
});
