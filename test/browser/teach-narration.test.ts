// Issue 7, accessibility: the main view narrates events in a polite live log for screen readers,
// visually hidden but in the accessibility tree.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function goTo(page: Page, seconds: number): Promise<void> {
  await page.getByTestId('goto').fill(String(seconds));
  await page.getByTestId('goto').press('Enter');
}

it('the main view narrates the takeover after haproxy is killed on prod-haproxy-000', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
  const log = page.getByRole('log', { name: 'Event narration' });
  expect(await log.getAttribute('aria-live')).toBe('polite');
  // Present for assistive technology, invisible on screen.
  const box = await log.boundingBox();
  expect(box!.width * box!.height).toBeLessThanOrEqual(1);

  await goTo(page, 10);
  expect(await log.textContent()).not.toContain('prod-haproxy-001 became MASTER of VRID 200');
  await page.locator('g.node[data-node="prod-haproxy-000"]').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Kill haproxy' }).click();
  await expect.poll(() => log.textContent()).toContain('10.000 s — haproxy killed on prod-haproxy-000');

  await goTo(page, 18);
  await expect
    .poll(() => log.locator('li').allTextContents())
    .toContainEqual(
      expect.stringMatching(
        /s — prod-haproxy-001 became MASTER of VRID 200: prod-haproxy-001's master-down timer \(3\.613 s\) expired/,
      ),
    );
  // Each fault is told once, not again as the process change it causes.
  expect(await log.textContent()).not.toContain('haproxy stopped on prod-haproxy-000');
  await screenshot(page, 'teach-narration-main-view');
  expect(errors).toEqual([]);
  await page.close();
});
