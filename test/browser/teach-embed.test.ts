// Issue 7: `?embed` inside an iframe works when the built site is served from a sub-path.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import { launch, screenshot, watchErrors } from './browser';
import { recordRequests, serveStatic, type StaticServer } from './teach-helpers';

const SUBPATH = '/courses/networking/vrrpscope/';
const HOST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title></head>
<body><h1>VRRP in one picture</h1>
<iframe src="networking/vrrpscope/?embed" width="900" height="520" title="vrrpscope: the Panda failover" style="border:1px solid #ccc"></iframe>
</body></html>`;

let browser: Browser;
let server: StaticServer;
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'vrrpscope-embed-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  server = await serveStatic(outDir, SUBPATH, { '/courses/page.html': HOST_PAGE });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

it('the static build runs in an iframe from a sub-path in embed mode', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const requests = await recordRequests(context, server.url);
  const failed: string[] = [];
  context.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/courses/page.html`);
  const frame = page.frameLocator('iframe');
  await frame.locator('[data-chrome="embed"]').waitFor({ timeout: 30_000 });
  await frame.locator('.topology svg').waitFor();
  // Only the view and minimal controls: no side panel, no header.
  expect(await frame.locator('header h1').count()).toBe(0);
  const box = await frame.locator('[data-chrome="embed"]').boundingBox();
  expect(box!.width).toBeLessThanOrEqual(900);
  expect(box!.height).toBeLessThanOrEqual(520);
  await screenshot(page, 'teach-embed-iframe');
  expect(failed).toEqual([]);
  expect(requests.foreign).toEqual([]);
  expect(requests.all.some((u) => u.includes(`${SUBPATH}assets/`))).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});
