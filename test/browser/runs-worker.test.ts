/**
 * Simulations in Web Workers in real Chromium (issue 10 §6): 40 runs of the Panda story go through
 * `simulateRuns()` with progress after each run, give one distribution per failover, and no main-thread
 * task takes more than 50 ms of CPU meanwhile; Cancel stops the runs and rejects with an AbortError.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, screenshot, tasksSince, traceTasks, watchErrors } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Result {
  progress: number[];
  runs?: number;
  failovers?: { key: string; runs: number; n: number }[];
  text?: string[];
  error?: string;
}

async function result(page: import('playwright-core').Page): Promise<Result> {
  await page.waitForFunction(() => 'runsResult' in window, undefined, { timeout: 120_000 });
  return (await page.evaluate(() => (window as unknown as { runsResult: Result }).runsResult)) as Result;
}

describe('simulation runs in Web Workers', () => {
  it('40 Panda runs with progress, one distribution per failover, no long main-thread task', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(new URL('test/browser/pages/runs-worker.html?runs=40', baseUrl()).href);
    await traceTasks(browser, page);
    await page.click('#run');
    const r = await result(page);
    const tasks = await tasksSince(browser, 'runs-started');
    await screenshot(page, 'runs-worker');
    expect(errors).toEqual([]);
    expect(r.runs).toBe(40);
    expect(r.progress).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(r.failovers).toEqual([
      { key: '200:prod-haproxy-000→prod-haproxy-001#1', runs: 40, n: 40 },
      { key: '200:prod-haproxy-001→prod-haproxy-000#1', runs: 40, n: 40 },
    ]);
    expect(r.text![0]).toMatch(
      /^in 40 runs prod-haproxy-001 took over 4\.92\d–4\.92\d s \(p50 4\.92\d\) after haproxy killed/,
    );
    // CPU time of each main-thread task, as the other main-thread tests count it: the long-task
    // observer's wall time also counted waits for a core, and failed when test streams shared both.
    expect(tasks.length).toBeGreaterThan(40);
    expect(tasks.filter((t) => t.cpuMs > 50)).toEqual([]);
  });

  it('Cancel stops the runs and rejects with an AbortError', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('test/browser/pages/runs-worker.html?runs=2000', baseUrl()).href);
    await page.click('#run');
    await page.waitForFunction(
      () => Number((document.getElementById('progress') as HTMLProgressElement).value) > 0,
      undefined,
      {
        timeout: 60_000,
      },
    );
    await page.click('#cancel');
    const r = await result(page);
    expect(r.error).toBe('AbortError');
    expect(r.progress.length).toBeLessThan(2000);
  });
});
