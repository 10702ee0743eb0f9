// Issue 7: the tutorial fits 1280×720 exactly (no page scroll; title, live view and narration on
// screen), in normal and in presenter mode, for every chapter.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';
import { CHAPTERS } from '../../src/ui/teach/chapters';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const live = '[data-testid="story-view"]';

/** Everything that should stay on screen lies inside the viewport. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    const scroll = document.scrollingElement!;
    if (scroll.scrollHeight > innerHeight) out.push(`page scrollHeight ${scroll.scrollHeight}`);
    if (scroll.scrollWidth > innerWidth) out.push(`page scrollWidth ${scroll.scrollWidth}`);
    for (const sel of [
      'h1',
      '[data-testid="chapter-title"]',
      // The topology's pane (its drawing may be the stacked column, scrolled inside the pane).
      '.live .topology[data-layout]',
      '[data-testid="narration-pane"]',
    ]) {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      if (!r) out.push(`${sel} missing`);
      else if (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5 || r.height < 1)
        out.push(`${sel} at ${Math.round(r.top)}..${Math.round(r.bottom)} × ${Math.round(r.right)}`);
    }
    return out;
  });
}

for (const [mode, query] of [
  ['normal', ''],
  ['present', '?present'],
] as const) {
  it(`${mode} tutorial fits 1280×720 in every chapter`, async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    for (let n = 1; n <= CHAPTERS.length; n++) {
      await page.goto(`${baseUrl()}${query}#/tutorial/${n}`);
      await page.locator(`${live} g.node[data-node="prod-haproxy-000"]`).waitFor();
      await page.waitForTimeout(150);
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(720);
      expect(await overflow(page), `chapter ${n}`).toEqual([]);
      await screenshot(page, `teach-fit-${mode}-${n}`);
    }
    // Type follows the viewport: presenter mode is large enough for the back of a classroom.
    const textPx = await page.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('article p')!).fontSize),
    );
    expect(textPx).toBeGreaterThanOrEqual(mode === 'present' ? 18 : 13);
    // Chapter 8 narrates more than its pane holds: the pane scrolls by itself and shows the newest line.
    const pane = await page.getByTestId('narration-pane').evaluate((e) => ({
      overflow: getComputedStyle(e).overflowY,
      hidden: e.scrollHeight - e.clientHeight,
      fromEnd: e.scrollHeight - e.clientHeight - e.scrollTop,
    }));
    expect(pane.overflow).toBe('auto');
    expect(pane.hidden).toBeGreaterThan(0);
    expect(pane.fromEnd).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await context.close();
  });
}
