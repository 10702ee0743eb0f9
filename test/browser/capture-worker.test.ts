/**
 * The capture worker in real Chromium: a large capture goes through `openCapture()` from a file
 * input; progress arrives chunk by chunk, the result is complete, and no main-thread task takes
 * longer than 50 ms of CPU meanwhile (a Chromium trace).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_CHUNK_BYTES } from '../../src/lib/pcap/source';
import { BROWSER_TRACE_ROWS } from '../../src/worker/client';
import { generateCapture } from '../bench/gen-capture';
import { baseUrl, launch, screenshot, tasksSince, traceTasks, watchErrors } from './browser';

const PACKETS = 300_000;
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-worker-'));

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('capture decoding in a Web Worker', () => {
  it('decodes a large capture with progress and without blocking the main thread', async () => {
    const file = join(dir, 'large.pcap');
    const bytes = generateCapture(file, PACKETS);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(new URL('test/browser/pages/capture-worker.html', baseUrl()).href);
    await traceTasks(browser, page);
    await page.setInputFiles('#file', file);
    await page.waitForFunction(() => 'captureResult' in window, undefined, { timeout: 90_000 });
    const r = (await page.evaluate(
      () => (window as unknown as { captureResult: unknown }).captureResult,
    )) as {
      progress: number[];
      packets: number;
      routers: number;
      tracePackets: number;
      firstBytes: number;
    };
    await screenshot(page, 'capture-worker');
    expect(errors).toEqual([]);
    expect(r.packets).toBe(PACKETS);
    expect(r.routers).toBe(20);
    // The replay's window: whole blocks of the sparse index (1024 records), no more than the rows asked for.
    expect(r.tracePackets).toBeLessThanOrEqual(BROWSER_TRACE_ROWS);
    expect(r.tracePackets).toBeGreaterThan(BROWSER_TRACE_ROWS - 1024);
    expect(r.firstBytes).toBeGreaterThan(50);
    // A status per chunk read (the Blob is read in BLOB_CHUNK_BYTES slices), not only at the end.
    expect(r.progress.length).toBeGreaterThanOrEqual(Math.ceil(bytes / BLOB_CHUNK_BYTES));
    expect(r.progress.length).toBeGreaterThan(1);
    expect(r.progress.at(-1)).toBe(1);
    expect(await page.locator('#progress').evaluate((p: HTMLProgressElement) => p.value)).toBe(1);
    // No main-thread task over 50 ms of CPU from the pick on (wall time counts waits for a core).
    expect((await tasksSince(browser, 'capture-picked')).filter((t) => t.cpuMs > 50)).toEqual([]);
  });
});
