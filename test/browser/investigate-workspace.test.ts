/**
 * Issue 11 §5 in Chromium: four files of a recording (two logs, the bridge capture, a config)
 * dropped at once on the Investigate workspace become lanes on one clock; a piece of evidence
 * jumps to its line; the chain of its transition is shown; a dragged lane re-runs the merge.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { baseUrl, screenshot, watchErrors } from './browser';
import { useBrowser } from './panels-harness';
import { dropEvidence, nameLogNodes } from './evidence-nodes';

const browser = useBrowser();
const REC = 'captures/evidence/haproxy';
const FILES = ['switch.pcap', 'n1.log', 'n2.log', 'n1.conf'];

/** A fresh page on the Investigate workspace with `files` dropped, once each has its lane. */
async function investigateFiles(files: string[]) {
  const page = await browser().newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/investigate`);
  await page.getByTestId('evidence-drop').waitFor();
  await dropEvidence(page, files);
  await expect.poll(() => page.getByTestId('evidence-lane').count(), { timeout: 60_000 }).toBe(files.length);
  return { page, errors };
}

/** The packet the session has selected (the packet list's). */
const selectedPacket = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { vrrpscope: { selection: { packet?: number } } }).vrrpscope.selection.packet,
  );

it('drop 4 files, see the lanes, click a piece of evidence, see the chain', async () => {
  // One lane per source, each with its clock: the capture is the reference, the logs aligned to it.
  const { page, errors } = await investigateFiles(FILES.map((f) => `${REC}/${f}`));
  const offsets = await page.getByTestId('lane-offset').allTextContents();
  expect(offsets[0]).toBe('reference clock');
  expect(offsets[1]).toMatch(/transitions/);
  expect(offsets[2]).toMatch(/transitions/);
  // Transitions are marked with their causes; the topology replays the merged timeline.
  await nameLogNodes(page, ['n1', 'n2']);
  const causes = await page
    .getByTestId('transition-mark')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-cause')));
  expect(causes).toContain('master-down-timer');
  await screenshot(page, 'investigate-lanes');

  // The incidents: the failover n1 → n2, whose chain begins with the script that failed on n1.
  await page.getByRole('tab', { name: 'Incidents' }).click();
  const first = page.getByTestId('incident-list').locator('li').first();
  await expect.poll(() => first.textContent()).toMatch(/failover.*n1 → n2/s);
  // Click its evidence line for the script failure: the line opens, the chain shows.
  await first
    .getByTestId('evidence-ref')
    .filter({ hasText: 'VRRP_Script(chk_haproxy) failed' })
    .first()
    .click();
  const lines = page.getByTestId('evidence-lines');
  await lines.waitFor();
  expect(await lines.locator('.cited').textContent()).toMatch(/VRRP_Script\(chk_haproxy\) failed/);
  const chain = page.getByTestId('transition-chain');
  await chain.waitFor();
  expect(await chain.getByTestId('chain-code').allTextContents()).toEqual([
    'script-failed',
    'master-down-timer',
  ]);
  expect(await chain.locator('.sentence').textContent()).toMatch(/chk_haproxy failed on n1/);
  await screenshot(page, 'investigate-chain');

  // A packet cited by the chain opens in the packet list.
  await chain.getByTestId('evidence-ref').filter({ hasText: 'switch.pcap' }).first().click();
  await page.getByTestId('packet-list').waitFor();
  const selected = await selectedPacket(page);
  expect(selected).toBeGreaterThanOrEqual(0);

  // Dragging the n2 log 2 s to the right sets its offset by hand and merges again.
  const before = offsets[2];
  const track = page.getByTestId('evidence-lane').nth(2).locator('.track');
  const box = (await track.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect
    .poll(() => page.getByTestId('lane-offset').nth(2).textContent(), { timeout: 30_000 })
    .toMatch(/manual/);
  expect(await page.getByTestId('lane-offset').nth(2).textContent()).not.toBe(before);
  await screenshot(page, 'investigate-dragged');
  expect(errors).toEqual([]);
});

it('pasted evidence travels in a share link and opens again in a fresh page', async () => {
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/investigate`);
  for (const [k, n] of ['n1', 'n2'].entries()) {
    const text = await page.evaluate(
      async (f) => (await fetch(`/captures/evidence/sigterm/${f}.log`)).text(),
      n,
    );
    await page.getByTestId('evidence-paste').fill(text);
    await page.getByTestId('evidence-paste-add').click();
    await expect.poll(() => page.getByTestId('evidence-lane').count(), { timeout: 60_000 }).toBe(k + 1);
  }
  await page.getByTestId('evidence-share').click();
  const link = await page.getByTestId('evidence-share-link').inputValue();
  expect(link).toMatch(/#\/investigate\?evidence=1\./);
  const other = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  await other.goto(link);
  await expect.poll(() => other.getByTestId('evidence-lane').count(), { timeout: 60_000 }).toBe(2);
  await other.getByRole('tab', { name: 'Incidents' }).click();
  // SIGTERM on the master: its priority-0 advert, then the backup takes over.
  await expect.poll(() => other.getByTestId('incident-list').textContent()).toMatch(/failover/);
  expect(await other.getByTestId('incident-list').textContent()).toMatch(/priority-zero/);
  expect(errors).toEqual([]);
});

it('a capture alone: the chain the capture analysis found, its priority-0 advert a click away', async () => {
  const { page, errors } = await investigateFiles(['captures/evidence/sigterm/switch.pcap']);
  await page.getByRole('tab', { name: 'Incidents' }).click();
  const first = page.getByTestId('incident-list').locator('li').first();
  await expect.poll(() => first.textContent()).toMatch(/failover.*192\.168\.50\.11 → 192\.168\.50\.12/s);
  // SIGTERM: the resignation the capture shows (packet 13, priority 0) opens in the packet list.
  await first.getByTestId('evidence-ref').filter({ hasText: 'priority 0' }).first().click();
  await page.getByTestId('packet-list').waitFor();
  const selected = await selectedPacket(page);
  // Frame 13 of the capture: the Trace's packet 12.
  expect(selected).toBe(12);
  // Its transition is picked: back on the Incidents tab, its chain, then only the skew ran.
  await page.getByRole('tab', { name: 'Incidents' }).click();
  const chain = page.getByTestId('transition-chain');
  await chain.waitFor();
  expect(await chain.getByTestId('chain-code').allTextContents()).toEqual([
    'unknown-from-capture',
    'priority-zero',
    'master-down-timer',
  ]);
  expect(await chain.locator('.sentence').textContent()).toMatch(
    /192\.168\.50\.11 sent a priority-0 advert at .*ran only the skew \(0\.613 s\)/,
  );
  await screenshot(page, 'investigate-capture-alone');
  expect(errors).toEqual([]);
});

it('a CARP capture: CARP boxes with their own numbers, one failover from the vanished master', async () => {
  const { page, errors } = await investigateFiles(['captures/carp/ucarp-kill.pcap']);
  await page.getByRole('tab', { name: 'Incidents' }).click();
  const list = page.getByTestId('incident-list');
  await expect.poll(() => list.textContent()).toMatch(/CARP on 192\.168\.50\.11 vanished/);
  expect(await list.textContent()).not.toMatch(/split-brain/);
  // The boxes say CARP and show advbase/advskew, never a VRRP priority.
  const boxes = (await page.locator('.topology svg').first().textContent()) ?? '';
  expect(boxes).toMatch(/vhid 7 · CARP/);
  expect(boxes).toMatch(/advbase 1 advskew 0/);
  expect(boxes).not.toMatch(/priority 100/);
  await screenshot(page, 'investigate-carp');
  expect(errors).toEqual([]);
});
