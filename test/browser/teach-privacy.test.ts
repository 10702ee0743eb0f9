// Issue 7: no request leaves the origin, and names from configs and captures render only as text.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors } from './browser';
import { recordRequests } from './teach-helpers';
import { encodeShareFragment } from '../../src/lib/share';
import type { Scenario } from '../../src/lib/scenario/types';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('every request of the main view, the tutorial and a run stays on the origin', async () => {
  const origin = new URL(baseUrl()).origin;
  const context = await browser.newContext();
  const requests = await recordRequests(context, origin);
  const page = await context.newPage();
  await page.goto(baseUrl());
  await page.locator('[data-chrome="full"]').waitFor();
  await page.keyboard.press('Space');
  await page.waitForTimeout(500);
  await page.goto(`${baseUrl()}#/tutorial/6`);
  await page
    .locator('[data-instance="prod-haproxy-001/192.168.3.200"][data-state="MASTER"]')
    .waitFor({ timeout: 30_000 });
  expect(requests.all.length).toBeGreaterThan(3);
  expect(requests.foreign).toEqual([]);
  await context.close();
});

const EVIL = '<img src=x onerror="window.__pwned=1">';
const evilConfig = `# ${EVIL}
vrrp_script chk_${'x'} {
  script "killall -0 haproxy"
  interval 2
  weight -2
}
vrrp_instance ${EVIL.replace(/\s/g, '_')} {
  interface eth0
  state MASTER
  virtual_router_id 9
  priority 100
  virtual_ipaddress {
    10.9.9.9
  }
}
`;

it('hostile names in configs and scenarios render as text', async () => {
  const scenario: Scenario = {
    name: EVIL,
    seed: 1,
    nodes: [
      { name: EVIL, interfaces: { eth0: ['10.9.9.1/24'] }, config: evilConfig, processes: ['haproxy'] },
    ],
    clients: [{ name: `app ${EVIL}`, interfaces: { eth0: ['10.9.9.50/24'] }, hosts: { [EVIL]: '10.9.9.9' } }],
    duration: 20,
  };
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(
    `${baseUrl()}#/tutorial/3?${encodeShareFragment({ scenario, t: 15_000_000, view: { chapter: 3 } }).slice(1)}`,
  );
  await page.getByTestId('story-view').waitFor();
  await expect.poll(() => page.getByTestId('story-view').textContent()).toContain(EVIL);
  expect(await page.getByTestId('chapter-panel').textContent()).toContain(EVIL);
  await screenshot(page, 'teach-hostile-tutorial');
  expect(await page.locator('img').count()).toBe(0);

  // The same names through the main view, and a "capture" trace whose inferred node names are hostile.
  await page.goto(baseUrl());
  await page.locator('[data-chrome="full"]').waitFor();
  await page.evaluate(
    async ([evil, sc]) => {
      type S = {
        trace: { nodes: { name: string }[] };
        loadScenario(s: unknown): Promise<void>;
        seek(t: number): void;
        loadTrace(t: unknown): void;
      };
      const s = (globalThis as unknown as { vrrpscope: S }).vrrpscope;
      await s.loadScenario(sc);
      s.seek(15_000_000);
      const trace = structuredClone(s.trace);
      trace.nodes.forEach((n) => (n.name = evil));
      s.loadTrace({ ...trace, origin: { source: 'capture', name: evil, epochUs: 0 } });
    },
    [EVIL, scenario] as const,
  );
  await page.waitForTimeout(300);
  await screenshot(page, 'teach-hostile-main');
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  await page.close();
});
