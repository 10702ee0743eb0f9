/**
 * `vrrpscope simulate` refuses a bad command line (exit 2, one line on stderr) instead of running
 * with a flag silently ignored, as `analyze` does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  epochRangeError,
  MAX_UNTIL_S,
  parseSimulateArgs,
  type SimulateArgs,
} from '../../../src/cli/simulate-args';
import { help } from '../../../src/cli/simulate';
import { REPO_ROOT } from '../../shared-path';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-cli-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) =>
  spawnSync('node', [join(REPO_ROOT, 'src/cli/bin.mjs'), 'simulate', ...args], {
    encoding: 'utf8',
    cwd: dir,
  });

describe('simulate: command-line checks', () => {
  it.each([
    [['--scenario', 'panda', '--until', '5', '--pcap'], '--pcap needs a value'],
    [['--scenario', 'panda', '--until', '5', '--bogus'], 'unknown option --bogus'],
    [['--scenario', 'panda', '--until', '1e9'], 'above the maximum of 86400 s'],
    [['--scenario', 'panda', '--until', 'soon'], "--until takes a number of seconds, not 'soon'"],
    [['--scenario', 'panda', '--until', '-1'], '--until must not be negative (got -1)'],
    [['--scenario', 'panda', '--epoch', '-1'], '--epoch must not be negative (got -1)'],
    [
      ['--scenario', 'panda', '--until', '60', '--epoch', '4294967236', '--pcap', 'x.pcap'],
      "beyond a pcap timestamp's maximum of 4294967295 s",
    ],
    [
      ['--scenario', 'panda', '--epoch', '1e10', '--pcapng', 'x.pcapng'],
      'beyond what a pcapng timestamp holds',
    ],
    [['--scenario', 'mystery'], "unknown built-in scenario 'mystery' (known: panda, active-passive,"],
    [['--scenario', 'panda', '--export-scenario'], '--export-scenario needs a value'],
    [['--scenario', 'panda', '--until'], '--until needs a value'],
    [['--scenario'], '--scenario needs a value'],
    [['--scenario', 'panda', '--epoch', 'x'], "--epoch takes a number of seconds, not 'x'"],
    [['--scenario', 'panda', '--pcap', '--json'], '--pcap needs a value'],
    [['a.json', 'b.json'], "expected one scenario file, got 'a.json' and 'b.json'"],
  ])('%j → exit 2: %s', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^vrrpscope simulate: /);
    expect(lines[0]).toContain(message);
    // Nothing was written where a capture might have gone.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the maximum is one day of virtual time, inclusive; --epoch is a Unix time the capture can hold', () => {
    expect(MAX_UNTIL_S).toBe(86_400);
    expect(parseSimulateArgs(['x.json', '--until', '86400'])).toMatchObject({ untilS: 86_400 });
    expect(parseSimulateArgs(['x.json', '--until', '86400.000001'])).toMatch(/above the maximum/);
    expect(parseSimulateArgs(['x.json', '--epoch', '-3.5'])).toMatch(/--epoch must not be negative/);
    const last = parseSimulateArgs(['x.json', '--epoch', '4294967235', '--pcap', 'x']) as SimulateArgs;
    // The last second a classic pcap stamps is 2^32 - 1: a 60 s run may start 60 s before it.
    expect(epochRangeError(last, 60)).toBeNull();
    expect(epochRangeError({ ...last, epochS: 4294967236 }, 60)).toMatch(/beyond a pcap timestamp/);
    // pcapng stamps 64-bit µs: the same epoch is fine there.
    expect(epochRangeError({ ...last, pcap: undefined, pcapng: 'x', epochS: 4294967236 }, 60)).toBeNull();
    expect(parseSimulateArgs(['x.json', '--until', '0x10'])).toMatch(/takes a number of seconds/);
    expect(parseSimulateArgs(['--until', '5', '--until', '6'])).toBe('--until given twice');
  });

  it('good arguments still run, and --pcap writes its file', () => {
    const out = join(dir, 'ok.pcap');
    const r = cli(['--scenario', 'panda', '--until', '5', '--pcap', out]);
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    rmSync(out);
  });

  it('--help prints the help, which documents the maximum and the exit status', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(help);
    expect(help).toContain('0..86400');
    expect(help).toMatch(/2 for a bad command line/);
  });
});
