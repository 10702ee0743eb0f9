// Any screen: the tutorial, ?embed and an exercise at 390×844, 768×1024, 1280×720 and 1920×1080.
// Screenshots of each (test-results/screenshots/screen-*). At phone width the topology is laid out
// again in one column (not shrunk), so its SVG text keeps a readable rendered size; ?embed shows the
// timeline at every size. Text sizes are the rendered boxes of the SVG <text> (getBoundingClientRect).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const SIZES = [
  [390, 844],
  [768, 1024],
  [1280, 720],
  [1920, 1080],
] as const;
const VIEWS = [
  ['tutorial', '#/tutorial/6'],
  ['embed', '?embed'],
  ['exercise', '#/exercise/panda-weights?n=Ada'],
] as const;

/** The smallest rendered height of the topology's visible SVG text, px. */
function smallestTopologyText(page: Page): Promise<number> {
  return page.evaluate(() => {
    let min = Infinity;
    for (const el of document.querySelectorAll('.topology svg text')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && el.textContent?.trim()) min = Math.min(min, r.height);
    }
    return min;
  });
}

for (const [w, h] of SIZES)
  it(`${w}×${h}: every view renders, the phone gets the stacked topology, embed has a timeline`, async () => {
    for (const [name, path] of VIEWS) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await page.goto(`${baseUrl()}${path}`);
      const topo = page.locator('.topology[data-layout]').first();
      await topo.waitFor();
      await page.locator('.topology svg text').first().waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, `screen-${name}-${w}x${h}`);
      expect(await topo.getAttribute('data-layout'), name).toBe(w < 700 ? 'stacked' : 'columns');
      if (name === 'embed') {
        expect(await page.locator('.timeline svg').count()).toBeGreaterThan(0);
        // The embed's topology keeps text readable at the phone and the full-HD sizes.
        if (w === 390 || w === 1920) expect(await smallestTopologyText(page)).toBeGreaterThanOrEqual(11);
      }
      if (w === 390 && name !== 'exercise')
        expect(await smallestTopologyText(page), name).toBeGreaterThanOrEqual(11);
      await page.close();
    }
  });
