/**
 * The Investigate workspace loads a large investigation without holding the page: two captures of
 * the same 20 virtual routers from two vantage points (the second clock 1.25 s ahead) and a
 * keepalived log, each capture longer than the merged Trace keeps (VIEW_TRACE_PACKETS), dropped at
 * once. From the drop until the merged view's lanes appear in the timeline, no main-thread task takes
 * over 50 ms of CPU less garbage collection, as panels-capture.test.ts holds a capture; the first draw
 * (about 100 master runs and 80 changes of master) is held to 100 ms. The view came in one message,
 * which took 400–540 ms to receive; reading and loading now take 16–17 ms at most, the first draw 44–57 ms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { baseUrl, screenshot, stopTrace, tasksBetween, traceTasks, watchErrors } from './browser';
import { servedPath, useBrowser } from './panels-harness';
import { dropEvidence } from './evidence-nodes';
import { generateCapture } from '../bench/gen-capture';
import { keepalivedLog, shifted } from '../bench/investigate.bench';
import { VIEW_TRACE_PACKETS } from '../../src/lib/evidence/view';

const browser = useBrowser();

/** Packets per capture: each alone is more than the merged Trace keeps. */
const PACKETS = 100_000;

type Loaded = { trace: { origin: { name: string }; packets: unknown[] } | null; settled(): Promise<void> };

it('loads two capped captures and a log as one merged view: reading and loading in tasks under 50 ms, the first draw under 100 ms', async () => {
  const a = servedPath('investigate-a.pcap');
  generateCapture(a, PACKETS);
  const b = servedPath('investigate-b.pcap', shifted(new Uint8Array(readFileSync(a)), 1_250_000));
  const log = servedPath('investigate-n1.log');
  writeFileSync(log, keepalivedLog(0, 20_000, 3_000_000));

  const page = await browser().newPage({ viewport: { width: 1440, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#/investigate`);
  await page.getByTestId('evidence-drop').waitFor();
  // The opening scenario's run is not what is measured: tasks from the drop on.
  await page.evaluate(() => (globalThis as unknown as { vrrpscope: Loaded }).vrrpscope.settled());
  await traceTasks(browser(), page);
  // The timeline's lanes of the merged view (20 virtual routers, the opening scenario has 2) are made
  // in the swap's task: a mark there ends the reading and loading, and begins the first draw.
  await page.evaluate(() => {
    const seen = new MutationObserver(() => {
      if (document.querySelectorAll('.lanes .lane').length < 20) return;
      performance.mark('drawn');
      seen.disconnect();
    });
    seen.observe(document.body, { childList: true, subtree: true });
    performance.mark('dropped');
  });
  await dropEvidence(page, [a, b, log]);
  await page.waitForFunction(
    (cap) => {
      const t = (globalThis as unknown as { vrrpscope: Loaded }).vrrpscope.trace;
      return t?.origin.name === 'investigation' && t.packets.length === cap;
    },
    VIEW_TRACE_PACKETS,
    { timeout: 100_000 },
  );
  // The workspace shows the view (one lane per source: both captures and the log) in the task after.
  await expect.poll(() => page.getByTestId('evidence-lane').count(), { timeout: 30_000 }).toBe(3);
  const events = await stopTrace(browser());
  const loading = tasksBetween(events, 'dropped', 'drawn');
  const tasks = tasksBetween(events, 'dropped');
  const longest = (list: typeof tasks) => {
    const w = list.reduce((x, t) => (t.cpuMs - t.gcMs > x.cpuMs - x.gcMs ? t : x), list[0]);
    return `${(w.cpuMs - w.gcMs).toFixed(1)} ms CPU less GC (${w.cpuMs.toFixed(1)} ms with GC ${w.gcMs.toFixed(1)} ms, wall ${w.wallMs.toFixed(1)} ms) ${w.calls.join('; ')}`;
  };
  console.log(`investigate ${PACKETS} × 2: longest task reading and loading ${longest(loading)}`);
  console.log(`investigate ${PACKETS} × 2: longest task with the first draw ${longest(tasks)}`);
  await screenshot(page, 'investigate-load');
  expect(loading.length).toBeGreaterThan(10);
  expect(loading.filter((t) => t.cpuMs - t.gcMs > 50)).toEqual([]);
  // The first draw makes the timeline's runs and changes of master for the whole investigation (about
  // 100 runs and 80 changes here), 40–56 ms of CPU in the dev build on the 2-core machine: bounded
  // here, not held to 50 ms (README, "Left").
  expect(tasks.filter((t) => t.cpuMs - t.gcMs > 100)).toEqual([]);
  expect(errors).toEqual([]);
});
