// Any screen: the tutorial, ?embed and an exercise at 390×844, 768×1024, 1280×720 and 1920×1080, and
// presenter mode at 1280×720. Screenshots of each (test-results/screenshots/screen-*). No rendered text
// is under 11 CSS px (18 px in presenter mode): SVG text is measured after the SVG's scaling, HTML
// text by its computed size (text-size.ts). Where the three-column topology would render smaller, it
// is laid out again as the stacked column in a scrolling pane (not shrunk); ?embed shows the timeline
// at every size.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launch, screenshot } from './browser';
import { SCREEN_SIZES, smallestTexts } from './text-size';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const SIZES = SCREEN_SIZES;
const VIEWS = [
  ['tutorial', '#/tutorial/6', 11],
  ['embed', '?embed', 11],
  ['exercise', '#/exercise/panda-weights?n=Ada', 11],
  ['exercises', '#/exercises', 11],
  ['presenter', '?present#/tutorial/6', 18],
] as const;

for (const [w, h] of SIZES)
  it(`${w}×${h}: every view renders with no text under its floor; embed has a timeline`, async () => {
    const smallest: string[] = [];
    for (const [name, path, floor] of VIEWS) {
      // Presenter mode is for a projector: its 18 px floor is asked at 1280×720.
      if (name === 'presenter' && w !== 1280) continue;
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await page.goto(`${baseUrl()}${path}`);
      if (name !== 'exercises') {
        const topo = page.locator('.topology[data-layout]').first();
        await topo.waitFor();
        await page.locator('.topology svg text').first().waitFor();
        if (w < 700) expect(await topo.getAttribute('data-layout'), name).toBe('stacked');
      } else await page.locator('main, body').first().waitFor();
      await page.waitForTimeout(400);
      await screenshot(page, `screen-${name}-${w}x${h}`);
      if (name === 'embed') expect(await page.locator('.timeline svg').count()).toBeGreaterThan(0);
      const small = await smallestTexts(page, 3);
      smallest.push(`${name} ${small[0]?.px}`);
      expect(
        small.filter((s) => s.px < floor),
        `${name} at ${w}×${h}`,
      ).toEqual([]);
      await page.close();
    }
    console.log(`${w}×${h} smallest text (px): ${smallest.join(', ')}`);
  });
