import { expect, it } from 'vitest';
import { screenshot } from './browser';
import { openHarness, useBrowser } from './panels-harness';

const browser = useBrowser();

it('lists packets, seeks on click, shows the detail tree and highlights the field bytes', async () => {
  const { page, errors } = await openHarness(browser(), 'panel=packets&trace');
  const list = page.getByTestId('packet-list');
  await expect.poll(() => list.getAttribute('data-rows')).toBe('12');
  // The packet after the failover (001's first advert at 13.613281 s).
  await page.locator('[data-packet="10"]').click();
  await expect.poll(() => page.getByTestId('harness-time').textContent()).toBe('13613281');
  await expect.poll(() => page.locator('[data-packet="10"]').getAttribute('aria-selected')).toBe('true');
  await page.locator('[data-field="vrrp.prio"]').click();
  const highlighted = page.getByTestId('hex-view').locator('button.hl');
  await expect.poll(() => highlighted.allTextContents()).toEqual(['63']);
  await screenshot(page, 'panels-packets-detail');
  // Keyboard: the next packet is the GARP.
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => page.locator('[data-packet="11"]').getAttribute('aria-selected')).toBe('true');
  // Filter by node and by kind.
  await page.getByTestId('filter-node').selectOption('prod-haproxy-001');
  await expect.poll(() => list.getAttribute('data-rows')).toBe('2');
  await page.getByLabel('arp').check();
  await expect.poll(() => list.getAttribute('data-rows')).toBe('1');
  await screenshot(page, 'panels-packets-filtered');
  expect(errors).toEqual([]);
});
