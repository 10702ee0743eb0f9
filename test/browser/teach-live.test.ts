// Issue 7: the tutorial's live pane is the real visualiser (topology with adverts, VIP badges and ARP
// caches; timeline with failover markers), driven by the session the tutorial steers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const live = '[data-testid="story-view"]';

it('the live pane is the visualiser: adverts fly, the VIP badge moves, the timeline marks the failover', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/tutorial/5`);
  const vip = page.locator(`${live} g.vip[data-vip="192.168.3.200"]`);
  await expect.poll(() => vip.getAttribute('data-vip-holder')).toBe('prod-haproxy-000');
  // Chapter 6 plays through the takeover: the badge moves to 001 and adverts are in flight meanwhile.
  await page.keyboard.press('ArrowRight');
  let sawAdvert = false;
  await expect
    .poll(
      async () => {
        sawAdvert ||= (await page.locator(`${live} [data-packet]`).count()) > 0;
        return vip.getAttribute('data-vip-holder');
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe('prod-haproxy-001');
  expect(sawAdvert).toBe(true);
  // The topology draws the session the tutorial steers: at the chapter's end, the tutorial's clock.
  await expect
    .poll(() => page.getByTestId('tutorial-play').textContent(), { timeout: 30_000 })
    .toContain('Play');
  const clock = Number((await page.getByTestId('tutorial-time').textContent())!.replace(/[^\d.]/g, ''));
  const svgT = Number(await page.locator(`${live} svg[data-t]`).getAttribute('data-t'));
  expect(Math.abs(svgT / 1e6 - clock)).toBeLessThan(0.0005);
  // The timeline's VRID 200 lane carries the failover marker with its latency.
  const marker = page.locator(`${live} g.failover[data-failover]`, { hasText: '→ prod-haproxy-001' });
  await expect.poll(() => marker.count()).toBeGreaterThan(0);
  expect(await marker.first().textContent()).toMatch(
    /gap since prod-haproxy-000's last advert.*: \d\.\d{3} s/i,
  );
  await screenshot(page, 'teach-live-failover');
  // Chapter 7: the app servers' ARP caches, drawn in the topology, follow to 001's MAC.
  await page.keyboard.press('ArrowRight');
  await expect
    .poll(
      () =>
        page
          .locator(`${live} g.node[data-node="prod-app-000"] [data-arp-ip="192.168.3.200"]`)
          .getAttribute('data-arp-mac'),
      { timeout: 30_000 },
    )
    .toBe('bc:76:4e:05:eb:70');
  await screenshot(page, 'teach-live-arp');
  expect(errors).toEqual([]);
  await page.close();
});
