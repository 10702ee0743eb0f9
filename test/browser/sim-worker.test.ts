/**
 * The simulator off the main thread, in real Chromium: a 64-node × 32-VRID scenario of 10 minutes is
 * opened in the Config tab, one node's config is edited and applied. The run goes to the simulation
 * worker: the previous trace stays on screen meanwhile, a long run shows its progress with a Cancel
 * button, and the new trace replaces it once complete. A second Apply is cancelled and leaves the view
 * as it was. The main thread's tasks from the Apply click until the new trace is drawn are measured from
 * a Chromium performance trace (RunTask on the renderer main thread): none may take over 50 ms of CPU
 * (the target), and the figures are printed.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/lib/scenario/types';
import { lanScenario } from '../bench/sim-scenarios';
import {
  baseUrl,
  launch,
  mainThreadTasks,
  screenshot,
  watchErrors,
  type ChromeTraceEvent,
  type MainThreadTask,
} from './browser';
import { editorText } from './editor';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The target: no main-thread task over this, ms of CPU. */
const LONG_TASK_MS = 50;

type Session = {
  loadScenario(s: Scenario): Promise<void>;
  seek(t: number): void;
  settled(): Promise<void>;
  pending: unknown;
  scenario: Scenario | null;
  trace: { events: unknown[]; endUs: number } | null;
};

const rowPriority = (page: Page, instance: string) =>
  page.locator(`g.inst[data-instance="${instance}"]`).getAttribute('data-priority');

describe('simulations in a Web Worker', () => {
  it('applies a config edit to 64 nodes × 32 VRIDs × 10 min off the main thread, with progress and Cancel', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(baseUrl());
    await page.locator('g.node').first().waitFor();
    const scenario: Scenario = { ...lanScenario(64, 32), duration: 600 };
    await page.evaluate(async (s) => {
      const session = (globalThis as unknown as { vrrpscope: Session }).vrrpscope;
      await session.loadScenario(s);
      session.seek(30_000_000);
    }, scenario);
    await page.locator('g.node[data-node="n63"]').waitFor();
    expect(await rowPriority(page, 'n0/VI_1')).toBe('137');

    await page.getByRole('tab', { name: 'Config' }).click();
    await page.getByRole('tab', { name: 'n0' }).click();
    const text = page.getByTestId('config-text');
    await expect.poll(() => editorText(text)).toContain('priority 137');
    const config = await editorText(text);
    await text.fill(config.replace(/priority 137\b/, 'priority 42'));
    await expect.poll(() => page.locator('.config .actions [aria-live]').textContent()).toBe('edited');
    // Let the edit's own work (re-parsing and linting 64 configs) finish before the measured window.
    await page.waitForTimeout(500);

    // Typing: a keystroke re-parses the one config and lints it alone; the 64 configs are linted
    // together once the typing pauses.
    await text.click();
    await page.keyboard.press('End');
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'],
    });
    for (const key of ['Space', 'Space', 'Space', 'Backspace', 'Backspace', 'Backspace']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(40);
    }
    await page.waitForTimeout(500);
    const typed = mainThreadTasks(
      (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: ChromeTraceEvent[] })
        .traceEvents,
    );
    // The lint of the 64 configs together runs after the pause in slices of a few ms
    // (ParsedConfigs.lintInSlices); in one task it took 14 ms CPU at load 10 and 55–99 ms at 12–15.
    const most = (ts: MainThreadTask[], f: (t: MainThreadTask) => number) => Math.max(0, ...ts.map(f));
    console.log(
      `64×32 typing 6 keys in node n0's config, then the lint after the pause: ${typed.length} main-thread ` +
        `tasks, longest ${most(typed, (t) => t.cpuMs - t.gcMs).toFixed(1)} ms CPU without GC, ` +
        `${most(typed, (t) => t.cpuMs).toFixed(1)} ms with GC`,
    );
    expect(typed.filter((t) => t.cpuMs - t.gcMs > LONG_TASK_MS).map((t) => t.calls.join(', '))).toEqual([]);
    expect(await editorText(text)).toContain('priority 42');

    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'],
    });
    const t0 = await page.evaluate(() => {
      const at = performance.now();
      document.querySelector<HTMLButtonElement>('[data-testid="apply-config"]')!.click();
      return at;
    });
    // While the run is in flight the previous trace stays on screen, and a long run shows its progress.
    expect(
      await page.evaluate(() => (globalThis as unknown as { vrrpscope: Session }).vrrpscope.pending),
    ).not.toBeNull();
    expect(await rowPriority(page, 'n0/VI_1')).toBe('137');
    await page.getByTestId('run-progress').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-cancel').isVisible()).toBe(true);
    await screenshot(page, 'sim-worker-progress');
    const t1 = await page.evaluate(async () => {
      const session = (globalThis as unknown as { vrrpscope: Session }).vrrpscope;
      await session.settled();
      // Rendered: two animation frames after the swap.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now();
    });
    const rawTrace = (await browser.stopTracing()).toString();
    // TRACE_OUT=file keeps the performance trace, to see which task was long.
    if (process.env.TRACE_OUT) (await import('node:fs')).writeFileSync(process.env.TRACE_OUT, rawTrace);
    const tasks = mainThreadTasks((JSON.parse(rawTrace) as { traceEvents: ChromeTraceEvent[] }).traceEvents);
    expect(await rowPriority(page, 'n0/VI_1')).toBe('42');
    expect(await page.getByTestId('run-progress').count()).toBe(0);
    await screenshot(page, 'sim-worker-applied');

    // CPU time, not wall time: the machine has two cores shared with other work, and a task's wall time
    // counts the time its thread waited for a core (the same 40 ms task measured 40–300 ms wall under
    // load). A garbage collection's pause is the engine's: on a loaded machine its concurrent markers
    // get no core and the pause finishes their marking, so its length says how busy the machine is;
    // the app's work in a task is its CPU time less its collections' (a task the collectors posted,
    // such as Blink's heap sweeping, counts whole), and that is what is held to the target.
    // Collections are printed with the rest.
    const longest = (f: (t: MainThreadTask) => number) => Math.max(...tasks.map(f));
    const own = (t: MainThreadTask) => t.cpuMs - t.gcMs;
    console.log(
      `64×32×600 s Apply → rendered: ${((t1 - t0) / 1000).toFixed(1)} s; ${tasks.length} main-thread tasks, ` +
        `longest ${longest(own).toFixed(1)} ms CPU without GC, ${longest((t) => t.cpuMs).toFixed(1)} ms CPU ` +
        `with GC, ${longest((t) => t.wallMs).toFixed(1)} ms wall; longest GC ${longest((t) => t.gcMs).toFixed(1)} ms CPU`,
    );
    expect(tasks.length).toBeGreaterThan(100);
    expect(
      tasks.filter((t) => own(t) > LONG_TASK_MS).map((t) => `${own(t).toFixed(1)} ms: ${t.calls.join(', ')}`),
      `main-thread tasks over ${LONG_TASK_MS} ms of CPU (less GC)`,
    ).toEqual([]);

    // Cancel: a second edit is applied, then cancelled; the view stays on the first edit's trace.
    const shownEvents = await page.evaluate(
      () => (globalThis as unknown as { vrrpscope: Session }).vrrpscope.trace?.events.length,
    );
    await text.fill((await editorText(text)).replace(/priority 42\b/, 'priority 43'));
    await page.getByTestId('apply-config').click();
    await page.getByTestId('run-cancel').click();
    expect(
      await page.evaluate(() => (globalThis as unknown as { vrrpscope: Session }).vrrpscope.pending),
    ).toBeNull();
    expect(await page.getByTestId('run-progress').count()).toBe(0);
    expect(await rowPriority(page, 'n0/VI_1')).toBe('42');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { vrrpscope: Session }).vrrpscope.trace?.events.length,
      ),
    ).toBe(shownEvents);
    expect(errors).toEqual([]);
  });
});
