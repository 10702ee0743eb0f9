// Issue 7: axe-core reports no serious or critical violation on the main view, the tutorial and
// presenter mode.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launch, screenshot } from './browser';
import { axeSeriousViolations } from './teach-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const views: [string, string, string][] = [
  ['main view', '', '[data-chrome="full"]'],
  ['tutorial', '#/tutorial/4', '[data-testid="story-view"]'],
  ['tutorial in presenter mode', '?present#/tutorial/6', '[data-testid="story-view"]'],
  ['workbench in presenter mode', '?present', '[data-chrome="present"]'],
  ['embed mode', '?embed', '[data-chrome="embed"]'],
];

for (const [name, path, ready] of views) {
  it(`${name}: no serious or critical axe violations`, async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: scheme });
      await page.goto(`${baseUrl()}${path}`);
      await page.locator(ready).first().waitFor();
      await page.waitForTimeout(300);
      const violations = await axeSeriousViolations(page);
      if (violations.length) await screenshot(page, `teach-a11y-${name.replace(/\W+/g, '-')}-${scheme}`);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
      await page.close();
    }
  });
}

it('the Share tab: no serious or critical axe violations in its own markup', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(baseUrl());
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.getByTestId('share-button').click();
  await page.getByTestId('library-select').selectOption('unicast');
  const violations = (await axeSeriousViolations(page)).filter((v) =>
    v.nodes.some((n) => n.target.some((t) => /share|library|scenario|export/.test(t))),
  );
  expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  await page.close();
});
