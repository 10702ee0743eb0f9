// Issue 7: the tutorial runs chapter to chapter by keyboard and its live view reaches the failover.
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

const B200 = '[data-instance="prod-haproxy-001/192.168.3.200"]';
const A200 = '[data-instance="prod-haproxy-000/192.168.3.200"]';

async function chapter(page: Page): Promise<number> {
  return Number(await page.getByTestId('tutorial').getAttribute('data-chapter'));
}

it('walks the Panda tutorial by keyboard to the failover and the failback', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/tutorial/1`);
  await page.getByTestId('story-view').waitFor();
  expect(await chapter(page)).toBe(1);
  await expect
    .poll(() => page.locator('[data-testid="story-view"] text.arp').first().textContent())
    .toBeTruthy();
  await screenshot(page, 'teach-tutorial-1-hosts');

  await page.keyboard.press('ArrowRight');
  expect(await chapter(page)).toBe(2);
  expect(page.url()).toMatch(/#\/tutorial\/2$/);
  const ipAddr = await page.getByTestId('ip-addr-prod-haproxy-000').textContent();
  const ifconfig = await page.getByTestId('ifconfig-prod-haproxy-000').textContent();
  expect(ipAddr).toContain('inet 192.168.3.200/32 scope global eth2');
  expect(ifconfig).toContain('192.168.3.4');
  expect(ifconfig).not.toContain('192.168.3.200');
  await screenshot(page, 'teach-tutorial-2-ip-addr');

  for (const n of [3, 4, 5]) {
    await page.keyboard.press('ArrowRight');
    expect(await chapter(page)).toBe(n);
  }
  // Chapter 5 answers the open question: each node is master of one VIP.
  await expect
    .poll(() => page.getByTestId('active-active').textContent())
    .toMatch(/VRID 200: master prod-haproxy-000.*VRID 201: master prod-haproxy-001/);
  await screenshot(page, 'teach-tutorial-5-active-active');

  await page.keyboard.press('ArrowRight');
  expect(await chapter(page)).toBe(6);
  // The live view plays until 001 is MASTER of VRID 200 (well after haproxy dies at 20.3 s).
  await page.locator(`${B200}[data-state="MASTER"]`).waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator(`${A200}`).getAttribute('data-state')).toBe('BACKUP');
  await expect
    .poll(() => page.getByTestId('narration').textContent())
    .toMatch(/prod-haproxy-001 became MASTER of VRID 200: prod-haproxy-001's master-down timer/);
  const t = Number((await page.getByTestId('tutorial-time').textContent())!.replace(/[^\d.]/g, ''));
  expect(t).toBeGreaterThan(22.9);
  expect(t).toBeLessThan(27.5);
  await screenshot(page, 'teach-tutorial-6-failover');

  await page.keyboard.press('ArrowRight');
  expect(await chapter(page)).toBe(7);
  // Slow motion around the takeover: the app server's ARP cache moves to 001's MAC.
  await expect
    .poll(
      () =>
        page
          .locator('g.node[data-node="prod-app-000"] [data-arp-ip="192.168.3.200"]')
          .getAttribute('data-arp-mac'),
      { timeout: 30_000 },
    )
    .toBe('bc:76:4e:05:eb:70');
  await screenshot(page, 'teach-tutorial-7-arp');

  await page.keyboard.press('ArrowRight');
  expect(await chapter(page)).toBe(8);
  await page.locator(`${A200}[data-state="MASTER"]`).waitFor({ timeout: 30_000 });
  await screenshot(page, 'teach-tutorial-8-failback');

  await page.keyboard.press('ArrowLeft');
  expect(await chapter(page)).toBe(7);
  expect(errors).toEqual([]);
  await page.close();
});

it('opens a chapter from its deep link and honours reduced motion', async () => {
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl()}#/tutorial/6`);
  await page.getByTestId('story-view').waitFor();
  expect(await chapter(page)).toBe(6);
  // Without motion the chapter jumps straight to its end: 001 already holds .200.
  await page.locator(`${B200}[data-state="MASTER"]`).waitFor({ timeout: 5_000 });
  expect(await page.getByTestId('tutorial-play').textContent()).toContain('Play');
  await context.close();
});

it('presenter mode: clicker keys, pointer, black screen, no controls', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${baseUrl()}?present#/tutorial/4`);
  await page.getByTestId('story-view').waitFor();
  expect(await page.getByRole('button', { name: 'Next →' }).count()).toBe(0);
  await page.keyboard.press('PageDown');
  expect(await chapter(page)).toBe(5);
  await page.keyboard.press('PageUp');
  expect(await chapter(page)).toBe(4);
  await page.mouse.move(400, 300);
  await screenshot(page, 'teach-presenter-4');
  await page.keyboard.press('.');
  await page.getByTestId('presenter-blank').waitFor();
  await page.keyboard.press('.');
  expect(await page.getByTestId('presenter-blank').count()).toBe(0);
  await page.close();
});
