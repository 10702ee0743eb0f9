import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../shared-path';
import { screenshot } from './browser';
import { dropServedFile, openHarness, servedPath, useBrowser } from './panels-harness';

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

it("renders hostile names given to a capture's nodes as text", async () => {
  const { page, errors } = await openHarness(browser(), 'panel=capture&empty');
  const hostile = '<img/src=x/onerror=window.__xss=3>';
  await page.getByText('Name nodes from a hosts file').click();
  await page.getByLabel('Hosts file').fill(`192.168.0.30 ${hostile}\n192.168.0.10 core-1`);
  await dropServedFile(
    page,
    servedPath('failover.pcap', readFileSync(sharedPath('captures/public/packetlife-VRRP_failover.pcap'))),
    'failover.pcap',
  );
  await page.getByTestId('capture-report').waitFor();
  expect(await page.getByTestId('capture-failovers').innerText()).toContain(hostile);
  for (const tab of ['Packets', 'Explain']) {
    await page.getByRole('tablist', { name: 'Side panels' }).getByRole('tab', { name: tab }).click();
    if (tab === 'Explain') await page.getByTestId('explain-failovers').getByRole('button').first().click();
    expect(await page.locator('[role="tabpanel"]').innerText(), tab).toContain(hostile);
    await screenshot(page, `panels-hostile-capture-${tab.toLowerCase()}`);
  }
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(errors).toEqual([]);
});
