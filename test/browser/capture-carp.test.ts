import { expect, it } from 'vitest';
import { baseUrl, screenshot, watchErrors } from './browser';
import { useBrowser } from './panels-harness';

const browser = useBrowser();

// Issue 12: a ucarp + keepalived recording replays in the same topology and timeline; node boxes say
// which implementation spoke, and CARP shows advbase/advskew/demote, not a priority.
it('replays ucarp beside keepalived: CARP and keepalived boxes, CARP numbers, both lanes', async () => {
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.getByRole('tab', { name: 'Capture' }).click();
  const pick = page.getByTestId('capture-bundled');
  await pick.selectOption('carp/ucarp-keepalived.pcap');
  await page.getByTestId('capture-open').click();
  await page.getByTestId('capture-report').waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('g.inst').count()).toBeGreaterThanOrEqual(4);
  const labels = await page.locator('text.inst-label').allTextContents();
  expect(labels.filter((l) => l === 'vhid 7 · CARP (ucarp/BSD)')).toHaveLength(2);
  expect(labels.filter((l) => l.startsWith('VRID 7 · '))).toHaveLength(2);
  const numbers = await page.locator('g.inst text.prio').allTextContents();
  expect(numbers).toContain('advbase 1 advskew 0 demote 0');
  expect(numbers).toContain('advbase 1 advskew 100 demote 0');
  expect(numbers.filter((n) => n.startsWith('priority '))).toHaveLength(2);
  const report = await page.getByTestId('capture-report').textContent();
  expect(report).toContain('CARP vhid 7');
  expect(report).toContain('vrrp-carp-same-id');
  expect(report).toContain('cannot be verified without the passphrase');
  await expect.poll(() => page.locator('[data-failover]').count()).toBeGreaterThanOrEqual(2);
  await screenshot(page, 'capture-carp-mixed');
  expect(errors).toEqual([]);
});
