// A capture is a recording: the simulation-only controls (Faults, the node menu's fault items, Fork,
// Config editing) are withdrawn with an explanation while one is loaded, and come back with the
// scenario. The replay itself says only what panda.pcap shows: the advertised priority 98 at 15.5 s
// (§4.8) and "unknown" for an instance not heard yet.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl, screenshot, watchErrors } from './browser';
import { useBrowser } from './panels-harness';

const browser = useBrowser();
const READ_ONLY = 'Captures are read-only: open the Panda scenario to inject faults.';

async function seek(page: Page, s: number) {
  const input = page.getByTestId('goto');
  await input.fill(String(s));
  await input.press('Enter');
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { vrrpscope: { t: number } }).vrrpscope.t))
    .toBe(s * 1e6);
}

/** The instance row of `node` for VRID `vrid` in the topology. */
function row(page: Page, node: string, vrid: number) {
  return page
    .locator(`g.node[data-node="${node}"] g`)
    .filter({ has: page.locator('text.inst-label', { hasText: `VRID ${vrid} ` }) });
}

it('withdraws Faults, Fork, the node menu and Config editing for a capture, and restores them', async () => {
  const page = await browser().newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.getByRole('tab', { name: 'Faults' }).click();
  await expect.poll(() => page.getByTestId('fault-apply').isEnabled()).toBe(true);
  expect(await page.getByTestId('fork').isEnabled()).toBe(true);

  await page.getByRole('tab', { name: 'Capture' }).click();
  const pick = page.getByTestId('capture-bundled');
  const names = await pick.locator('option').allTextContents();
  await pick.selectOption(names.find((n) => n.startsWith('panda.pcap'))!);
  await page.getByTestId('capture-open').click();
  await page.getByTestId('capture-report').waitFor({ timeout: 60_000 });

  // What the replay shows: 192.168.3.4 advertises 98 from 14.02 s; 192.168.3.5's VRID 200 is unheard.
  await seek(page, 15.5);
  expect(await row(page, '192.168.3.4', 200).getAttribute('data-priority')).toBe('98');
  expect(await row(page, '192.168.3.4', 200).locator('text.prio').textContent()).toBe('priority 98');
  expect(await row(page, '192.168.3.5', 200).locator('text.chip-text').textContent()).toBe('unknown');

  await page.getByRole('tab', { name: 'Faults' }).click();
  await page.getByTestId('capture-read-only').waitFor();
  expect(await page.getByTestId('capture-read-only').textContent()).toContain(READ_ONLY);
  expect(await page.getByTestId('fault-apply').count()).toBe(0);
  const fork = page.getByTestId('fork');
  expect(await fork.isDisabled()).toBe(true);
  expect(await fork.getAttribute('title')).toBe(READ_ONLY);
  await screenshot(page, 'capview-capture-faults');

  await page.locator('g.node[data-node="192.168.3.4"]').click({ button: 'right' });
  const menu = page.getByRole('menu');
  await menu.waitFor();
  expect(await menu.getByRole('menuitem').count()).toBe(0);
  expect(await menu.getByTestId('menu-read-only').textContent()).toContain(READ_ONLY);
  await screenshot(page, 'capview-capture-menu');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });

  await page.getByRole('tab', { name: 'Config' }).click();
  const configNotice = page.getByRole('tabpanel').getByTestId('capture-read-only');
  await configNotice.waitFor();
  expect(await page.getByTestId('apply-config').count()).toBe(0);
  await screenshot(page, 'capview-capture-config');

  // Back to the scenario: everything is live again.
  await configNotice.getByTestId('open-panda').click();
  await page.getByTestId('apply-config').waitFor();
  await page.getByRole('tab', { name: 'Faults' }).click();
  await expect.poll(() => page.getByTestId('fault-apply').isEnabled()).toBe(true);
  expect(await page.getByTestId('fork').isEnabled()).toBe(true);
  expect(await page.getByTestId('capture-read-only').count()).toBe(0);
  await page.locator('g.node[data-node="prod-haproxy-000"]').click({ button: 'right' });
  await expect.poll(() => page.getByRole('menu').getByRole('menuitem').count()).toBeGreaterThan(0);
  await screenshot(page, 'capview-scenario-menu');
  expect(errors).toEqual([]);
});
