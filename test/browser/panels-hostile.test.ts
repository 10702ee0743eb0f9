import { expect, it } from 'vitest';
import { screenshot } from './browser';
import { openHarness, useBrowser } from './panels-harness';

const browser = useBrowser();

// Node names and instance names from configs and captures are only ever rendered as text (issue 7).
it('renders hostile names from configs and traces as text in every panel', async () => {
  const { page, errors } = await openHarness(browser(), 'panel=config&hostile');
  for (const tab of ['Config', 'Packets', 'Explain']) {
    await page.getByRole('tablist', { name: 'Side panels' }).getByRole('tab', { name: tab }).click();
    if (tab === 'Packets') await page.getByTestId('filter-node').selectOption({ index: 2 });
    if (tab === 'Explain')
      await page
        .getByTestId('explain-failovers')
        .getByRole('button', { name: /VRID 200/ })
        .first()
        .click();
    const body = await page.locator('[role="tabpanel"]').innerText();
    expect(body, tab).toContain('<img src=x onerror=');
    await screenshot(page, `panels-hostile-${tab.toLowerCase()}`);
  }
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(errors).toEqual([]);
});
