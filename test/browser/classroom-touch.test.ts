// Touch in the tutorial: a horizontal swipe over the chapter text changes chapter; a vertical one does not.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function swipe(page: Page, dx: number, dy: number) {
  await page.getByTestId('chapter-article').evaluate(
    (el, [dx, dy]) => {
      const at = (type: string, x: number, y: number) =>
        el.dispatchEvent(
          new PointerEvent(type, { pointerType: 'touch', clientX: x, clientY: y, bubbles: true }),
        );
      at('pointerdown', 200, 300);
      at('pointerup', 200 + dx, 300 + dy);
    },
    [dx, dy],
  );
}

it('swipes between chapters at phone size', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await page.goto(`${baseUrl()}#/tutorial/3`);
  const tutorial = page.getByTestId('tutorial');
  await expect.poll(() => tutorial.getAttribute('data-chapter')).toBe('3');
  await swipe(page, -150, 10);
  await expect.poll(() => tutorial.getAttribute('data-chapter')).toBe('4');
  await swipe(page, 150, -5);
  await expect.poll(() => tutorial.getAttribute('data-chapter')).toBe('3');
  await swipe(page, 20, 200);
  await page.waitForTimeout(200);
  expect(await tutorial.getAttribute('data-chapter')).toBe('3');
  await page.close();
});
