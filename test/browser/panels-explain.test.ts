import { expect, it } from 'vitest';
import { screenshot } from './browser';
import { openHarness, useBrowser } from './panels-harness';

const browser = useBrowser();

it('explains the selected instance at the current time and each failover from the evidence', async () => {
  const { page, errors } = await openHarness(browser(), 'panel=explain&trace');
  await page.evaluate(() =>
    (window as unknown as { __session: { seek(t: number): void } }).__session.seek(11_000_000),
  );
  await page.getByTestId('explain-instance').selectOption('prod-haproxy-001/VI_200');
  const state = page.getByTestId('explain-state');
  await expect
    .poll(() => state.textContent())
    .toContain("Its priority 99 is above prod-haproxy-000's 98: it discards those adverts and takes over");
  // §9.1: MDI at priority 99, v2, 1 s.
  await expect.poll(() => state.textContent()).toContain('3.613281 s');
  await page
    .getByTestId('explain-failovers')
    .getByRole('button', { name: /VRID 200/ })
    .click();
  const why = page.getByTestId('explain-failovers');
  await expect
    .poll(() => why.textContent())
    .toContain('track script chk_haproxy failed on prod-haproxy-000 (priority 100 → 98)');
  await expect.poll(() => why.textContent()).toContain('prod-haproxy-000 kept advertising at priority 98');
  await screenshot(page, 'panels-explain');
  await why.getByRole('button', { name: 'Seek to this failover' }).click();
  await expect.poll(() => page.getByTestId('harness-time').textContent()).toBe('12613281');
  expect(errors).toEqual([]);
});
