/**
 * Issue 6: everything works from the keyboard alone. Tab to a node, open its menu with the menu key,
 * kill haproxy, jump to the failover, step back, play and pause; focus is always visible.
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
const holder = (page: Page) =>
  page.locator('g.vip[data-vip="192.168.3.200"]').getAttribute('data-vip-holder');
const focused = (page: Page) =>
  page.evaluate(
    'document.activeElement?.getAttribute("data-node") ?? document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName',
  );

/** Presses Tab until the focused element matches a CSS selector (at most 60 times). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let k = 0; k < 60; k++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

it('drives the failover from the keyboard alone', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();

  await tabTo(page, '[data-testid="goto"]');
  await page.keyboard.type('10');
  await page.keyboard.press('Enter');
  expect(await tOf(page)).toBe(10_000_000);

  await tabTo(page, 'g.node[data-node="prod-haproxy-000"]');
  const outline = await page.evaluate(
    'getComputedStyle(document.activeElement.querySelector("rect.box")).strokeWidth',
  );
  expect(outline).toBe('4px');
  expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe(
    'prod-haproxy-000: keepalived running, MASTER of VRID 200 · 192.168.3.200 (priority 100), BACKUP of VRID 201 · 192.168.3.201 (priority 99)',
  );
  await screenshot(page, 'keyboard-01-node-focused');
  await page.keyboard.press('ContextMenu');
  const menu = page.getByRole('menu');
  await menu.waitFor();
  for (let k = 0; k < 10; k++) {
    const label = await page.evaluate('document.activeElement?.textContent');
    if (label === 'Kill haproxy') break;
    await page.keyboard.press('ArrowDown');
  }
  await screenshot(page, 'keyboard-02-menu');
  await page.keyboard.press('Enter');
  expect(await menu.count()).toBe(0);
  expect(await focused(page)).toBe('prod-haproxy-000');
  // The run with the kill comes back from the simulation worker; F looks for failovers in it.
  await scenarioOnceRun(page, 's.events.some((e) => e.at === 10)');

  await page.evaluate('document.activeElement?.blur()');
  await page.keyboard.press('f');
  const failoverAt = await tOf(page);
  expect(failoverAt).toBeGreaterThan(10_000_000);
  // F lands on 001's entry into MASTER; the clients follow a few events later, with its GARP.
  let fwd = 0;
  while (fwd < 10 && (await holder(page)) !== 'prod-haproxy-001') {
    await page.keyboard.press('ArrowRight');
    fwd++;
  }
  expect(await holder(page)).toBe('prod-haproxy-001');
  expect(await tOf(page)).toBeGreaterThan(failoverAt);
  for (let k = 0; k < fwd; k++) await page.keyboard.press('ArrowLeft');
  expect(await tOf(page)).toBe(failoverAt);
  expect(await holder(page)).toBe('prod-haproxy-000');

  await page.keyboard.press(' ');
  await expect.poll(() => tOf(page)).toBeGreaterThan(failoverAt);
  await page.keyboard.press(' ');
  const paused = await tOf(page);
  await page.waitForTimeout(200);
  expect(await tOf(page)).toBe(paused);

  // The side panel's tabs: Node shows ip addr with the VIP as a /32 secondary, ifconfig without it.
  await tabTo(page, '[role="tab"]');
  while (!(await page.evaluate('document.activeElement?.textContent === "Node"')))
    await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.getByTestId('ip-addr').count()).toBe(1);
  await screenshot(page, 'keyboard-03-node-panel');
  expect(errors).toEqual([]);
});
