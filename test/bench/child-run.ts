/**
 * Runs a command in a child process for the benchmarks: wall time and peak RSS (GNU time's, or the
 * child's own report for `vrrpscope analyze`), with stdout discarded.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ChildRun {
  seconds: number;
  peakMiB: number | null;
  code: number | null;
}

const TIME = '/usr/bin/time';

/** Runs a command with stdout discarded; peak RSS from GNU time when present, else from the child's own report. */
export function runChild(
  cmd: string,
  args: string[],
  selfReportsRss = false,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChildRun> {
  const useTime = !selfReportsRss && existsSync(TIME);
  const [c, a] = useTime ? [TIME, ['-f', 'PEAK_KB %M', cmd, ...args]] : [cmd, args];
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(c, a, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const kb = /PEAK_KB (\d+)/.exec(err)?.[1];
      done({ seconds: (performance.now() - t0) / 1000, peakMiB: kb ? Number(kb) / 1024 : null, code });
    });
  });
}

/** The CLI exactly as a user runs it, printing its own peak RSS when it exits. */
const HOOK = `process.on('exit', () => process.stderr.write('PEAK_KB ' + process.resourceUsage().maxRSS + '\\n'));
process.argv.splice(1, 0, 'vrrpscope');
await import(${JSON.stringify(resolve('src/cli/bin.mjs'))});`;

/** `vrrpscope COMMAND ARGS… --json` as a user runs it, start-up included; a run that fails timed nothing. */
function runVrrpscope(
  command: 'analyze' | 'investigate',
  args: string[],
  env = process.env,
): Promise<ChildRun> {
  return runChild(
    process.execPath,
    ['--input-type=module', '-e', HOOK, command, ...args, '--json'],
    true,
    env,
  ).then((run) => {
    // A run that did not finish its report (exit 13 is Node's unsettled top-level await) timed nothing.
    if (run.code !== 0)
      throw new Error(`vrrpscope ${command} ${args.join(' ')} exited ${run.code}: no time to report`);
    return run;
  });
}

/** `vrrpscope analyze FILE --json`; `threads` forces one or two (VRRPSCOPE_THREADS). */
export const runAnalyze = (file: string, threads?: 1 | 2): Promise<ChildRun> =>
  runVrrpscope(
    'analyze',
    [file],
    threads ? { ...process.env, VRRPSCOPE_THREADS: String(threads) } : process.env,
  );

/** `vrrpscope investigate ARGS… --json` (files, `--node NAME=FILE`…); `threads` sets VRRPSCOPE_THREADS. */
export const runInvestigate = (args: string[], threads?: number): Promise<ChildRun> =>
  runVrrpscope(
    'investigate',
    args,
    threads ? { ...process.env, VRRPSCOPE_THREADS: String(threads) } : process.env,
  );

/** tshark printing the fields `analyze` reads, the baseline of every capture benchmark. */
export const runTshark = (file: string): Promise<ChildRun> =>
  runChild('tshark', [
    '-r',
    file,
    '-T',
    'fields',
    ...[
      'frame.number',
      'frame.time_relative',
      'ip.src',
      'ipv6.src',
      'ip.ttl',
      'vrrp.virt_rtr_id',
      'vrrp.prio',
    ].flatMap((f) => ['-e', f]),
  ]);

export const mib = (x: number | null): string => (x === null ? 'n/a' : `${x.toFixed(0)} MiB`);
