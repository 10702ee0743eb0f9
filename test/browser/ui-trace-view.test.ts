/**
 * The view renders whatever Trace it is given (loadTrace is how captures arrive): here the hand-built
 * Panda-shaped fixture, independent of the simulator. Checks the data-* state the other tests rely on.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';
import { FIXTURE_FAILOVER_US, LOST_ADVERT_US, MAC_000, MAC_001 } from '../fixtures/ui/panda-trace';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function openWithFixture(page: Page, query = ''): Promise<void> {
  await page.goto(baseUrl() + query);
  await page.waitForFunction(() => 'vrrpscope' in globalThis);
  // A string, so that vitest does not rewrite the browser-side import().
  await page.evaluate(
    `import('/test/fixtures/ui/panda-trace.ts').then((m) => vrrpscope.loadTrace(m.pandaFixtureTrace()))`,
  );
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
}

const holder = (page: Page) =>
  page.locator('g.vip[data-vip="192.168.3.200"]').getAttribute('data-vip-holder');
const arpMac = (page: Page) =>
  page.locator('g.node[data-node="app-1"] [data-arp-ip="192.168.3.200"]').getAttribute('data-arp-mac');

it('draws the trace at t and follows seeks both ways', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await openWithFixture(page);
  const seek = (t: number) =>
    page.evaluate(
      (t) => (globalThis as unknown as { vrrpscope: { seek(t: number): void } }).vrrpscope.seek(t),
      t,
    );

  await seek(22_500_000);
  expect(await holder(page)).toBe('prod-haproxy-000');
  expect(await arpMac(page)).toBe(MAC_000);
  const prio = page.locator(
    'g.node[data-node="prod-haproxy-000"] g.inst[data-instance="prod-haproxy-000/192.168.3.200"]',
  );
  expect(await prio.getAttribute('data-priority')).toBe('98');
  expect(await prio.locator('text.prio').textContent()).toBe('100 − 2 = 98: chk_haproxy failed');
  await screenshot(page, 'fixture-before-failover');

  await seek(FIXTURE_FAILOVER_US + 100_000);
  expect(await holder(page)).toBe('prod-haproxy-001');
  expect(await arpMac(page)).toBe(MAC_001);
  expect(
    await page
      .locator('g.node[data-node="prod-haproxy-001"] g.inst[data-instance="prod-haproxy-001/192.168.3.200"]')
      .getAttribute('data-state'),
  ).toBe('MASTER');
  expect(await page.locator('rect.garp').count()).toBeGreaterThan(0);
  await screenshot(page, 'fixture-after-failover');

  await seek(LOST_ADVERT_US + 150_000);
  expect(await page.locator('g.advert[data-lost="true"]').count()).toBe(1);
  await page.locator('[data-testid="theme"]').click();
  await screenshot(page, 'fixture-dark-lost-advert');
  expect(errors).toEqual([]);
});

it('shows ip addr beside ifconfig for the selected node', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await openWithFixture(page);
  await page.evaluate('vrrpscope.seek(10000000)');
  await page.locator('g.node[data-node="prod-haproxy-000"]').click();
  await page.getByRole('tab', { name: 'Node' }).click();
  expect(await page.getByTestId('ip-addr').textContent()).toContain(
    'inet 192.168.3.200/32 scope global eth2',
  );
  expect(await page.getByTestId('ifconfig').textContent()).not.toContain('192.168.3.200');
  expect(await page.getByTestId('ifconfig-hides').textContent()).toContain('192.168.3.200');
  await screenshot(page, 'fixture-node-panel');
});

it('embed and present chromes trim the view', async () => {
  const page = await browser.newPage({ viewport: { width: 800, height: 450 } });
  await openWithFixture(page, '?embed');
  await page.evaluate('vrrpscope.seek(26000000)');
  expect(await page.locator('[data-chrome="embed"]').count()).toBe(1);
  expect(await page.getByRole('tablist').count()).toBe(0);
  expect(await page.getByTestId('play').count()).toBe(1);
  await screenshot(page, 'fixture-embed');
  const present = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await openWithFixture(present, '?present');
  await present.evaluate('vrrpscope.seek(26000000)');
  expect(await present.getByTestId('play').count()).toBe(0);
  await screenshot(present, 'fixture-present');
});
