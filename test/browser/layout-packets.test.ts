/**
 * The Packets panel at 1280×720: list, detail tree and hex view share the panel's height, so after
 * picking a field its highlighted bytes are on screen without scrolling the panel.
 */
import { expect, it } from 'vitest';
import { baseUrl, screenshot, watchErrors } from './browser';
import { useBrowser } from './panels-harness';

const browser = useBrowser();

for (const scheme of ['light', 'dark'] as const)
  it(`the selected field's bytes are visible in the hex view (${scheme})`, async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 720 }, colorScheme: scheme });
    const errors = watchErrors(page);
    await page.goto(baseUrl());
    await page.getByRole('tab', { name: 'Packets' }).click();
    const list = page.getByTestId('packet-list');
    await expect.poll(async () => Number(await list.getAttribute('data-rows'))).toBeGreaterThan(50);
    await page.getByLabel('vrrp', { exact: true }).check();
    await list.locator('[role="option"][data-packet]').nth(5).click();
    // The VRRP priority is the deepest field of the tree: the case the reviewer could not see.
    await page.getByTestId('packet-detail').locator('[data-field="vrrp.prio"]').first().click();
    const hl = page.getByTestId('hex-view').locator('button.hl');
    await expect.poll(() => hl.count()).toBeGreaterThan(0);
    const box = (await hl.first().boundingBox())!;
    const hex = (await page.getByTestId('hex-view').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    // Inside the hex view's own visible box, not hidden by its scrolling.
    expect(box.y).toBeGreaterThanOrEqual(hex.y);
    expect(box.y + box.height).toBeLessThanOrEqual(hex.y + hex.height);
    // The parts keep their shares: the list is not squeezed to nothing by a long tree.
    const listBox = (await list.boundingBox())!;
    expect(listBox.height).toBeGreaterThan(150);
    await screenshot(page, `layout-packets-${scheme}`);
    // Back the other way: a byte of the VRRP header picked in the hex view brings its field into the
    // tree's visible box, however the tree was scrolled.
    const tree = page.getByTestId('packet-detail').locator('.tree').first();
    await tree.evaluate((t) => (t.scrollTop = 0));
    await page.getByTestId('hex-view').locator('button').nth(40).click();
    const picked = page.getByTestId('packet-detail').locator('.field.selected');
    await expect.poll(() => picked.count()).toBe(1);
    await expect
      .poll(async () => {
        const b = (await picked.boundingBox())!;
        const t = (await tree.boundingBox())!;
        return b.y >= t.y - 1 && b.y + b.height <= t.y + t.height + 1;
      })
      .toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
