/**
 * `vrrpscope bench`: runs every benchmark module in test/bench (`*.bench.ts`, each exporting
 * `name`, and `run(): Promise<BenchReport>`), prints their reports and writes them to
 * bench-results/NAME.json. Benchmarks report ratios against a baseline measured in the same run.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchReport {
  name: string;
  /** Human-readable lines. */
  lines: string[];
  /** Machine-readable numbers. */
  metrics: Record<string, number | string>;
}

export const help = `vrrpscope bench [NAME...]

Runs the benchmarks in test/bench/*.bench.ts (all, or those whose file name contains NAME)
and writes bench-results/<name>.json. Every benchmark measures a baseline in the same run
and reports ratios, so results compare across machines.`;

export async function run(args: string[]): Promise<number> {
  const dir = resolve('test/bench');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => args.length === 0 || args.some((a) => f.includes(a)))
    .sort();
  if (files.length === 0) {
    process.stderr.write('vrrpscope bench: no benchmark matched\n');
    return 1;
  }
  mkdirSync('bench-results', { recursive: true });
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run(): Promise<BenchReport> };
    const report = await mod.run();
    process.stdout.write(`\n== ${report.name} ==\n${report.lines.join('\n')}\n`);
    writeFileSync(join('bench-results', `${report.name}.json`), JSON.stringify(report, null, 2) + '\n');
  }
  return 0;
}
