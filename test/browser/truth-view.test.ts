/**
 * Issue 15, the view side: a split brain is drawn as a dual master (both MASTER, both holding the VIP,
 * one hatched period per VRID, markers and F stops at the changes of master); every VIP holder is drawn
 * and the clients' ARP target is marked; marker labels never overlap (their bounding boxes are measured);
 * F and space work after a click on a side tab or a dropdown.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl, screenshot, watchErrors } from './browser';
import { editorText } from './editor';
import { useBrowser } from './panels-harness';
import { simulate } from '../../src/lib/sim/index';
import { libraryEntry, pandaScenario } from '../../src/lib/scenarios/index';
import { pandaPartition } from '../fixtures/ui/panda-partition';
import type { Scenario } from '../../src/lib/scenario/types';
import { simulateJson } from '../../src/cli/simulate-json';
import { changesFromRuns, type Change } from '../fidelity/oracle';

/** `simulate --json`'s changes of master for a scenario run for 60 s (the oracle, test/fidelity/oracle.ts). */
function expectedChanges(scenario: Scenario): Change[] {
  const trace = simulate(scenario, { untilUs: 60_000_000 }).value;
  const runs = simulateJson(trace).masters.map((m) => ({
    vrid: m.vrid,
    node: m.node,
    from: Math.round(m.from * 1e6),
    to: m.to === null ? null : Math.round(m.to * 1e6),
  }));
  const interval = (vrid: number) =>
    Math.max(...trace.instances.filter((i) => i.vrid === vrid).map((i) => i.advertIntervalCs * 10_000));
  return changesFromRuns(runs, trace.endUs, 0, interval);
}

const browser = useBrowser();

const tOf = async (page: Page) => Number(await page.getByTestId('time').getAttribute('data-t'));

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser().newPage({ viewport: { width: 1280, height: 760 } });
  const errors = watchErrors(page);
  await page.goto(baseUrl());
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
  return { page, errors };
}

async function load(page: Page, scenario: Scenario): Promise<void> {
  await page.evaluate(
    async (s) => {
      const session = (
        globalThis as unknown as {
          vrrpscope: { loadScenario(s: unknown): Promise<void>; seek(t: number): void };
        }
      ).vrrpscope;
      await session.loadScenario(s);
      session.seek(0);
    },
    scenario as unknown as Record<string, unknown>,
  );
}

/** Label boxes that overlap one another, or run past the next marker line of their lane. */
function labelClashes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const lane of document.querySelectorAll('.timeline g.lane')) {
      const markers = [...lane.querySelectorAll('g.failover')].sort(
        (a, b) => Number(a.getAttribute('data-failover')) - Number(b.getAttribute('data-failover')),
      );
      const boxes = markers.map((m) => m.querySelector('text')?.getBoundingClientRect() ?? null);
      const lines = markers.map((m) => m.querySelector('line')!.getBoundingClientRect());
      for (let k = 0; k < markers.length; k++) {
        const b = boxes[k];
        if (!b) continue;
        if (k + 1 < markers.length && b.right > lines[k + 1].left)
          out.push(`${lane.getAttribute('data-lane')}: label ${k} runs past marker ${k + 1}`);
        for (let j = k + 1; j < markers.length; j++) {
          const c = boxes[j];
          if (c && b.left < c.right && c.left < b.right && b.top < c.bottom && c.top < b.bottom)
            out.push(`${lane.getAttribute('data-lane')}: labels ${k} and ${j} overlap`);
        }
      }
    }
    return out;
  });
}

it('Panda with a partition: a dual master per VRID, F stops at the changes of master', async () => {
  const { page, errors } = await open();
  const scenario = pandaPartition();
  await load(page, scenario);
  // The simulator's own states: who is MASTER when, per VRID (the oracle of this check).
  const trace = simulate(scenario, { untilUs: 60_000_000 }).value;
  const masterOf = (t: number, vrid: number) => {
    const state = new Map<string, string>();
    for (const e of trace.events) {
      if (e.t > t) break;
      if (e.kind === 'state') state.set(e.instance, e.to);
    }
    return trace.instances
      .filter((i) => i.vrid === vrid && state.get(i.id) === 'MASTER')
      .map((i) => i.node)
      .sort();
  };
  expect(masterOf(12e6, 200)).toEqual(['prod-haproxy-000', 'prod-haproxy-001']);

  const expected = expectedChanges(scenario);
  expect(expected.map((c) => [c.vrid, c.kind])).toEqual([
    [200, 'dual-master'],
    [201, 'dual-master'],
    [200, 'takeover'],
    [200, 'takeover'],
  ]);
  await page.keyboard.press('f');
  expect(await tOf(page)).toBe(expected[0].t);
  await page.getByTestId('goto').fill('12');
  await page.getByTestId('goto').press('Enter');
  await page.evaluate('document.activeElement?.blur()');
  for (const node of ['prod-haproxy-000', 'prod-haproxy-001']) {
    const badges = await page
      .locator(`g.node[data-node="${node}"] g.inst`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(
      badges.filter((b) => b === 'MASTER'),
      node,
    ).toHaveLength(2);
  }
  // Both hold both VIPs: one primary badge and one "dual master" badge per VIP.
  for (const vip of ['192.168.3.200', '192.168.3.201']) {
    const holders = await page.locator(`g.vip[data-vip="${vip}"]`).getAttribute('data-vip-holders');
    expect(holders!.split(' ').sort()).toEqual(['prod-haproxy-000', 'prod-haproxy-001']);
    expect(await page.locator(`g.vip-also[data-vip-also="${vip}"]`).count()).toBe(1);
  }
  await screenshot(page, 'truth-view-panda-partition-dual');
  const dual = await page
    .locator('rect.dual-master')
    .evaluateAll((els) => els.map((e) => e.closest('g.lane')!.getAttribute('data-lane')));
  expect(dual.sort()).toEqual(['ipv4/200', 'ipv4/201']);
  // F from 12 s: the real takeover after the haproxy kill, then the failback.
  for (const c of expected.slice(2)) {
    await page.keyboard.press('f');
    expect(await tOf(page)).toBe(c.t);
  }
  const kinds = await page
    .locator('g.lane[data-lane="ipv4/200"] g.failover')
    .evaluateAll((els) =>
      els.map((e) => [Number(e.getAttribute('data-failover')), e.getAttribute('data-kind')]),
    );
  expect(kinds).toEqual(expected.filter((c) => c.vrid === 200).map((c) => [c.t, c.kind]));
  expect(await labelClashes(page)).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});

it('library "Split brain": one dual-master period, both nodes MASTER, labels clear', async () => {
  const { page, errors } = await open();
  await load(page, libraryEntry('split-brain')!.build());
  await page.keyboard.press('f');
  const t = await tOf(page);
  expect(t).toBeGreaterThan(15_000_000);
  expect(await page.locator('rect.dual-master').count()).toBe(1);
  expect(await page.locator('g.failover').count()).toBe(1);
  expect(await page.locator('g.failover').getAttribute('data-kind')).toBe('dual-master');
  for (const node of ['web-1', 'web-2'])
    expect(await page.locator(`g.node[data-node="${node}"] g.inst`).getAttribute('data-state')).toBe(
      'MASTER',
    );
  expect(await labelClashes(page)).toEqual([]);
  await screenshot(page, 'truth-view-split-brain');
  expect(errors).toEqual([]);
  await page.close();
});

it('SIGKILL leaves the VIPs on the stopped node: both holders drawn, the ARP target marked', async () => {
  const { page, errors } = await open();
  const s = pandaScenario();
  await load(page, {
    ...s,
    events: [...(s.events ?? []), { at: 30, action: 'kill-keepalived', node: 'prod-haproxy-001' }].sort(
      (a, b) => a.at - b.at,
    ) as Scenario['events'],
  });
  await page.getByTestId('goto').fill('36');
  await page.getByTestId('goto').press('Enter');
  const vip = page.locator('g.vip[data-vip="192.168.3.200"]');
  expect(await vip.getAttribute('data-vip-holder')).toBe('prod-haproxy-000');
  expect(await vip.getAttribute('data-arp-target')).toBe('true');
  expect(await vip.getAttribute('aria-label')).toContain("the clients' ARP caches point here");
  const stale = page.locator('g.vip-also[data-vip-also="192.168.3.200"]');
  expect(await stale.getAttribute('data-vip-holder')).toBe('prod-haproxy-001');
  expect(await stale.locator('text').textContent()).toBe('VIP 192.168.3.200 (stale)');
  await screenshot(page, 'truth-view-sigkill-vips');
  expect(errors).toEqual([]);
  await page.close();
});

it('F and space work after a click on a side tab or a dropdown', async () => {
  const { page, errors } = await open();
  await page.getByRole('tab', { name: 'Explain' }).click();
  await page.keyboard.press('f');
  const first = await tOf(page);
  expect(first).toBe(expectedChanges(pandaScenario())[0].t);
  // Explain follows the failover: the instance that became MASTER is selected.
  expect(await page.getByTestId('explain-instance').inputValue()).toBe('prod-haproxy-001/192.168.3.200');
  await page.getByTestId('explain-instance').focus();
  await page.keyboard.press('f');
  expect(await tOf(page)).toBeGreaterThan(first);
  await page.getByRole('tab', { name: 'Faults' }).click();
  await page.keyboard.press(' ');
  await expect.poll(() => page.evaluate('vrrpscope.playing')).toBe(true);
  await page.keyboard.press(' ');
  await expect.poll(() => page.evaluate('vrrpscope.playing')).toBe(false);
  // In a text field the keys type.
  await page.getByTestId('goto').focus();
  const before = await tOf(page);
  await page.keyboard.press('f');
  expect(await tOf(page)).toBe(before);
  expect(errors).toEqual([]);
  await page.close();
});

it('a config keepalived refuses is not applied; an applied edit can be undone with "Restore original"', async () => {
  const { page, errors } = await open();
  await page.getByRole('tab', { name: 'Config' }).click();
  const text = page.getByTestId('config-text');
  await expect.poll(() => editorText(text)).toContain('virtual_router_id 200');
  const original = await editorText(text);
  // Without virtual_router_id, keepalived refuses to start (and `vrrpscope lint` exits 1).
  await text.fill(original.replace(/^\s*virtual_router_id 200\n/m, ''));
  await expect.poll(() => page.getByTestId('apply-config').isDisabled()).toBe(true);
  expect(await page.getByTestId('config-refused').textContent()).toContain(
    "keepalived refuses to start with prod-haproxy-000's config (1 error)",
  );
  await screenshot(page, 'truth-view-config-refused');
  // A valid edit applies; Restore original brings the loaded configs back.
  await text.fill(original.replace(/priority 100/, 'priority 90'));
  await page.getByTestId('apply-config').click();
  const configOf0 = () =>
    page.evaluate(
      'vrrpscope.scenario.nodes.find((n) => n.name === "prod-haproxy-000").config',
    ) as Promise<string>;
  await expect.poll(configOf0).toContain('priority 90');
  await page.getByTestId('restore-config').click();
  await expect.poll(configOf0).toBe(original);
  expect(await page.getByTestId('restore-config').isDisabled()).toBe(true);
  expect(errors).toEqual([]);
  await page.close();
});

it('exports: the topology PNG has no empty bands; the timeline PNG keeps "60 s" and leaves out the zoom strip', async () => {
  const { page, errors } = await open();
  // Runs in the page: the app's own export functions, imported from the dev server (a string, so that
  // the test runner leaves the import alone), and the PNG's rows that are all background.
  const measure = (
    selector: string,
  ): Promise<{ top: number; bottom: number; text: string; overview: number }> =>
    page.evaluate(`(async () => {
      const mod = await import('/src/ui/teach/image-export.ts');
      const svg = document.querySelector(${JSON.stringify(selector)});
      const bitmap = await createImageBitmap(await mod.svgToPng(svg, 1));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      const blank = (y) => {
        for (let x = 0; x < width; x++) {
          const k = (y * width + x) * 4;
          if (data[k] !== data[0] || data[k + 1] !== data[1] || data[k + 2] !== data[2]) return false;
        }
        return true;
      };
      let top = 0;
      while (top < height && blank(top)) top++;
      let bottom = 0;
      while (bottom < height && blank(height - 1 - bottom)) bottom++;
      const text = mod.svgToString(svg);
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { top, bottom, text, overview: doc.querySelectorAll('.overview').length };
    })()`);
  const topo = await measure('.topology svg');
  expect(topo.top, 'empty rows above the topology').toBeLessThan(30);
  expect(topo.bottom, 'empty rows below the topology').toBeLessThan(30);
  const timeline = await measure('.timeline svg');
  expect(timeline.overview).toBe(0);
  expect(timeline.text).toContain('60 s');
  // The last axis label lies inside the exported frame.
  const inside = await page.evaluate(() => {
    const labels = [...document.querySelectorAll<SVGTextElement>('.timeline .axis text')];
    const last = labels[labels.length - 1];
    const b = last.getBBox();
    return b.x + b.width;
  });
  const [vx, , vw] = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+)/.exec(timeline.text)!.slice(1).map(Number);
  expect(vx + vw).toBeGreaterThanOrEqual(inside);
  expect(errors).toEqual([]);
  await page.close();
});

it('the workbench links to the tutorial, presenter mode and the embed snippet, and the tutorial back', async () => {
  const { page, errors } = await open();
  await page.getByTestId('to-tutorial').click();
  await page.getByTestId('tutorial').waitFor();
  expect(await page.getByTestId('to-present').getAttribute('href')).toMatch(/^\?present#\/tutorial\/\d$/);
  await page.getByTestId('to-workbench').click();
  await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
  expect(await page.getByTestId('to-present').getAttribute('href')).toBe('?present');
  await page.getByRole('tab', { name: 'Share' }).click();
  expect(await page.getByTestId('embed-snippet').inputValue()).toMatch(/^<iframe src="http:\/\/.+\?embed"/);
  await page.getByTestId('to-embed').click();
  await page.locator('[data-chrome="embed"]').waitFor({ timeout: 30_000 });
  expect(errors).toEqual([]);
  await page.close();
});
