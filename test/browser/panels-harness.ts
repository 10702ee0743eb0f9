/**
 * Opens the side-panel harness page (test/browser/harness/panels.html) in a fresh page.
 */
import type { Browser, Page } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
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

/**
 * Drops a capture onto the Capture panel, as a user dragging a file would: the file (written under
 * test-results/, which the dev server serves) is fetched by the page and dropped as a File.
 * (Playwright's setInputFiles builds large files in page script, which would itself be a long task.)
 */
export async function dropServedFile(page: Page, path: string, name: string) {
  const url = `${baseUrl()}${path}`;
  await page.evaluate(
    async ({ url, file }) => {
      const blob = await (await fetch(url)).blob();
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], file));
      document
        .querySelector('[aria-label="Drop a capture here"]')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { url, file: name },
  );
}

/** Writes `bytes` where the dev server serves them (test-results/panels/NAME); returns that path. */
export function servedPath(name: string, bytes?: Uint8Array): string {
  mkdirSync('test-results/panels', { recursive: true });
  const path = `test-results/panels/${name}`;
  if (bytes) writeFileSync(path, bytes);
  return path;
}
