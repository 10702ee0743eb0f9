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

it('a tap on the timeline seeks there (phone and tablet, touch screen)', async () => {
  for (const [w, h] of [
    [390, 844],
    [768, 1024],
  ] as const) {
    const context = await browser.newContext({
      viewport: { width: w, height: h },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}?embed`);
    const timeline = page.locator('.timeline[data-t]').first();
    const hit = timeline.locator('rect.hit');
    await hit.waitFor();
    await hit.scrollIntoViewIfNeeded();
    await expect.poll(async () => Number(await timeline.getAttribute('data-window-to'))).toBeGreaterThan(0);
    const box = (await hit.boundingBox())!;
    const from = Number(await timeline.getAttribute('data-window-from'));
    const to = Number(await timeline.getAttribute('data-window-to'));
    expect(to).toBeGreaterThan(from);
    for (const f of [0.7, 0.25]) {
      await page.touchscreen.tap(box.x + box.width * f, box.y + box.height / 2);
      const want = from + (to - from) * f;
      await expect
        .poll(async () => Math.abs(Number(await timeline.getAttribute('data-t')) - want))
        .toBeLessThan((to - from) * 0.02);
    }
    await context.close();
  }
});
