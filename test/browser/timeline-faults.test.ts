/**
 * Issue 6: the timeline seeks on click and zooms with its brush; the Faults panel applies any scenario
 * action at t and the run forks there (the simulator's result is what the view then shows).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors, scenarioOnceRun } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const tOf = async (page: Page) => Number(await page.getByTestId('time').getAttribute('data-t'));

async function open(page: Page): Promise<void> {
  await page.goto(baseUrl());
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
}

it('seeks where the timeline is clicked and zooms to the brushed span', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await open(page);
  const hit = page.locator('.timeline rect.hit');
  const box = (await hit.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const end = Number(await page.evaluate('vrrpscope.endUs'));
  expect(Math.abs((await tOf(page)) - end / 2)).toBeLessThan(end / 50);

  const track = (await page.locator('.timeline .overview rect.track').boundingBox())!;
  await page.mouse.move(track.x + track.width * 0.25, track.y + track.height / 2);
  await page.mouse.down();
  await page.mouse.move(track.x + track.width * 0.5, track.y + track.height / 2, { steps: 5 });
  await page.mouse.up();
  const timeline = page.locator('div.timeline[data-window-from]');
  const from = Number(await timeline.getAttribute('data-window-from'));
  const to = Number(await timeline.getAttribute('data-window-to'));
  expect(Math.abs(from - end * 0.25)).toBeLessThan(end / 50);
  expect(Math.abs(to - end * 0.5)).toBeLessThan(end / 50);
  await screenshot(page, 'timeline-zoomed');
  expect(errors).toEqual([]);
});

it('applies a fault from the Faults panel at t and shows the forked run', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await open(page);
  await page.getByTestId('goto').fill('8');
  await page.getByTestId('goto').press('Enter');
  await page.getByRole('tab', { name: 'Faults' }).click();
  await page.getByTestId('fault-action').selectOption('stop-keepalived');
  await page.getByTestId('fault-node').selectOption('prod-haproxy-000');
  await page.getByTestId('fault-apply').click();
  // The forked run comes back from the simulation worker: the scenario and trace swap when it is done.
  await scenarioOnceRun(page, 's.events.some((e) => e.at === 8 && e.action === "stop-keepalived")');
  const events = JSON.parse(await page.evaluate('JSON.stringify(vrrpscope.scenario.events)')) as {
    at: number;
    action: string;
  }[];
  expect(events.some((e) => e.at === 8 && e.action === 'stop-keepalived')).toBe(true);
  // Graceful stop: 000 sends priority 0, and 001 takes VRID 200 over after its skew time (§4).
  await page.getByTestId('next-failover').click();
  expect(await tOf(page)).toBeGreaterThan(8_000_000);
  expect(await tOf(page)).toBeLessThan(9_000_000);
  expect(await page.locator('g.vip[data-vip="192.168.3.200"]').getAttribute('data-vip-holder')).toBe(
    'prod-haproxy-001',
  );
  expect(await page.locator('g.node[data-node="prod-haproxy-000"]').getAttribute('data-daemon')).toBe(
    'stopped',
  );
  await screenshot(page, 'faults-panel-stop-keepalived');
  expect(errors).toEqual([]);
});

it('refuses a fault that does nothing with a message, and lists events with their parameters', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await open(page);
  await page.getByRole('tab', { name: 'Faults' }).click();
  const before = await page.evaluate('vrrpscope.scenario.events.length');
  // "Partition the LAN" with no side ticked would change nothing (issue 15 item 7).
  await page.getByTestId('fault-action').selectOption('partition');
  await page.getByTestId('fault-apply').click();
  await expect.poll(() => page.getByTestId('fault-refused').textContent()).toContain('two non-empty sides');
  expect(await page.evaluate('vrrpscope.scenario.events.length')).toBe(before);
  // A real one is applied and listed with its parameters.
  await page.getByTestId('fault-action').selectOption('set-loss');
  await page.getByTestId('fault-percent').fill('30');
  await page.getByTestId('fault-apply').click();
  await expect.poll(() => page.getByTestId('scenario-events').textContent()).toContain('loss 30%');
  expect(await page.getByTestId('fault-refused').count()).toBe(0);
  await screenshot(page, 'faults-panel-refusal-and-params');
  expect(errors).toEqual([]);
});
