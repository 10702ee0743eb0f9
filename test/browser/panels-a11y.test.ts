// Issue 7: axe-core reports no serious or critical violation in the side panels, each shown in the app
// with something selected (a packet and a field, an expanded failover).
import { expect, it } from 'vitest';
import { baseUrl } from './browser';
import { useBrowser } from './panels-harness';
import { axeSeriousViolations } from './teach-helpers';

const browser = useBrowser();

it('the Config, Packets, Capture and Explain tabs: no serious or critical axe violations', async () => {
  const page = await browser().newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(baseUrl());
  const found: Record<string, unknown[]> = {};
  for (const tab of ['Config', 'Packets', 'Capture', 'Explain']) {
    await page.getByRole('tab', { name: tab }).click();
    if (tab === 'Packets') {
      await page.getByLabel('vrrp').check();
      await page.locator('[role="option"]').nth(2).click();
      await page.locator('[data-field="vrrp.prio"]').click();
    }
    if (tab === 'Explain') await page.getByTestId('explain-failovers').getByRole('button').first().click();
    const violations = await axeSeriousViolations(page);
    if (violations.length) found[tab] = violations;
  }
  expect(found, JSON.stringify(found, null, 1)).toEqual({});
});
