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
import { preview } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchReport } from '../../src/cli/bench';
import type { Scenario } from '../../src/lib/scenario/types';
import { CHROMIUM_ARGS, type ChromeTraceEvent } from '../browser/browser';

export const name = 'ui';

function build(out: string, env: Record<string, string> = {}): void {
  execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
}

/** The script and modulepreload chunks index.html loads before anything lazy. */
function initialJsGzipBytes(): { bytes: number; files: number } {
  const out = mkdtempSync(join(tmpdir(), 'vrrpscope-build-'));
  try {
    build(out);
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
export function scenario32(): Scenario {
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

const TRACE_MS = 3000;

/**
 * Main-thread work of each frame (ms), from a Chromium performance trace: the frames are delimited by
 * FireAnimationFrame, and each frame's work is the CPU time of the renderer main thread's top-level
 * tasks (script, style, layout, paint) that start within it. CPU time rather than wall time, because the
 * machine may be shared: a task descheduled for 50 ms did not cost 50 ms of work.
 */
async function frameWork(browser: Browser, page: Page): Promise<number[]> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  await page.waitForTimeout(TRACE_MS);
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: ChromeTraceEvent[] })
    .traceEvents;
  const frames = events.filter((e) => e.name === 'FireAnimationFrame');
  if (frames.length < 2) return [];
  const { pid, tid } = frames[0];
  const bounds = frames
    .filter((e) => e.pid === pid && e.tid === tid)
    .map((e) => e.ts)
    .sort((x, y) => x - y);
  const work = new Array<number>(bounds.length - 1).fill(0);
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || e.pid !== pid || e.tid !== tid || !e.dur) continue;
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid] <= e.ts) lo = mid;
      else hi = mid - 1;
    }
    if (e.ts >= bounds[0] && lo < work.length) work[lo] += (e.tdur ?? e.dur) / 1000;
  }
  return work;
}

/** An empty requestAnimationFrame loop, so that frames fire while the app is idle (the baseline). */
async function idle(browser: Browser, page: Page): Promise<number[]> {
  await page.evaluate(
    `window.__benchLoop = true; (function f() { if (window.__benchLoop) requestAnimationFrame(f); })()`,
  );
  const w = await frameWork(browser, page);
  await page.evaluate('window.__benchLoop = false');
  return w;
}

async function playing(browser: Browser, page: Page, speed: number): Promise<number[]> {
  await page.evaluate(`vrrpscope.seek(0); vrrpscope.setSpeed(${speed}); vrrpscope.play()`);
  const w = await frameWork(browser, page);
  await page.evaluate('vrrpscope.pause()');
  return w;
}

export async function run(): Promise<BenchReport> {
  const size = initialJsGzipBytes();
  // The production build, with the session reachable for driving playback.
  const dist = mkdtempSync(join(tmpdir(), 'vrrpscope-bench-'));
  build(dist, { VITE_EXPOSE_SESSION: '1' });
  const server = await preview({
    configFile: 'vite.config.ts',
    build: { outDir: dist },
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'error',
  });
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
    await idle(browser, page); // warm-up
    const baseline = await idle(browser, page);
    const panda = await playing(browser, page, 10);
    await page.evaluate(`vrrpscope.loadScenario(${JSON.stringify(scenario32())})`);
    await page.locator('g.node[data-node="node-31"]').waitFor();
    const big = await playing(browser, page, 10);
    const ms = (v: number) => +v.toFixed(2);
    const metrics = {
      baselineP95Ms: ms(p95(baseline)),
      pandaP95Ms: ms(p95(panda)),
      nodes32P95Ms: ms(p95(big)),
      pandaVsBaseline: +(p95(panda) / p95(baseline)).toFixed(1),
      nodes32VsBaseline: +(p95(big) / p95(baseline)).toFixed(1),
      pandaFrames: panda.length,
      nodes32Frames: big.length,
      initialJsGzipKB: +(size.bytes / 1024).toFixed(1),
      initialJsFiles: size.files,
    };
    return {
      name,
      metrics,
      lines: [
        `frame time p95 (main-thread CPU time per frame, Chromium trace, production build; ${TRACE_MS / 1000} s, 1280×720, playing at 10×):`,
        `  empty rAF loop (baseline)  ${metrics.baselineP95Ms} ms`,
        `  Panda                      ${metrics.pandaP95Ms} ms  (${metrics.pandaVsBaseline}× baseline, ${panda.length} frames; goal < 16.7 ms)`,
        `  32 nodes, 16 VRIDs         ${metrics.nodes32P95Ms} ms  (${metrics.nodes32VsBaseline}× baseline, ${big.length} frames; goal < 16.7 ms)`,
        `initial JS of vite build: ${metrics.initialJsGzipKB} kB gzipped in ${size.files} file(s) (goal < 250 kB)`,
      ],
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dist, { recursive: true, force: true });
  }
}
