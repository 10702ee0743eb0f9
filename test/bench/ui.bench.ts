/**
 * UI benchmark (issue 6): frame-time p95 in headless Chromium while the view plays Panda and a
 * 32-node scenario (goal < 16.7 ms), against an empty requestAnimationFrame loop on the same page
 * in the same run; and the gzipped size of the initial JS of `vite build` (goal < 250 kB).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServer } from 'vite';
import { chromium, type Page } from 'playwright-core';
import type { BenchReport } from '../../src/cli/bench';
import type { Scenario } from '../../src/lib/scenario/types';
import { CHROMIUM_ARGS } from '../browser/browser';

export const name = 'ui';
const FRAMES = 240;

/** The script and modulepreload chunks index.html loads before anything lazy. */
function initialJsGzipBytes(): { bytes: number; files: number } {
  const out = mkdtempSync(join(tmpdir(), 'vrrpscope-build-'));
  try {
    execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
      stdio: 'inherit',
    });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const refs = [
      ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g),
    ].map((m) => m[1]);
    const bytes = refs.reduce(
      (sum, ref) => sum + gzipSync(readFileSync(join(out, ref)), { level: 9 }).length,
      0,
    );
    return { bytes, files: refs.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** 32 keepalived nodes: 16 VRIDs, each shared by four nodes, with haproxy killed on a few masters. */
function scenario32(): Scenario {
  const nodes = Array.from({ length: 32 }, (_, k) => {
    const vrids = [k % 16, (k + 1) % 16].map((v) => v + 1);
    const blocks = vrids.map(
      (v, j) =>
        `vrrp_instance VI_${v} {\n  interface eth0\n  state BACKUP\n  virtual_router_id ${v}\n  priority ${200 - k * 2 - j}\n  advert_int 1\n  virtual_ipaddress {\n    10.0.1.${v}/32\n  }\n  track_script {\n    chk_haproxy\n  }\n}\n`,
    );
    return {
      name: `node-${String(k).padStart(2, '0')}`,
      interfaces: { eth0: [`10.0.0.${k + 10}/24`] },
      config: `vrrp_script chk_haproxy {\n  script "killall -0 haproxy"\n  interval 2\n  weight -50\n}\n${blocks.join('')}`,
      processes: ['haproxy'],
    };
  });
  const events = [0, 5, 9].map((k, j) => ({
    at: 15 + j * 10,
    node: nodes[k].name,
    action: 'kill-process' as const,
    process: 'haproxy',
  }));
  return { name: 'bench-32', seed: 1, nodes, events, duration: 60 };
}

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

interface Frames {
  /** Main-thread time of each frame: from its start to the first task after rendering (ms). */
  work: number[];
  /** rAF-to-rAF intervals (ms). */
  intervals: number[];
}

/** Over FRAMES frames: each frame's main-thread work (rAF callbacks, Svelte flush, style, layout,
 * paint) measured as the time from the frame's start to a message posted from rAF, and the intervals. */
function measureFrames(page: Page): Promise<Frames> {
  return page.evaluate(`new Promise((done) => {
    const work = [], intervals = [];
    const ch = new MessageChannel();
    let start = 0, last = 0;
    ch.port1.onmessage = () => {
      work.push(performance.now() - start);
      if (work.length < ${FRAMES}) requestAnimationFrame(step);
      else done({ work, intervals });
    };
    const step = (now) => {
      if (last) intervals.push(now - last);
      last = start = now;
      ch.port2.postMessage(0);
    };
    requestAnimationFrame(step);
  })`) as Promise<Frames>;
}

async function playing(page: Page, speed: number): Promise<Frames> {
  await page.evaluate(`vrrpscope.seek(0); vrrpscope.setSpeed(${speed}); vrrpscope.play()`);
  const f = await measureFrames(page);
  await page.evaluate('vrrpscope.pause()');
  return f;
}

export async function run(): Promise<BenchReport> {
  const size = initialJsGzipBytes();
  const server = await createServer({
    configFile: 'vite.config.ts',
    server: { port: 0, host: '127.0.0.1' },
    logLevel: 'error',
  });
  await server.listen();
  const address = server.httpServer?.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(url);
    await page.locator('g.node').first().waitFor();
    await measureFrames(page); // warm-up
    const baseline = await measureFrames(page);
    const panda = await playing(page, 10);
    await page.evaluate(`vrrpscope.loadScenario(${JSON.stringify(scenario32())})`);
    await page.locator('g.node[data-node="node-31"]').waitFor();
    const big = await playing(page, 10);
    const ms = (v: number) => +v.toFixed(2);
    const metrics = {
      baselineP95Ms: ms(p95(baseline.work)),
      pandaP95Ms: ms(p95(panda.work)),
      nodes32P95Ms: ms(p95(big.work)),
      pandaVsBaseline: +(p95(panda.work) / p95(baseline.work)).toFixed(1),
      nodes32VsBaseline: +(p95(big.work) / p95(baseline.work)).toFixed(1),
      baselineIntervalP95Ms: ms(p95(baseline.intervals)),
      pandaIntervalP95Ms: ms(p95(panda.intervals)),
      nodes32IntervalP95Ms: ms(p95(big.intervals)),
      initialJsGzipKB: +(size.bytes / 1024).toFixed(1),
      initialJsFiles: size.files,
    };
    return {
      name,
      metrics,
      lines: [
        `frame time p95 (main-thread work per frame; ${FRAMES} frames, 1280×720, playing at 10×):`,
        `  empty rAF loop (baseline)  ${metrics.baselineP95Ms} ms   (rAF interval p95 ${metrics.baselineIntervalP95Ms} ms)`,
        `  Panda                      ${metrics.pandaP95Ms} ms   (${metrics.pandaVsBaseline}× baseline; interval ${metrics.pandaIntervalP95Ms} ms; goal < 16.7 ms)`,
        `  32 nodes, 16 VRIDs         ${metrics.nodes32P95Ms} ms   (${metrics.nodes32VsBaseline}× baseline; interval ${metrics.nodes32IntervalP95Ms} ms; goal < 16.7 ms)`,
        `initial JS of vite build: ${metrics.initialJsGzipKB} kB gzipped in ${size.files} file(s) (goal < 250 kB)`,
      ],
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
