// Issue 7: a share URL reopens the same time and state; a hostile link gives a diagnostic, not a crash.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { compressToEncodedURIComponent } from 'lz-string';
import { baseUrl, launch, screenshot, watchErrors } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function snapshot(page: Page) {
  return page.evaluate(() => ({
    t: document.querySelector('[data-testid="tutorial-time"]')?.textContent,
    chapter: document.querySelector('[data-testid="tutorial"]')?.getAttribute('data-chapter'),
    states: [...document.querySelectorAll('[data-instance]')].map(
      (e) => `${e.getAttribute('data-instance')}=${e.getAttribute('data-state')}`,
    ),
    vips: [...document.querySelectorAll('g.vip[data-vip]')].map(
      (e) => `${e.getAttribute('data-vip')}@${e.getAttribute('data-vip-holder')}`,
    ),
    arp: [...document.querySelectorAll('[data-arp-ip]')].map(
      (e) =>
        `${e.closest('g.node')?.getAttribute('data-node')}:${e.getAttribute('data-arp-ip')}=${e.getAttribute('data-arp-mac')}`,
    ),
  }));
}

it('a share link reopens the same moment and state', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/tutorial/6`);
  await page
    .locator('[data-instance="prod-haproxy-001/192.168.3.200"][data-state="MASTER"]')
    .waitFor({ timeout: 30_000 });
  // Let the chapter finish playing, so the page stands still at its end.
  await expect
    .poll(() => page.getByTestId('tutorial-play').textContent(), { timeout: 30_000 })
    .toContain('Play');
  await page.getByTestId('share-button').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#\/tutorial\/6\?share=1\.[A-Za-z0-9+\-$]+$/);
  const before = await snapshot(page);

  const again = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors2 = watchErrors(again);
  await again.goto(url);
  await again.getByTestId('story-view').waitFor();
  await expect.poll(() => snapshot(again)).toEqual(before);
  await screenshot(again, 'teach-share-reopened');
  expect(errors).toEqual([]);
  expect(errors2).toEqual([]);
  await page.close();
  await again.close();
});

it('a cut or hostile share link is refused with a message, never a crash', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/tutorial/1?share=1.N4Ig` + 'x'.repeat(30));
  await page.getByTestId('story-view').waitFor();
  const hostile = `1.${compressToEncodedURIComponent(JSON.stringify({ v: 1, scenario: { nodes: 'nope' }, t: 'x' }))}`;
  await page.goto(`${baseUrl()}#/tutorial/2?share=${hostile}`);
  await page.reload();
  await page.getByTestId('story-view').waitFor();
  await expect.poll(() => page.getByTestId('share-problems').textContent()).toContain('scenario');
  expect(errors).toEqual([]);
  await page.close();
});
