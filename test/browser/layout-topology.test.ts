/**
 * The topology at 1280×720: every line of text of a node box stays inside its box (the box is sized
 * from its content), a VIP that nobody holds sits clear of the LAN line, and a held VIP sits above its
 * holder without covering the box's border. Checked over the simulated Panda story (haproxy killed on
 * prod-haproxy-000: "haproxy down") and over the Panda capture (an ARP cache of four entries), in the
 * light and the dark theme.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl, screenshot, watchErrors } from './browser';
import { useBrowser } from './panels-harness';

const browser = useBrowser();

interface Problem {
  what: string;
  node?: string;
  text?: string;
}

/** All the overlaps the reviewer saw, measured in the page (getBBox against the box's rect). */
function problems(page: Page): Promise<Problem[]> {
  return page.evaluate(() => {
    const out: { what: string; node?: string; text?: string }[] = [];
    const rect = (e: Element) => e.getBoundingClientRect();
    const meets = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const g of document.querySelectorAll<SVGGElement>('svg g.node')) {
      const box = g.querySelector<SVGRectElement>('rect.box')!;
      const w = box.width.baseVal.value;
      const h = box.height.baseVal.value;
      for (const t of g.querySelectorAll<SVGTextElement>('text')) {
        if (!t.textContent) continue;
        const b = t.getBBox();
        if (b.x < 0 || b.y < 0 || b.x + b.width > w || b.y + b.height > h)
          out.push({ what: 'text overflows its box', node: g.dataset.node, text: t.textContent });
      }
    }
    const bus = document.querySelector('svg line.bus')!;
    for (const v of document.querySelectorAll<SVGGElement>('svg g.vip, svg g.vip-also')) {
      const badge = rect(v.querySelector('rect')!);
      const holder = v.getAttribute('data-vip-holder');
      if (!holder) {
        if (meets(badge, rect(bus))) out.push({ what: 'unheld badge on the LAN line', text: v.dataset.vip });
        continue;
      }
      const box = document.querySelector(`svg g.node[data-node="${holder}"] rect.box`);
      if (!box) continue;
      // Outside the border's stroke (up to 4 px wide when focused): strictly above the box.
      if (badge.bottom > rect(box).top - 2)
        out.push({ what: 'held badge covers its box', node: holder, text: v.dataset.vip });
    }
    for (const a of document.querySelectorAll('svg g.vip, svg g.vip-also'))
      for (const b of document.querySelectorAll('svg g.vip, svg g.vip-also'))
        if (a !== b && meets(rect(a.querySelector('rect')!), rect(b.querySelector('rect')!)))
          out.push({ what: 'badges overlap', text: a.getAttribute('data-vip')! });
    return out;
  });
}

async function goTo(page: Page, seconds: number): Promise<void> {
  await page.getByTestId('goto').fill(String(seconds));
  await page.getByTestId('goto').press('Enter');
}

for (const scheme of ['light', 'dark'] as const) {
  it(`simulated Panda: no text outside its box, no badge on a line or a border (${scheme})`, async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 720 }, colorScheme: scheme });
    const errors = watchErrors(page);
    await page.goto(baseUrl());
    await page.locator('g.node[data-node="prod-haproxy-000"]').waitFor();
    // Kill haproxy at 10 s, as in the story, so the subtitle reads "haproxy down".
    await goTo(page, 10);
    await page.locator('g.node[data-node="prod-haproxy-000"]').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Kill haproxy' }).click();
    const seen = new Set<string>();
    for (const s of [0, 1, 3, 5, 11, 14, 20, 30, 45, 59]) {
      await goTo(page, s);
      const sub = await page.locator('g.node[data-node="prod-haproxy-000"] text.sub').textContent();
      seen.add(sub!);
      expect(await problems(page), `at ${s} s`).toEqual([]);
      if (s === 0) await screenshot(page, `layout-topology-sim-start-${scheme}`);
      if (s === 14) await screenshot(page, `layout-topology-sim-failover-${scheme}`);
    }
    expect([...seen].some((t) => t.includes('haproxy down'))).toBe(true);
    // The failover marker: the gap is called a gap, the time since the kill is given, the title explains.
    const marker = page
      .locator('g.failover', { has: page.locator('text', { hasText: 'after kill haproxy' }) })
      .first();
    expect(await marker.locator('text').textContent()).toMatch(
      /^→ prod-haproxy-001 · gap \d+\.\d{3} s · \d+\.\d{2} s after kill haproxy$/,
    );
    expect(await marker.locator(':scope > title').textContent()).toContain("not the failover's latency");
    expect(errors).toEqual([]);
    await page.close();
  });

  it(`Panda capture: the capture point's ARP lines stay in its box (${scheme})`, async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 720 }, colorScheme: scheme });
    const errors = watchErrors(page);
    await page.goto(baseUrl());
    await page.getByRole('tab', { name: 'Capture' }).click();
    const pick = page.getByTestId('capture-bundled');
    const names = await pick.locator('option').allTextContents();
    await pick.selectOption(names.find((n) => n.startsWith('panda.pcap')) ?? names[0]);
    await page.getByTestId('capture-open').click();
    await page.getByTestId('capture-report').waitFor({ timeout: 60_000 });
    let maxArp = 0;
    for (const s of [0, 5, 16.7, 30, 36]) {
      await goTo(page, s);
      maxArp = Math.max(maxArp, await page.locator('svg g.node text.arp').count());
      expect(await problems(page), `at ${s} s`).toEqual([]);
    }
    expect(maxArp).toBeGreaterThanOrEqual(3);
    await screenshot(page, `layout-topology-capture-${scheme}`);
    expect(errors).toEqual([]);
    await page.close();
  });
}
