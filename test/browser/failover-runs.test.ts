/**
 * Issue 10 §2 in the app: open Panda, kill haproxy on prod-haproxy-000, open that failover in the
 * Explain panel and run N seeds. The histogram and the sentence appear, and their numbers are what
 * lib/runs computes in Node for the same scenario and seeds (the scenario read back from the app), and
 * axe finds no serious violation with them on screen.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';
import { axeSeriousViolations } from './teach-helpers';
import { simulate } from '../../src/lib/sim/index';
import { describeTakeover, failoverTimes, seedsFrom, summarizeRuns } from '../../src/lib/runs';
import { secondsExact } from '../../src/lib/trace/time';
import type { Scenario } from '../../src/lib/scenario/types';

const SEEDS = 30;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('runs N seeds for the opened failover: histogram, sentence and table as lib/runs computes them', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
  await page.getByTestId('goto').fill('10');
  await page.getByTestId('goto').press('Enter');
  await page.locator('g.node[data-node="prod-haproxy-000"]').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Kill haproxy' }).click();

  await page.getByRole('tab', { name: 'Explain' }).click();
  await page
    .getByTestId('explain-failovers')
    .getByRole('button', { name: /VRID 200: prod-haproxy-000 → prod-haproxy-001/ })
    .click();
  const runs = page.getByTestId('failover-runs');
  await runs.getByTestId('runs-seeds').fill(String(SEEDS));
  await runs.getByRole('button', { name: `Run ${SEEDS} seeds` }).click();
  const summary = runs.getByTestId('runs-summary');
  await summary.waitFor({ timeout: 120_000 });

  // The expectation: the app's own scenario (with the kill) under the same seeds, in Node.
  const scenario = JSON.parse(await page.evaluate('JSON.stringify(vrrpscope.scenario)')) as Scenario;
  const untilUs = Number(await page.evaluate('vrrpscope.endUs'));
  const seeds = seedsFrom(scenario.seed, SEEDS);
  const report = summarizeRuns(
    seeds,
    seeds.map((seed) =>
      failoverTimes(simulate({ ...scenario, seed }, { untilUs, recordDeliveries: 'changes' }).value),
    ),
  );
  const f = report.failovers.find((x) => x.key === '200:prod-haproxy-000→prod-haproxy-001#1')!;
  expect(f, 'lib/runs sees the failover in the runs').toBeDefined();
  expect(await summary.textContent()).toBe(`${describeTakeover(f, report.runs)}.`);
  expect(await summary.textContent()).toMatch(new RegExp(`^in ${SEEDS} runs prod-haproxy-001 took over `));

  const histogram = runs.getByTestId('runs-histogram');
  expect(await histogram.getAttribute('role')).toBe('img');
  expect(await histogram.getAttribute('data-bins')).toBe(
    f.sinceFault!.histogram.map((b) => b.count).join(' '),
  );
  expect(await histogram.getAttribute('aria-label')).toContain(
    `${SEEDS} runs: ${secondsExact(f.sinceFault!.min)}`,
  );

  const rows = await runs.getByTestId('runs-table').locator('tbody tr').allTextContents();
  const cells = (d: typeof f.sinceFault) => [d!.min, d!.p50, d!.p95, d!.max].map(secondsExact).join('');
  expect(rows).toEqual([
    `Takeover after haproxy killed on prod-haproxy-000${cells(f.sinceFault)}`,
    `Takeover after prod-haproxy-000's last advert${cells(f.sinceLastAdvert)}`,
    `Both MASTER (dual master)${cells(f.dualMaster)}`,
    `Until every client's ARP cache follows${cells(f.arpConverged)}`,
  ]);
  await runs.scrollIntoViewIfNeeded();
  await screenshot(page, 'failover-runs');
  expect(await axeSeriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

it('Cancel stops the seeds and says how far they got', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(baseUrl());
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
  await page.getByRole('tab', { name: 'Explain' }).click();
  await page.getByTestId('explain-failovers').getByRole('button', { name: /VRID/ }).first().click();
  const runs = page.getByTestId('failover-runs');
  await runs.getByTestId('runs-seeds').fill('5000');
  await runs.getByRole('button', { name: 'Run 5000 seeds' }).click();
  await expect
    .poll(async () => Number((await runs.getByTestId('runs-progress').textContent())?.split(' ')[0]), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);
  await runs.getByRole('button', { name: 'Cancel' }).click();
  await expect
    .poll(() => runs.getByRole('status').textContent())
    .toMatch(/^Cancelled after \d+ of 5000 seeds\.$/);
  await runs.getByRole('button', { name: 'Run 5000 seeds' }).waitFor();
});
