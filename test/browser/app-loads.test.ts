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

it('the app loads on the Panda scenario with no console errors', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  for (const node of ['prod-haproxy-000', 'prod-haproxy-001'])
    await page.locator(`g.node[data-node="${node}"]`).waitFor();
  expect(await page.locator('g.node[data-role="server"]').count()).toBe(3);
  expect(await page.locator('g.vip[data-vip="192.168.3.200"]').count()).toBe(1);
  await screenshot(page, 'app-loads');
  expect(errors).toEqual([]);
});
