/**
 * Captures of any size (issue 13): generates 1 GB and 10 GB captures into the temp directory, one at
 * a time (each deleted before the next), and reports the wall time and peak RSS of `vrrpscope
 * analyze --json` and `vrrpscope investigate --json` on each, next to tshark on the same 1 GB file. The 10 GB one is skipped, with
 * the reason, when the temp directory lacks the room. VRRPSCOPE_SCALE_GB sets the sizes (`1,10`).
 */
import { statfsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport } from '../../src/cli/bench';
import { generateCapture } from './gen-capture';
import { mib, runAnalyze, runInvestigate, runTshark, type ChildRun } from './child-run';

export const name = 'scale';

const GB = 1e9;
/** A failover pair per router per day: a long capture of a healthy LAN, not a failover storm. */
const CYCLE_SEC = 86_400;
/** Room left on the disk beyond the capture itself. */
const SPARE_BYTES = 512 * 2 ** 20;

export async function run(): Promise<BenchReport> {
  const sizes = (process.env.VRRPSCOPE_SCALE_GB ?? '1,10').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-scale-'));
  const lines: string[] = [];
  const metrics: Record<string, number | string> = {};
  try {
    const probe = join(dir, 'probe.pcap');
    const bytesPerPacket = generateCapture(probe, 100_000, CYCLE_SEC) / 100_000;
    rmSync(probe);
    for (const gb of sizes) {
      const want = gb * GB;
      const fs = statfsSync(dir);
      const free = fs.bavail * fs.bsize;
      if (free < want + SPARE_BYTES) {
        lines.push(
          `${gb} GB: skipped — ${dir} has ${(free / GB).toFixed(1)} GB free, the capture needs ${gb} GB plus ${(SPARE_BYTES / GB).toFixed(1)} GB spare`,
        );
        metrics[`gb${gb}`] = 'skipped: no room';
        continue;
      }
      const file = join(dir, `vrrp-${gb}gb.pcap`);
      const g0 = performance.now();
      const bytes = generateCapture(file, Math.round(want / bytesPerPacket), CYCLE_SEC);
      const genSeconds = (performance.now() - g0) / 1000;
      try {
        const ours = await runAnalyze(file);
        const tshark: ChildRun | null = gb === sizes[0] ? await runTshark(file) : null;
        const mbps = bytes / 2 ** 20 / ours.seconds;
        lines.push(
          `${gb} GB (${(bytes / GB).toFixed(2)} GB, ${(bytes / bytesPerPacket / 1e6).toFixed(1)} M packets, written in ${genSeconds.toFixed(0)} s):`,
          `  vrrpscope analyze --json: ${ours.seconds.toFixed(1)} s (${mbps.toFixed(0)} MiB/s), peak RSS ${mib(ours.peakMiB)} (exit ${ours.code}; goal ≤ 200 MiB)`,
        );
        metrics[`gb${gb}Bytes`] = bytes;
        metrics[`gb${gb}AnalyzeSeconds`] = ours.seconds;
        metrics[`gb${gb}AnalyzePeakMiB`] = ours.peakMiB ?? 'n/a';
        // investigate keeps a row per packet and an entry per advert today (issue 11's "Left"): its
        // peak shows how far it is from the same goal.
        const inv = await runInvestigate([file]);
        lines.push(
          `  vrrpscope investigate --json: ${inv.seconds.toFixed(1)} s, peak RSS ${mib(inv.peakMiB)} (exit ${inv.code}; goal ≤ 200 MiB)`,
        );
        metrics[`gb${gb}InvestigateSeconds`] = inv.seconds;
        metrics[`gb${gb}InvestigatePeakMiB`] = inv.peakMiB ?? 'n/a';
        if (tshark) {
          lines.push(
            `  tshark -T fields:         ${tshark.seconds.toFixed(1)} s, peak RSS ${mib(tshark.peakMiB)} (exit ${tshark.code}): vrrpscope ${(tshark.seconds / ours.seconds).toFixed(1)}× faster`,
          );
          metrics[`gb${gb}TsharkSeconds`] = tshark.seconds;
          metrics[`gb${gb}TsharkPeakMiB`] = tshark.peakMiB ?? 'n/a';
          metrics[`gb${gb}RatioVsTshark`] = tshark.seconds / ours.seconds;
        }
      } finally {
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { name, lines, metrics };
}
