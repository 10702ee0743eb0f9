/**
 * Shared Chromium launcher for the browser tests: Debian's /usr/bin/chromium through playwright-core,
 * with every background-networking feature off (the machine has no network beyond loopback).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { expect, inject } from 'vitest';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

export function baseUrl(): string {
  return inject('baseUrl');
}

/** Collects console errors and uncaught page errors of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Screenshots are test artifacts: test-results/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync('test-results/screenshots', { recursive: true });
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path });
  return path;
}

/** An event of a Chromium performance trace (`browser.startTracing`). */
export interface ChromeTraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: unlike `dur`, it does not count time the thread waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * Waits for the run a click asked the simulation worker for (`vrrpscope.settled()` covers a click whose
 * handler has not run yet and runs that superseded one another), then checks that the app's scenario
 * satisfies `test` (a JS expression over `s`, the scenario).
 */
export async function scenarioOnceRun(page: Page, test: string): Promise<void> {
  expect(
    await page.evaluate(`vrrpscope.settled().then(() => ((s) => ${test})(vrrpscope.scenario))`),
    test,
  ).toBe(true);
}

/** A main-thread task of a Chromium trace: wall and CPU ms, start (trace µs), the calls over 10 ms in it. */
export interface MainThreadTask {
  wallMs: number;
  cpuMs: number;
  /** CPU ms of the garbage collections within the task (MajorGC, MinorGC). */
  gcMs: number;
  ts: number;
  calls: string[];
}

/** Garbage collections, as the trace names the outermost event of each. */
const GC_EVENTS = new Set(['MajorGC', 'MinorGC']);
/**
 * A task the garbage collectors posted (V8's heap, Blink's cppgc heap: sweeping, incremental marking),
 * as the `toplevel` category names where a task was posted from; the devtools categories show no event
 * inside a sweeping task.
 */
const GC_SOURCE = /(^|\/)v8\/src\/heap\//;

/** Main-thread tasks (RunTask on the renderer's main thread) of a Chromium trace. */
export function mainThreadTasks(events: ChromeTraceEvent[]): MainThreadTask[] {
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  if (!main) return [];
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
  const within = (task: ChromeTraceEvent, e: ChromeTraceEvent) =>
    e.ts >= task.ts && e.ts < task.ts + task.dur!;
  const gcs = onMain.filter((e) => GC_EVENTS.has(e.name));
  const gcTasks = onMain.filter(
    (e) =>
      e.name === 'ThreadControllerImpl::RunTask' &&
      GC_SOURCE.test((e.args as { src_file?: string } | undefined)?.src_file ?? ''),
  );
  const cpuMs = (e: ChromeTraceEvent) => (e.tdur ?? e.dur!) / 1000;
  return onMain
    .filter((e) => e.name === 'RunTask')
    .map((task) => ({
      wallMs: task.dur! / 1000,
      cpuMs: cpuMs(task),
      gcMs: gcTasks.some((g) => within(task, g))
        ? cpuMs(task)
        : gcs.filter((g) => within(task, g)).reduce((ms, g) => ms + cpuMs(g), 0),
      ts: task.ts,
      calls: onMain
        .filter((e) => e !== task && e.ts >= task.ts && e.ts < task.ts + task.dur! && e.dur! > 10_000)
        .map((e) => {
          const url = (e.args as { data?: { url?: string } } | undefined)?.data?.url ?? '';
          return `${e.name} ${Math.round(e.dur! / 1000)} ms ${url}`;
        }),
    }));
}

/** Starts a Chromium trace of `page` that sees main-thread tasks and `performance.mark()`s. */
export async function traceTasks(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'],
  });
}

/** Stops the trace started by traceTasks and returns its events. */
export async function stopTrace(browser: Browser): Promise<ChromeTraceEvent[]> {
  return (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: ChromeTraceEvent[] })
    .traceEvents;
}

/**
 * The main-thread tasks from the page's `performance.mark(mark)` on (with `until`, another mark: those
 * that ended before it). CPU time, not wall time, tells a long task: on a loaded machine a short task
 * waits for a core.
 */
export function tasksBetween(events: ChromeTraceEvent[], mark: string, until?: string): MainThreadTask[] {
  const at = (name: string) => {
    const ts = events.find((e) => e.name === name)?.ts;
    if (ts === undefined) throw new Error(`no performance.mark('${name}') in the trace`);
    return ts;
  };
  const from = at(mark);
  const to = until ? at(until) : Infinity;
  return mainThreadTasks(events).filter((t) => t.ts >= from && t.ts + t.wallMs * 1000 < to);
}

/** Stops the trace and returns the main-thread tasks from `performance.mark(mark)` on (tasksBetween). */
export async function tasksSince(browser: Browser, mark: string): Promise<MainThreadTask[]> {
  return tasksBetween(await stopTrace(browser), mark);
}

/**
 * Samples the V8 heap of a page's worker (its script URL contains `urlPart`) every 200 ms through the
 * DevTools protocol (`Runtime.getHeapUsage`; a worker has no performance.memory). `stop()` gives the
 * largest used size seen, bytes.
 */
export async function sampleWorkerHeap(
  browser: Browser,
  urlPart: string,
): Promise<{ stop(): Promise<number> }> {
  const cdp = await browser.newBrowserCDPSession();
  const replies = new Map<number, (used: number) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id: number; result?: { usedSize: number } };
    replies.get(m.id)?.(m.result?.usedSize ?? 0);
  });
  let peak = 0;
  let sampling = true;
  let nextId = 1;
  const attached = new Map<string, string>();
  const sample = async (targetId: string) => {
    let sessionId = attached.get(targetId);
    if (!sessionId) {
      sessionId = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })).sessionId;
      attached.set(targetId, sessionId);
    }
    const id = nextId++;
    const used = new Promise<number>((resolve) => {
      replies.set(id, resolve);
      setTimeout(() => resolve(0), 2000);
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
    });
    peak = Math.max(peak, await used);
  };
  const loop = (async () => {
    while (sampling) {
      const { targetInfos } = await cdp.send('Target.getTargets');
      for (const t of targetInfos.filter((t) => t.type === 'worker' && t.url.includes(urlPart)))
        // A worker may end between the listing and the request (the capture worker's helper closes
        // when no part falls to it): its session is gone, and it has no heap left to sample.
        await sample(t.targetId).catch(() => attached.delete(t.targetId));
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    async stop() {
      sampling = false;
      await loop;
      await cdp.detach();
      return peak;
    },
  };
}
