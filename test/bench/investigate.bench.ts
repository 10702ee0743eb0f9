/**
 * Investigate benchmark (issue 11 §6): two 1 M-packet captures (the same 20 virtual routers seen
 * from two vantage points, the second clock 1.25 s ahead) and two 100 k-line keepalived logs (the
 * two nodes of VRID 1, `--log-console` stamps, their clocks 3 s and −2 s off), against `analyze` on
 * the two captures alone, measured in the same run, best of three, two ways:
 * - as commands, what a user waits for: `vrrpscope analyze --json` on each capture in turn (it takes
 *   one file) against one `vrrpscope investigate --json` of everything, start-up included, on every
 *   core (its captures on worker threads, investigate-threads.ts) and on one;
 * - in one process, warm, on one thread: `investigate()` against the analysis `analyze` runs (only
 *   the rows its report cites).
 * VRRPSCOPE_BENCH_PACKETS and VRRPSCOPE_BENCH_LINES override the sizes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport } from '../../src/cli/bench';
import { runAnalyze, runInvestigate } from './child-run';
import { analyzeCaptureIndex } from '../../src/lib/analysis/index';
import { investigate, type InvestigateInput } from '../../src/lib/evidence/investigate';
import { T0_US, generateCapture } from './gen-capture';

export const name = 'investigate';

/** A copy of a classic pcap with every record's time moved by `shiftUs`. */
export function shifted(bytes: Uint8Array, shiftUs: number): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let at = 24; at + 16 <= out.length;) {
    const us = dv.getUint32(at, true) * 1_000_000 + dv.getUint32(at + 4, true) + shiftUs;
    dv.setUint32(at, Math.floor(us / 1_000_000), true);
    dv.setUint32(at + 4, us % 1_000_000, true);
    at += 16 + dv.getUint32(at + 8, true);
  }
  return out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** keepalived's `--log-console` stamp: `Sun Dec  6 21:09:41 2026: `. */
function stamp(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}: `;
}

/**
 * The log of node `node` (0 or 1) of VRID 1 in gen-capture.ts's schedule: node 0 is master for
 * 997 s of every 2000 and falls silent, node 1 takes over at 1000 and is preempted at 2000. Between
 * the transitions, lines keepalived writes that are no fact (kept as text).
 */
export function keepalivedLog(node: 0 | 1, lines: number, clockUs: number): string {
  const out: string[] = [];
  const addr = `10.0.0.${node + 4}`;
  let t = T0_US + clockUs;
  const push = (text: string) => out.push(stamp(t) + text);
  push('Starting Keepalived v2.2.7 (01/16,2022)');
  push(`Assigned address ${addr} for interface eth0`);
  push('(VI_1) Entering BACKUP STATE (init)');
  for (let sec = 0; out.length < lines; sec++) {
    t = T0_US + clockUs + sec * 1_000_000;
    const phase = sec % 2000;
    if (phase === (node === 0 ? 0 : 1000)) {
      push(
        node === 0
          ? '(VI_1) Received advert from 10.0.0.5 with lower priority 90, ours 100'
          : '(VI_1) Receive advertisement timeout',
      );
      push('(VI_1) Entering MASTER STATE');
      push('(VI_1) setting VIPs.');
      for (let g = 0; g < 5; g++) push('Sending gratuitous ARP on eth0 for 10.0.0.200');
    } else if (node === 1 && phase === 0 && sec > 0) {
      push('(VI_1) Master received advert from 10.0.0.4 with higher priority 100, ours 90');
      push('(VI_1) Entering BACKUP STATE');
    } else {
      push('Netlink reflector reports IP 10.0.0.200 added');
      push(
        'VRRP sockpool: [ifindex(  2), family(IPv4), proto(112), fd(14,15) multicast, address(224.0.0.18)]',
      );
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}

async function best<T>(
  runs: number,
  fn: () => Promise<T>,
): Promise<{ seconds: number; all: number[]; value: T }> {
  const all: number[] = [];
  const timed = async (): Promise<T> => {
    const t0 = performance.now();
    const value = await fn();
    all.push((performance.now() - t0) / 1000);
    return value;
  };
  // Every run but the last drops its result at once: none starts with a previous result in memory,
  // as one command would not.
  for (let i = 1; i < runs; i++) await timed();
  const value = await timed();
  return { seconds: Math.min(...all), all, value };
}

export async function run(): Promise<BenchReport> {
  const packets = Number(process.env.VRRPSCOPE_BENCH_PACKETS ?? 1_000_000);
  const lines = Number(process.env.VRRPSCOPE_BENCH_LINES ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-bench-'));
  try {
    const path = (f: string) => join(dir, f);
    generateCapture(path('a.pcap'), packets);
    const a = new Uint8Array(readFileSync(path('a.pcap')));
    const b = shifted(a, 1_250_000);
    const logs = [keepalivedLog(0, lines, 3_000_000), keepalivedLog(1, lines, -2_000_000)];
    writeFileSync(path('b.pcap'), b);
    writeFileSync(path('n1.log'), logs[0]);
    writeFileSync(path('n2.log'), logs[1]);

    // The commands, alternating, so that a change of load falls on each alike.
    const commands = { analyze: [] as number[], investigate: [] as number[], oneThread: [] as number[] };
    const everything = [
      path('a.pcap'),
      path('b.pcap'),
      '--node',
      `n1=${path('n1.log')}`,
      '--node',
      `n2=${path('n2.log')}`,
    ];
    for (let r = 0; r < 3; r++) {
      commands.analyze.push(
        (await runAnalyze(path('a.pcap'))).seconds + (await runAnalyze(path('b.pcap'))).seconds,
      );
      commands.investigate.push((await runInvestigate(everything)).seconds);
      commands.oneThread.push((await runInvestigate(everything, 1)).seconds);
    }

    const inputs: InvestigateInput[] = [
      { file: 'a.pcap', bytes: a },
      { file: 'b.pcap', bytes: b },
      { file: 'n1.log', bytes: new TextEncoder().encode(logs[0]), node: 'n1' },
      { file: 'n2.log', bytes: new TextEncoder().encode(logs[1]), node: 'n2' },
    ];
    const analyze = await best(3, async () => {
      for (const [file, bytes] of [
        ['a.pcap', a],
        ['b.pcap', b],
      ] as const)
        // What `vrrpscope analyze` asks for (src/cli/analyze.ts): only the rows its report cites.
        await analyzeCaptureIndex(bytes, { name: file, packetIndex: false });
    });
    const inv = await best(3, () => investigate(inputs));
    const inProcessRatio = inv.seconds / analyze.seconds;
    const fits = inv.value.sources.map((s) => {
      const f = inv.value.fits.get(s.index);
      return `${s.file} ${f ? `${f.method} ${(f.offsetUs / 1e6).toFixed(3)} s` : '-'}`;
    });
    const fmt = (all: number[]) => all.map((x) => x.toFixed(2)).join(', ');
    const least = (all: number[]) => Math.min(...all);
    const ratio = least(commands.investigate) / least(commands.analyze);
    const oneThreadRatio = least(commands.oneThread) / least(commands.analyze);
    return {
      name,
      lines: [
        `evidence: 2 captures of ${packets} packets (${(a.length / 2 ** 20).toFixed(0)} MiB each), 2 logs of ${lines} lines`,
        'as commands, start-up included (best of three):',
        `  vrrpscope analyze, each capture in turn:     ${least(commands.analyze).toFixed(2)} s (${fmt(commands.analyze)} s)`,
        `  vrrpscope investigate, everything:           ${least(commands.investigate).toFixed(2)} s (${fmt(commands.investigate)} s): ${ratio.toFixed(2)}× (goal ≤ 1.5×)`,
        `  the same on one thread (VRRPSCOPE_THREADS=1): ${least(commands.oneThread).toFixed(2)} s (${fmt(commands.oneThread)} s): ${oneThreadRatio.toFixed(2)}×`,
        'in one process, warm, one thread (best of three):',
        `  analyze, the two captures:      ${analyze.seconds.toFixed(2)} s (${fmt(analyze.all)} s)`,
        `  investigate, captures and logs: ${inv.seconds.toFixed(2)} s (${fmt(inv.all)} s): ${inProcessRatio.toFixed(2)}×`,
        `clocks: ${fits.join('; ')}; ${inv.value.transitions.length} transitions, ${inv.value.incidents.length} incidents`,
      ],
      metrics: {
        packets,
        lines,
        analyzeCommandsSeconds: least(commands.analyze),
        investigateCommandSeconds: least(commands.investigate),
        investigateOneThreadSeconds: least(commands.oneThread),
        ratio,
        oneThreadRatio,
        analyzeSeconds: analyze.seconds,
        investigateSeconds: inv.seconds,
        inProcessRatio,
        transitions: inv.value.transitions.length,
        incidents: inv.value.incidents.length,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
