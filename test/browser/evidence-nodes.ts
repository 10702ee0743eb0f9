/** Shared steps of the Investigate workspace tests. */
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

/** Drops served files on the drop zone as one drag of several files. */
export async function dropEvidence(page: Page, paths: string[]) {
  await page.evaluate(async (list) => {
    const dt = new DataTransfer();
    for (const path of list) {
      const blob = await (await fetch(`/${path}`)).blob();
      dt.items.add(new File([blob], path.split('/').pop()!));
    }
    const zone = document.querySelector('[data-testid="evidence-drop"]')!;
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, paths);
}
