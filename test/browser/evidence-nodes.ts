/** Shared step of the Investigate workspace tests. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * The recordings' logs name their nodes by address: names each `NODE.log` lane NODE, as the CLI's
 * `--node NODE=NODE.log` does, and waits for the merge to run again.
 */
export async function nameLogNodes(page: Page, nodes: string[]): Promise<void> {
  for (const n of nodes) {
    await page.getByLabel(`Node of ${n}.log`).fill(n);
    await page.getByLabel(`Node of ${n}.log`).press('Enter');
    await expect
      .poll(
        () =>
          page
            .getByTestId('evidence-lane')
            .filter({ hasText: `${n}.log · ${n}` })
            .count(),
        {
          timeout: 60_000,
        },
      )
      .toBe(1);
  }
}
