/**
 * A config typo's diagnostic is on screen at 1280×720: `priority` → `priorty` in the last vrrp_instance
 * of prod-haproxy-000 gives `[config.unknown-keyword]`, which must be visible in the Config panel (in
 * the viewport and inside the list's own scrolled box) without scrolling by hand.
 */
import { expect, it } from 'vitest';
import { baseUrl, screenshot, watchErrors } from './browser';
import { editorText } from './editor';
import { useBrowser } from './panels-harness';

const browser = useBrowser();

for (const scheme of ['light', 'dark'] as const)
  it(`shows the first diagnostic of a typo (${scheme})`, async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 720 }, colorScheme: scheme });
    const errors = watchErrors(page);
    await page.goto(baseUrl());
    await page.getByRole('tab', { name: 'Config' }).click();
    const text = page.getByTestId('config-text');
    await expect.poll(() => editorText(text)).toContain('virtual_router_id');
    const original = await editorText(text);
    const at = original.lastIndexOf('priority');
    expect(at).toBeGreaterThan(0);
    await text.fill(`${original.slice(0, at)}priorty${original.slice(at + 'priority'.length)}`);
    const list = page.getByTestId('diagnostics').first();
    const typo = list.locator('li', { hasText: 'config.unknown-keyword' });
    await typo.first().waitFor();
    // The first diagnostic in the list is the most severe one, and the typo's is on screen.
    const severities = await list.locator('li').evaluateAll((lis) => lis.map((li) => li.className));
    const rank = (c: string) => ['error', 'warning', 'info'].findIndex((s) => c.includes(s));
    const ranks = severities.map(rank).filter((r) => r >= 0);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    await expect
      .poll(async () => {
        const b = (await typo.first().boundingBox())!;
        const l = (await list.boundingBox())!;
        return b.y >= l.y - 1 && b.y + b.height <= l.y + l.height + 1 && b.y >= 0 && b.y + b.height <= 720;
      })
      .toBe(true);
    await screenshot(page, `layout-diagnostics-${scheme}`);
    expect(errors).toEqual([]);
    await page.close();
  });
