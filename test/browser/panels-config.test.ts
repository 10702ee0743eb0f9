import { expect, it } from 'vitest';
import { screenshot } from './browser';
import { openHarness, useBrowser } from './panels-harness';
import { editorSelection, editorText, markedLines } from './editor';

const browser = useBrowser();

type Session = {
  scenario: { nodes: { name: string; config: string }[] } | null;
  trace: { endUs: number } | null;
};

it('edits Panda configs with live positioned diagnostics, jumps to them, applies, adds and removes nodes', async () => {
  const { page, errors } = await openHarness(browser(), 'panel=config');
  const text = page.getByTestId('config-text');
  await expect.poll(() => editorText(text)).toContain('virtual_router_id 200');
  const original = await editorText(text);
  // An out-of-range priority (§7: keepalived reports it and uses 100), on the line of the first priority.
  const line = original.split('\n').findIndex((l) => /^\s*priority\s+\d+/.test(l)) + 1;
  const edited = original.replace(/priority\s+(\d+)/, 'priority 300');
  await text.fill(edited);
  const diag = page.getByTestId('diagnostics').locator(`button[data-line="${line}"]`);
  await diag.first().waitFor();
  expect(await diag.first().textContent()).toContain('300');
  await expect.poll(async () => (await markedLines(text))[line]).toMatch(/error|warning/);
  // Its marker in the text carries keepalived's message.
  expect(await page.locator('.cm-lintRange-error, .cm-lintRange-warning').count()).toBeGreaterThan(0);
  await text.evaluate((el) => {
    const v = (el as unknown as { editorView: { dispatch(t: object): void } }).editorView;
    v.dispatch({ selection: { anchor: 0 } });
  });
  await diag.first().click();
  const lineStart =
    edited
      .split('\n')
      .slice(0, line - 1)
      .join('\n').length + 1;
  const lineEnd = lineStart + edited.split('\n')[line - 1].length;
  const [start, end] = await editorSelection(text);
  expect(start).toBeGreaterThanOrEqual(lineStart);
  expect(end).toBeLessThanOrEqual(lineEnd);
  await screenshot(page, 'panels-config-diagnostic');

  // A lint finding about the other node opens that node's config at the finding's line (§4.8 weights).
  const other = page
    .getByRole('list', { name: 'Scenario lint findings' })
    .locator('button[data-node="prod-haproxy-001"]');
  const otherLine = Number(await other.first().getAttribute('data-line'));
  await other.first().click();
  await expect
    .poll(() => page.getByRole('tab', { name: 'prod-haproxy-001' }).getAttribute('aria-selected'))
    .toBe('true');
  const otherText = await editorText(text);
  const otherStart =
    otherText
      .split('\n')
      .slice(0, otherLine - 1)
      .join('\n').length + 1;
  await expect.poll(async () => (await editorSelection(text))[0]).toBe(otherStart);
  await screenshot(page, 'panels-config-other-node');
  await page.getByRole('tab', { name: 'prod-haproxy-000' }).click();

  // Apply re-simulates through the session with the edited text.
  await page.getByTestId('apply-config').click();
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { __session: Session }).__session.scenario!.nodes[0].config),
    )
    .toContain('priority 300');
  expect(
    await page.evaluate(() => (window as unknown as { __session: Session }).__session.trace!.endUs),
  ).toBeGreaterThan(0);

  await page.getByTestId('add-node').click();
  await expect
    .poll(() => page.getByRole('tab', { name: 'node-3' }).getAttribute('aria-selected'))
    .toBe('true');
  await page.getByTestId('apply-config').click();
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __session: Session }).__session.scenario!.nodes.map((n) => n.name),
      ),
    )
    .toEqual(['prod-haproxy-000', 'prod-haproxy-001', 'node-3']);
  await screenshot(page, 'panels-config-three-nodes');
  await page.getByTestId('remove-node').click();
  await expect.poll(() => page.getByRole('tablist', { name: 'Nodes' }).getByRole('tab').count()).toBe(2);
  expect(errors).toEqual([]);
});
