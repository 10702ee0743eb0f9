/**
 * Issue 6, "Must show": the app opens on the Panda scenario; killing haproxy on prod-haproxy-000 (from
 * the node's context menu) moves 192.168.3.200 to prod-haproxy-001 at the virtual time the simulator
 * predicts, the app server's ARP cache follows to 001's MAC, and stepping back restores the earlier
 * state. The prediction is a `simulate` call here, in Node, on the very scenario the app runs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, screenshot, watchErrors, scenarioOnceRun } from './browser';
import { simulate } from '../../src/lib/sim/index';
import type { Scenario } from '../../src/lib/scenario/types';
import type { Trace } from '../../src/lib/trace/types';

const MAC_001 = 'bc:76:4e:05:eb:70';
const VIP = '192.168.3.200';
const KILL_AT_S = 10;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const tOf = async (page: Page) => Number(await page.getByTestId('time').getAttribute('data-t'));
const holder = (page: Page) => page.locator(`g.vip[data-vip="${VIP}"]`).getAttribute('data-vip-holder');
const holders = (page: Page) => page.locator(`g.vip[data-vip="${VIP}"]`).getAttribute('data-vip-holders');
const appArp = (page: Page, client: string) =>
  page.locator(`g.node[data-node="${client}"] [data-arp-ip="${VIP}"]`).getAttribute('data-arp-mac');

async function goTo(page: Page, seconds: number): Promise<void> {
  await page.getByTestId('goto').fill(String(seconds));
  await page.getByTestId('goto').press('Enter');
}

it('kill haproxy on 000: the VIP and the ARP cache move when the simulator says', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
  await screenshot(page, 'panda-01-opened');

  await goTo(page, KILL_AT_S);
  expect(await tOf(page)).toBe(KILL_AT_S * 1e6);
  expect(await holder(page)).toBe('prod-haproxy-000');
  await page.locator('g.node[data-node="prod-haproxy-000"]').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Kill haproxy' }).waitFor();
  await screenshot(page, 'panda-02-context-menu');
  await page.getByRole('menuitem', { name: 'Kill haproxy' }).click();
  // The run with the kill comes back from the simulation worker; the scenario and trace swap together.
  await scenarioOnceRun(page, `s.events.some((e) => e.at === ${KILL_AT_S})`);

  // The prediction: the app's own scenario (now with the kill) run by the simulator in Node.
  const scenario = JSON.parse(await page.evaluate('JSON.stringify(vrrpscope.scenario)')) as Scenario;
  const endUs = Number(await page.evaluate('vrrpscope.endUs'));
  expect(
    scenario.events?.some(
      (e) => e.action === 'kill-process' && e.node === 'prod-haproxy-000' && e.at === KILL_AT_S,
    ),
  ).toBe(true);
  const trace: Trace = simulate(scenario, { untilUs: endUs }).value;
  const failover = trace.events.find((e) => e.kind === 'failover' && e.vrid === 200 && e.t > KILL_AT_S * 1e6);
  expect(failover, 'the simulator predicts a failover of VRID 200').toBeDefined();
  const client = trace.nodes.find(
    (n) => n.role === 'client' && n.hosts?.['prod-db-internal.panda.com'] === VIP,
  )!.id;
  const arpUpdate = trace.events.find(
    (e) => e.kind === 'arp-cache' && e.node === client && e.address === VIP && e.mac === MAC_001,
  );
  expect(arpUpdate).toBeDefined();

  await page.getByTestId('next-failover').click();
  expect(await tOf(page)).toBe(failover!.t);
  // At 001's entry into MASTER both hold the VIP until 000 reads 001's advert; the clients still
  // point at 000 until 001's gratuitous ARP reaches them.
  expect((await holders(page))?.split(' ')).toContain('prod-haproxy-001');
  await screenshot(page, 'panda-03-failover');

  await goTo(page, arpUpdate!.t / 1e6);
  expect(await holder(page)).toBe('prod-haproxy-001');
  expect(await appArp(page, client)).toBe(MAC_001);
  await screenshot(page, 'panda-04-arp-follows');

  // Step back over events until before the failover: the VIP and the cache are 000's again.
  await page.evaluate('document.activeElement?.blur()');
  // Before 001 entered MASTER (the failover is dated when 000 yields, a few hundred µs later).
  const entered = trace.events.find(
    (e) => e.kind === 'state' && e.node === 'prod-haproxy-001' && e.to === 'MASTER' && e.t > KILL_AT_S * 1e6,
  )!.t;
  while ((await tOf(page)) >= entered) await page.keyboard.press('ArrowLeft');
  expect(await holder(page)).toBe('prod-haproxy-000');
  expect(await appArp(page, client)).toBe('bc:76:4e:05:6c:1c');
  await screenshot(page, 'panda-05-stepped-back');
  expect(errors).toEqual([]);
});
