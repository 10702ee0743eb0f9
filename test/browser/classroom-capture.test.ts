// A student's own capture in the app: the lab recording (captures/student/) passes in Chromium,
// and the page names the failover, the ping gap and each finding; axe finds nothing serious.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';
import { axeSeriousViolations } from './teach-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('grades the lab recording dropped into the page', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/exercise/own-capture`);
  await page.getByTestId('own-capture-file').setInputFiles('captures/student/student-ping.pcap');
  await expect
    .poll(() => page.getByTestId('result').getAttribute('data-passed'), { timeout: 30_000 })
    .toBe('true');
  const text = (await page.getByTestId('result').textContent())!.replace(/\s+/g, ' ');
  expect(text).toMatch(/gap in the pings 0\.84\d s/);
  expect(await page.locator('[data-check="icmp-new-mac"]').textContent()).toMatch(/02:00:00:00:50:12/);
  await screenshot(page, 'classroom-own-capture');
  expect(await axeSeriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});
