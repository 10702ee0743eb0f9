/**
 * Configs against reality in the Investigate workspace (issue 11 §3), in Chromium: with the haproxy
 * recording's capture, logs and the configs the daemons ran, the scenario the evidence implies runs
 * in the simulation worker and no `configs-predict-otherwise` diagnosis appears; with n2's priority
 * changed to 101, it does, citing the config line.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl, watchErrors } from './browser';
import { useBrowser } from './panels-harness';
import { nameLogNodes } from './evidence-nodes';

const browser = useBrowser();
const REC = 'captures/evidence/haproxy';

/** Drops served files (each optionally edited) on the drop zone as one drag. */
async function drop(page: Page, files: { path: string; from?: string; to?: string }[]) {
  await page.evaluate(async (list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      let text = await (await fetch(`/${f.path}`)).text();
      if (f.from) text = text.replace(f.from, f.to!);
      const blob = f.path.endsWith('.pcap') ? await (await fetch(`/${f.path}`)).blob() : new Blob([text]);
      dt.items.add(new File([blob], f.path.split('/').pop()!));
    }
    const zone = document.querySelector('[data-testid="evidence-drop"]')!;
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

async function diagnosesAfterCheck(page: Page, n2conf: { from?: string; to?: string }) {
  await page.goto(`${baseUrl()}#/investigate`);
  await page.getByTestId('evidence-drop').waitFor();
  await drop(page, [
    { path: `${REC}/switch.pcap` },
    { path: `${REC}/n1.log` },
    { path: `${REC}/n2.log` },
    { path: `${REC}/n1.conf` },
    { path: `${REC}/n2.conf`, ...n2conf },
  ]);
  await expect.poll(() => page.getByTestId('evidence-lane').count(), { timeout: 60_000 }).toBe(5);
  await nameLogNodes(page, ['n1', 'n2']);
  await page.getByRole('tab', { name: 'Incidents' }).click();
  await page.getByTestId('diagnosis-list').waitFor();
  await expect.poll(() => page.getByTestId('reality-checking').count(), { timeout: 60_000 }).toBe(0);
  return page.getByTestId('diagnosis-list');
}

it('the configs the daemons ran predict what happened: no divergence', async () => {
  const page = await browser().newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchErrors(page);
  const list = await diagnosesAfterCheck(page, {});
  // The check ran (one scenario: n1 and n2 are one cluster) and found nothing.
  await expect
    .poll(() => page.getByTestId('reality-done').textContent(), { timeout: 60_000 })
    .toMatch(/1 simulated scenario\)/);
  expect(await list.textContent()).not.toMatch(/configs-predict-otherwise/);
  expect(errors).toEqual([]);
  await page.close();
});

it('a wrong priority in a config: the divergence is a diagnosis citing the config line', async () => {
  const page = await browser().newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchErrors(page);
  const list = await diagnosesAfterCheck(page, { from: 'priority 99', to: 'priority 101' });
  await expect.poll(() => list.textContent(), { timeout: 60_000 }).toMatch(/configs-predict-otherwise/);
  const d = list.locator('li').filter({ hasText: 'configs-predict-otherwise' }).first();
  expect(await d.textContent()).toMatch(/n2: priority 101/);
  expect(await d.getByTestId('evidence-ref').allTextContents()).toEqual(
    expect.arrayContaining([expect.stringMatching(/priority 101/)]),
  );
  expect(errors).toEqual([]);
  await page.close();
});
