/**
 * Opens the side-panel harness page (test/browser/harness/panels.html) in a fresh page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { baseUrl, launch, watchErrors } from './browser';

export async function openHarness(
  browser: Browser,
  query: string,
  viewport = { width: 520, height: 900 },
  before?: (page: Page) => Promise<void>,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors = watchErrors(page);
  await before?.(page);
  await page.goto(`${baseUrl()}test/browser/harness/panels.html?${query}`);
  await page.getByRole('tablist', { name: 'Side panels' }).waitFor();
  return { page, errors };
}

/** One Chromium for the tests of a file, launched before them and closed after. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}
