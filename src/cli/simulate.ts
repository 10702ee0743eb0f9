/**
 * `vrrpscope simulate SCENARIO.json --until S [--json] [--pcap OUT] [--pcapng OUT] [--epoch S]`
 * (or `--scenario panda` for the built-in story): runs the scenario and prints a timeline.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { simulate } from '../lib/sim/run';
import { explainFailovers, type FailoverExplanation } from '../lib/sim/summary';
import { simulateJson } from './simulate-json';
import { validateScenario } from '../lib/scenario/validate';
import { pandaScenario } from '../lib/scenario/panda';
import { writePcap, writePcapng } from '../lib/export/pcap-writer';
import { packetsWithFaultComments } from '../lib/export/fault-comments';
import type { Diagnostic } from '../lib/trace/diagnostic';
import { isTextPosition } from '../lib/trace/diagnostic';
import { MAX_UNTIL_S, parseSimulateArgs } from './simulate-args';
import type { Trace, TraceEvent } from '../lib/trace/types';

export const help = `vrrpscope simulate SCENARIO.json --until SECONDS [options]
vrrpscope simulate --scenario panda --until SECONDS [options]

Runs a scenario (keepalived.conf files plus a fault schedule, see README "Simulator and scenario
format") as keepalived 2.2.7 would, deterministically, and prints a readable timeline.

Options:
  --until S        simulate S seconds of virtual time, 0..86400 (default: the scenario's
                   duration, else 60)
  --json           print {"events": [...], "masters": [{vrid, node, source, from, to}],
                   "failovers": [...]} instead; every time in seconds (µs precision), advert
                   events with their decoded fields (vrid, priority, src, dst, version,
                   advertIntervalCs, addresses)
  --pcap OUT       write every frame sent (adverts, GARPs, NAs) as a classic Ethernet pcap
  --pcapng OUT     the same as pcapng, with the faults as packet comments
  --epoch S        Unix time of t = 0 for the capture timestamps (default 0)
  --scenario NAME  use a built-in scenario instead of a file (panda)
  --all            in the timeline, also show adverts, timers and receipts
  --help           this text

Exit status: 0 on success; 1 when the scenario cannot be read or has errors (positioned
diagnostics on stderr); 2 for a bad command line (unknown option, missing or invalid value,
--until above 86400 s).`;

const s = (us: number) => (us / 1e6).toFixed(6);

function diagLine(file: string, d: Diagnostic): string {
  const at = isTextPosition(d.at) ? `${d.at.file ?? file}:${d.at.line}:${d.at.col}: ` : `${file}: `;
  return `${at}${d.severity}: ${d.message} [${d.code}]`;
}

/** One readable line per interesting event. */
export function timelineLine(
  trace: Trace,
  e: TraceEvent,
  all: boolean,
  explained?: ReadonlyMap<TraceEvent, FailoverExplanation>,
): string | null {
  const head = `${s(e.t).padStart(12)}  `;
  switch (e.kind) {
    case 'fault':
      return `${head}*** ${e.label}`;
    case 'state':
      return `${head}${e.instance}: ${e.from} → ${e.to} (${e.cause}${e.detail ? `: ${e.detail}` : ''})`;
    case 'priority':
      return `${head}${e.instance}: priority ${e.from} → ${e.to} = ${e.base}${e.terms.map((x) => ` ${x.delta < 0 ? '−' : '+'} ${Math.abs(x.delta)} (${x.source} ${x.status})`).join('')}`;
    case 'vip':
      return `${head}${e.node}: ${e.op === 'add' ? 'adds' : 'removes'} ${e.address} on ${e.interface}`;
    case 'failover':
      return `${head}FAILOVER VRID ${e.vrid}: ${e.from} → ${e.to}: ${explained?.get(e)?.text ?? e.cause}${e.gapUs !== null ? ` [gap since ${e.from}'s last advert: ${s(e.gapUs)} s]` : ''}`;
    case 'arp-cache':
      return `${head}${e.node}: ARP ${e.address} → ${e.mac}${e.previous ? ` (was ${e.previous})` : ''}`;
    case 'script':
      return `${head}${e.node}: script ${e.script} ${e.status} (rc ${e.rc})`;
    case 'daemon':
      return `${head}${e.node}: keepalived ${e.status}`;
    case 'process':
      return `${head}${e.node}: ${e.process} ${e.running ? 'running' : 'not running'}`;
    case 'link':
      return `${head}${e.node}: ${e.interface} link ${e.up ? 'up' : 'down'}`;
    case 'advert-sent': {
      if (!all) return null;
      const p = trace.packets[e.packet];
      return `${head}${e.node}: advert VRID ${p.vrrp?.vrid} prio ${p.vrrp?.priority} ${p.src} → ${p.dst}`;
    }
    case 'log':
      return all ? `${head}${e.node}: Keepalived_vrrp: ${e.text}` : null;
    default:
      return all ? `${head}${e.kind} ${'node' in e ? e.node : ''}` : null;
  }
}

function usageError(message: string): number {
  process.stderr.write(`vrrpscope simulate: ${message}\n`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseSimulateArgs(args);
  if (typeof parsed === 'string') return usageError(parsed);
  if (parsed.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const { file, scenario: builtin } = parsed;
  let scenario;
  if (builtin !== undefined) {
    if (builtin !== 'panda') return usageError(`unknown built-in scenario '${builtin}' (known: panda)`);
    scenario = pandaScenario();
  } else {
    if (!file) {
      process.stderr.write(`vrrpscope simulate: give a SCENARIO.json or --scenario panda\n\n${help}\n`);
      return 2;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`vrrpscope simulate: cannot read ${file}: ${(e as Error).message}\n`);
      return 1;
    }
    const checked = validateScenario(text);
    for (const d of checked.diagnostics) process.stderr.write(diagLine(file, d) + '\n');
    if (!checked.value || checked.diagnostics.some((d) => d.severity === 'error')) return 1;
    scenario = checked.value;
  }
  const untilS = parsed.untilS ?? Math.min(scenario.duration ?? 60, MAX_UNTIL_S);
  const epochS = parsed.epochS;
  const result = simulate(scenario, { untilUs: Math.round(untilS * 1e6), epochUs: Math.round(epochS * 1e6) });
  const trace = result.value;
  for (const d of result.diagnostics)
    if (d.severity !== 'info') process.stderr.write(diagLine(scenario.name, d) + '\n');
  const pcapOut = parsed.pcap;
  if (pcapOut) writeFileSync(pcapOut, writePcap(trace.packets, { epochUs: trace.origin.epochUs }));
  const pcapngOut = parsed.pcapng;
  if (pcapngOut)
    writeFileSync(
      pcapngOut,
      writePcapng(packetsWithFaultComments(trace), {
        epochUs: trace.origin.epochUs,
        comments: [`vrrpscope simulation of ${scenario.name}, seed ${scenario.seed}`],
      }),
    );
  const explanations = explainFailovers(trace);
  if (parsed.json) {
    const out = simulateJson(trace, explanations);
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const all = parsed.all;
  const explained = new Map<TraceEvent, FailoverExplanation>(explanations.map((x) => [x.failover, x]));
  const lines = [
    `${scenario.name}: ${trace.packets.length} frames, ${trace.events.length} events in ${untilS} s of virtual time`,
  ];
  for (const e of trace.events) {
    const l = timelineLine(trace, e, all, explained);
    if (l) lines.push(l);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
