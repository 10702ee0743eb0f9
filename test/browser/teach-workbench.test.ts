// Issue 7 on the main view: a share link reopens the same moment and state; a broken link explains
// itself; presenter keys drive the Workbench; the topology and timeline export as SVG and PNG.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors, scenarioOnceRun } from './browser';

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'vrrpscope-wb-'));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openShareTab(page: Page) {
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.getByTestId('share-panel').waitFor();
}

async function state(page: Page) {
  return page.evaluate(() => ({
    t: document.querySelector('[data-chrome]')?.getAttribute('data-t'),
    nodes: [...document.querySelectorAll('.topology g.node')].map((g) => g.textContent),
    theme: document.documentElement.dataset.theme ?? null,
  }));
}

it('a share link from the main view reopens the same scenario, time and view', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.locator('[data-chrome="full"]').waitFor();
  // Move in time, change the theme, then open another scenario from the library and seek in it.
  await page.keyboard.press('f');
  await page.keyboard.press('f');
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('theme').click();
  await openShareTab(page);
  await page.getByTestId('library-select').selectOption('split-brain');
  await page.getByTestId('library-open').click();
  // F looks for failovers in the library scenario's run, which comes back from the simulation worker.
  await scenarioOnceRun(page, 's.name === "split-brain"');
  await page.keyboard.press('f');
  await page.getByTestId('share-button').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/\/#share=1\./);
  const before = await state(page);
  expect(before.nodes.join(' ')).toContain('web-1');
  expect(Number(before.t)).toBeGreaterThan(0);

  const again = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors2 = watchErrors(again);
  await again.goto(url);
  await again.locator('[data-chrome="full"]').waitFor();
  await expect.poll(() => state(again)).toEqual(before);
  await screenshot(again, 'teach-workbench-share-reopened');
  expect(errors).toEqual([]);
  expect(errors2).toEqual([]);
  await page.close();
  await again.close();
});

it('a broken share link opens the default scenario with an explanation', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}#share=1.garbage-that-is-not-lz`);
  await page.getByTestId('share-problems').waitFor();
  // The default scenario still runs (off the main thread) and is drawn.
  await page.locator('.topology g.node').nth(1).waitFor();
  await screenshot(page, 'teach-workbench-broken-link');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  expect(await page.getByTestId('share-problems').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

it('presenter mode on the Workbench: PageDown steps, "." blanks, "s" slows', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${baseUrl()}?present`);
  const wb = page.locator('[data-chrome="present"]');
  await wb.waitFor();
  // The scenario runs off the main thread: the steps exist once its trace is drawn.
  await page.locator('.topology g.node').first().waitFor();
  const t0 = Number(await wb.getAttribute('data-t'));
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect.poll(async () => Number(await wb.getAttribute('data-t'))).toBeGreaterThan(t0);
  const t1 = Number(await wb.getAttribute('data-t'));
  await page.keyboard.press('PageUp');
  await expect.poll(async () => Number(await wb.getAttribute('data-t'))).toBeLessThan(t1);
  await page.keyboard.press('s');
  await page.getByText('slow motion').waitFor();
  await page.mouse.move(640, 300);
  await screenshot(page, 'teach-workbench-presenter');
  await page.keyboard.press('.');
  await page.getByTestId('presenter-blank').waitFor();
  await page.close();
});

it('exports the topology and the timeline as SVG and PNG', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await page.goto(baseUrl());
  await page.locator('[data-chrome="full"]').waitFor();
  // The simulation arrives from its worker after the page is up: export once the nodes are drawn.
  await page.locator('g.node[data-node="prod-haproxy-001"]').waitFor();
  await page.keyboard.press('f');
  await openShareTab(page);
  for (const view of ['topology', 'timeline']) {
    for (const kind of ['svg', 'png']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId(`export-${view}-${kind}`).click(),
      ]);
      const path = join(dir, `${view}.${kind}`);
      await download.saveAs(path);
      const bytes = readFileSync(path);
      if (kind === 'svg') {
        const text = bytes.toString('utf8');
        expect(text).toMatch(/^<\?xml/);
        expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
        if (view === 'topology') expect(text).toContain('prod-haproxy-001');
      } else {
        expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        expect(bytes.readUInt32BE(16)).toBeGreaterThan(400);
      }
    }
  }
  // Look at the exported topology as a standalone image.
  const svgPage = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await svgPage.goto(`file://${join(dir, 'topology.png')}`);
  await screenshot(svgPage, 'teach-export-topology-png');
  await svgPage.close();
  await page.close();
});

it('exports the scenario as JSON and imports it back; a bad file is explained', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.locator('[data-chrome="full"]').waitFor();
  await openShareTab(page);
  await page.getByTestId('library-select').selectOption('three-routers');
  await page.getByTestId('library-open').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('scenario-export').click(),
  ]);
  const path = join(dir, 'three-routers.json');
  await download.saveAs(path);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  expect(json.name).toBe('three-routers');
  expect(json.nodes.map((n: { name: string }) => n.name)).toEqual(['gw-a', 'gw-b', 'gw-c']);

  await page.getByTestId('library-select').selectOption('panda');
  await page.getByTestId('library-open').click();
  await expect.poll(() => page.locator('.topology svg').first().textContent()).toContain('prod-haproxy-000');
  await page.getByTestId('scenario-import').setInputFiles(path);
  await expect.poll(() => page.locator('.topology svg').first().textContent()).toContain('gw-c');

  await page.getByTestId('scenario-import').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n  "name": "x",\n  "nodes": [ }'),
  });
  await expect.poll(() => page.locator('.share-panel [role="alert"]').textContent()).toMatch(/JSON/);
  await expect.poll(() => page.locator('.topology svg').first().textContent()).toContain('gw-c');
  expect(errors).toEqual([]);
  await page.close();
});
