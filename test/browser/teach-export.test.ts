// Issue 7: the run exported as pcap and pcapng from the browser passes tshark with zero malformed
// packets, and the pcapng carries the faults as packet comments.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch } from './browser';

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'vrrpscope-export-'));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function downloadVia(page: Page, testId: string, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  return path;
}

function tshark(file: string, ...args: string[]): string {
  return execFileSync('tshark', ['-n', '-r', file, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

it('exports pcap and pcapng that tshark reads without a malformed packet', async () => {
  const page = await browser.newPage({ acceptDownloads: true });
  await page.goto(`${baseUrl()}#/tutorial/8`);
  await page.getByTestId('story-view').waitFor();
  const pcap = await downloadVia(page, 'export-pcap', 'panda.pcap');
  const pcapng = await downloadVia(page, 'export-pcapng', 'panda.pcapng');

  for (const file of [pcap, pcapng]) {
    const all = tshark(file).trim().split('\n');
    expect(all.length).toBeGreaterThan(50);
    expect(tshark(file, '-Y', '_ws.malformed || _ws.expert.severity >= error').trim()).toBe('');
    const vrrp = tshark(file, '-Y', 'vrrp', '-T', 'fields', '-e', 'vrrp.virt_rtr_id').trim().split('\n');
    expect(new Set(vrrp)).toEqual(new Set(['200', '201']));
    expect(tshark(file, '-Y', 'arp.isgratuitous').trim().split('\n').length).toBeGreaterThanOrEqual(10);
  }
  expect(tshark(pcap, '-q', '-z', 'io,stat,0').length).toBeGreaterThan(0);
  const comments = tshark(pcapng, '-Y', 'frame.comment', '-T', 'fields', '-e', 'frame.comment');
  expect(comments).toMatch(/20\.300 s: .*haproxy/);
  expect(comments).toMatch(/40\.300 s: .*haproxy/);
  // The export's note holds: Wireshark's seconds since the epoch are the app's t, packet by packet.
  const packetTimes = JSON.parse(
    await page.evaluate('JSON.stringify(vrrpscope.trace.packets.map((p) => p.t))'),
  ) as number[];
  const epoch = tshark(pcap, '-T', 'fields', '-e', 'frame.time_epoch').trim().split('\n').map(Number);
  expect(epoch.map((s) => Math.round(s * 1e6))).toEqual(packetTimes);
  await page.close();
});
