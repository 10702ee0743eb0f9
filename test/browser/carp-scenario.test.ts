/** The library's CARP pair (ucarp nodes) loads in the app and replays: fw-1, then fw-2, then fw-1 master. */
import { expect, it } from 'vitest';
import { baseUrl, watchErrors } from './browser';
import { useBrowser } from './panels-harness';
import { libraryEntry } from '../../src/lib/scenarios/index';

const browser = useBrowser();

it('library "CARP pair": ucarp nodes load, simulate and change master as the claims say', async () => {
  const page = await browser().newPage({ viewport: { width: 1280, height: 760 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
  await page.evaluate(
    async (s) => {
      const session = (globalThis as unknown as { vrrpscope: { loadScenario(s: unknown): Promise<void> } })
        .vrrpscope;
      await session.loadScenario(s);
    },
    libraryEntry('carp-pair')!.build() as unknown as Record<string, unknown>,
  );
  await page.locator('g.node[data-node="fw-1"]').waitFor();
  const stateAt = async (t: number, node: string) => {
    await page.evaluate(
      (x) => (globalThis as unknown as { vrrpscope: { seek(t: number): void } }).vrrpscope.seek(x),
      t,
    );
    return page.locator(`g.node[data-node="${node}"] g.inst`).getAttribute('data-state');
  };
  expect(await stateAt(10_000_000, 'fw-1')).toBe('MASTER');
  expect(await stateAt(25_000_000, 'fw-2')).toBe('MASTER');
  expect(await stateAt(40_000_000, 'fw-1')).toBe('MASTER');
  expect(errors).toEqual([]);
  await page.close();
});
