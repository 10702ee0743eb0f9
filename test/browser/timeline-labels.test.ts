// Timeline labels never overlap (issue 14 §4), measured on their rendered boxes: at 390×844, 768×1024,
// 1280×720 and 1920×1080, in presenter mode at 1280×720, on the Panda scenario with a haproxy kill
// and a partition close together, and on a capture with a transient dual master (one-way multicast
// loss: the dual master and the changes of master are seconds apart).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';
import { SCREEN_SIZES, overlaps, type Box } from './text-size';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The shown marker labels' boxes, and how many markers the timeline has. */
async function labels(page: Page): Promise<{ boxes: Box[]; markers: number }> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.timeline g.failover text')]
      .filter((t) => getComputedStyle(t).visibility !== 'hidden')
      .map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent ?? '', left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      })
      .filter((b) => b.right > b.left);
    return { boxes, markers: document.querySelectorAll('.timeline g.failover').length };
  });
}

const SIZES = SCREEN_SIZES;

for (const [w, h] of SIZES)
  for (const present of w === 1280 ? [false, true] : [false])
    it(`${w}×${h}${present ? ' presenter' : ''}: the labels of close failovers do not overlap`, async () => {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      const errors = watchErrors(page);
      // The tutorial's failback chapter: two changes of master per VRID in one minute.
      await page.goto(`${baseUrl()}${present ? '?present' : ''}#/tutorial/8`);
      await page.locator('.timeline g.failover').first().waitFor({ state: 'attached' });
      await page.waitForTimeout(300);
      const { boxes, markers } = await labels(page);
      expect(markers).toBeGreaterThan(1);
      // A phone's lanes are too short for any label beside the markers; wider screens show some.
      if (w >= 768) expect(boxes.length).toBeGreaterThan(0);
      expect(overlaps(boxes)).toEqual([]);
      await screenshot(page, `timeline-labels-${w}x${h}${present ? '-present' : ''}`);
      expect(errors).toEqual([]);
      await page.close();
    });

it('a capture with a transient dual master: labels of the dual master and the takeovers do not overlap', async () => {
  for (const [w, h] of SIZES) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    await page.goto(baseUrl());
    await page.getByRole('tab', { name: 'Capture' }).click();
    const pick = page.getByTestId('capture-bundled');
    const names = await pick.locator('option').allTextContents();
    await pick.selectOption(names.find((n) => n.startsWith('one-way'))!);
    await page.getByTestId('capture-open').click();
    await page.getByTestId('capture-report').waitFor({ timeout: 60_000 });
    await page.locator('.timeline g.failover.dual-master').first().waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    const { boxes, markers } = await labels(page);
    expect(markers).toBeGreaterThan(0);
    expect(overlaps(boxes), `${w}×${h}`).toEqual([]);
    await screenshot(page, `timeline-labels-capture-${w}x${h}`);
    await page.close();
  }
});
