import { expect, it } from 'vitest';
import { baseUrl, screenshot, watchErrors } from './browser';
import { openHarness, useBrowser } from './panels-harness';

const browser = useBrowser();

it('lists packets, seeks on click, shows the detail tree and highlights the field bytes', async () => {
  const { page, errors } = await openHarness(browser(), 'panel=packets&trace');
  const list = page.getByTestId('packet-list');
  await expect.poll(() => list.getAttribute('data-rows')).toBe('12');
  // The packet after the failover (001's first advert at 12.613281 s: 9 s + MDI, the 98 advert discarded).
  await page.locator('[data-packet="10"]').click();
  await expect.poll(() => page.getByTestId('harness-time').textContent()).toBe('12613281');
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

it('shows the simulated Panda packets in the app, synced with the timeline', async () => {
  const page = await browser().newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.getByRole('tab', { name: 'Packets' }).click();
  const list = page.getByTestId('packet-list');
  await expect.poll(async () => Number(await list.getAttribute('data-rows'))).toBeGreaterThan(50);
  // Keyboard: focus the list and walk it; each step seeks the whole view to that packet.
  await list.focus();
  for (let k = 0; k < 7; k++) await page.keyboard.press('ArrowDown');
  const selected = page.locator('[role="option"][aria-selected="true"]');
  const index = Number(await selected.getAttribute('data-packet'));
  const t = await page.evaluate(
    (i) =>
      (globalThis as unknown as { vrrpscope: { t: number; trace: { packets: { t: number }[] } } }).vrrpscope
        .trace.packets[i].t,
    index,
  );
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { vrrpscope: { t: number } }).vrrpscope.t))
    .toBe(t);
  await page
    .getByTestId('packet-detail')
    .locator('[data-field="vrrp.prio"], [data-field="arp.src.proto_ipv4"]')
    .first()
    .click();
  expect(await page.getByTestId('hex-view').locator('button.hl').count()).toBeGreaterThan(0);
  await screenshot(page, 'panels-packets-app');
  expect(errors).toEqual([]);
});
