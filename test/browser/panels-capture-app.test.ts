import { expect, it } from 'vitest';
import { baseUrl, screenshot, watchErrors } from './browser';
import { useBrowser } from './panels-harness';

const browser = useBrowser();

// Issue 6: opening a recording from captures/ shows its failovers on the timeline.
it('opens a bundled recording in the app and shows its failovers on the timeline', async () => {
  const page = await browser().newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.getByRole('tab', { name: 'Capture' }).click();
  const pick = page.getByTestId('capture-bundled');
  const names = await pick.locator('option').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  await pick.selectOption(names.find((n) => n.startsWith('panda')) ?? names[0]);
  await page.getByTestId('capture-open').click();
  await page.getByTestId('capture-report').waitFor({ timeout: 60_000 });
  const reported = Number(
    (await page.getByTestId('capture-failover-count').textContent())!.replace(/\D+/g, ''),
  );
  expect(reported).toBeGreaterThan(0);
  // The report shows first; the replay is swapped in once the views have prepared it.
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { vrrpscope: { trace: { origin: { source: string } } | null } }).vrrpscope
        .trace?.origin.source === 'capture',
  );
  // The timeline now replays the capture: one failover marker per failover the analysis found.
  await expect.poll(() => page.locator('[data-failover]').count()).toBe(reported);
  await screenshot(page, 'panels-capture-app-timeline');
  // Clicking a failover in the report seeks the replay to it.
  await page.getByTestId('capture-failovers').locator('li button').first().click();
  const markers = await page
    .locator('[data-failover]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-failover'))));
  // The report lists failovers in time order: the first one is the earliest marker.
  const at = Math.min(...markers);
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { vrrpscope: { t: number } }).vrrpscope.t))
    .toBeGreaterThanOrEqual(at - 1);
  await page.getByRole('tab', { name: 'Packets' }).click();
  await page.getByTestId('packet-list').waitFor();
  expect(Number(await page.getByTestId('packet-list').getAttribute('data-rows'))).toBeGreaterThan(0);
  await screenshot(page, 'panels-capture-app-packets');
  expect(errors).toEqual([]);
});
