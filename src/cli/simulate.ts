/**
 * `vrrpscope simulate SCENARIO.json --until S [--json] [--pcap OUT] [--pcapng OUT] [--epoch S]`
 * (or `--scenario panda` for the built-in story): runs the scenario and prints a timeline.
 */
import { simulate } from '../lib/sim/run';
import { explainFailovers, type FailoverExplanation } from '../lib/trace/explain-failover';
import { describeCause, describeOne, namerOf } from '../lib/trace/cause';
import { simulateJson } from './simulate-json';
import { simulateRuns } from './simulate-runs';
import { truthScenarioText } from './recordings';
import { validateScenario } from '../lib/scenario/validate';
import { libraryEntry, SCENARIO_LIBRARY } from '../lib/scenarios';
import type { Scenario } from '../lib/scenario/types';
import { writePcap, writePcapng } from '../lib/export/pcap-writer';
import { packetsWithFaultComments } from '../lib/export/fault-comments';
import type { Diagnostic } from '../lib/trace/diagnostic';
import { isTextPosition } from '../lib/trace/diagnostic';
import { epochRangeError, MAX_UNTIL_S, parseSimulateArgs, type SimulateArgs } from './simulate-args';
import { CliFileError, quietOnClosedPipe, readTextFile, writeOutputFile } from './files';
import { plural } from '../lib/text/plural';
import type { Trace, TraceEvent } from '../lib/trace/types';
import { secondsExact, US_PER_S } from '../lib/trace/time';

const LIBRARY_IDS = SCENARIO_LIBRARY.map((e) => e.id).join(', ');
/** The library ids for the help, wrapped under the option's description column. */
const LIBRARY_IDS_TEXT = (LIBRARY_IDS.match(/.{1,60}(, |$)/g) ?? [])
  .map((line) => line.trimEnd())
  .join('\n                   ');

export const help = `vrrpscope simulate SCENARIO.json --until SECONDS [options]
vrrpscope simulate --scenario NAME --until SECONDS [options]
vrrpscope simulate captures/NAME.truth.json --runs N [options]

Runs a scenario (keepalived.conf files plus a fault schedule, see README "Simulator and scenario
format") as keepalived 2.2.7 would, deterministically, and prints a readable timeline, with the
run's diagnostics (errors, warnings and infos) on stderr.

Options:
  --until S        simulate S seconds of virtual time, 0..86400 (default: the scenario's
                   duration, else 60)
  --json           print {"events": [...], "masters": [{vrid, node, source, from, to}],
                   "failovers": [...], "diagnostics": [...]} instead; every time in seconds
                   (µs precision), advert events with their decoded fields (vrid, priority,
                   src, dst, version, advertIntervalCs, addresses)
  --pcap OUT       write every frame sent (adverts, GARPs, NAs) as a classic Ethernet pcap
  --pcapng OUT     the same as pcapng, with each fault as a comment on the first frame sent
                   at or after it (faults after the last frame: on the last frame)
  --epoch S        Unix time of t = 0 for the capture timestamps, S >= 0 (default 0); a pcap
                   stamps seconds up to 2^32 - 1 (2106), so later runs are refused
  --scenario NAME  run a scenario of the app's library instead of a file:
                   ${LIBRARY_IDS_TEXT}
  --export-scenario OUT
                   write the scenario (file or --scenario NAME) as JSON to OUT and run
                   nothing: a starting point for your own scenario file
  --runs N         run the scenario under N seeds (its own seed first) on every core and
                   print, per failover, the distribution (min, p50, p95, max, histogram) of
                   the takeover latency from the fault and from the old master's last advert,
                   the dual-master time and the time until every client's ARP cache follows;
                   with --json: {"runs", "seeds", "failovers": [...]}, times in seconds.
                   A truth file of captures/ (or any scenario that replays one: same
                   nodes, configs and faults) also gives the recording's measured
                   takeovers and their percentile among the runs ("recording")
  --all            in the timeline, also show adverts, timers and receipts
  --help           this text

Exit status: 0 on success; 1 when the scenario cannot be read or has errors (positioned
diagnostics on stderr), or an output file cannot be written; 2 for a bad command line (unknown
option, missing or invalid value, --until above 86400 s, --epoch out of the capture's range).`;

const s = secondsExact;

function diagLine(file: string, d: Diagnostic): string {
  const at = isTextPosition(d.at) ? `${d.at.file ?? file}:${d.at.line}:${d.at.col}: ` : `${file}: `;
  return `${at}${d.severity}: ${d.message} [${d.code}]`;
}

/** The daemon a node runs: ucarp when its instances speak CARP. */
function daemonOf(trace: Trace, node: string): string {
  return trace.instances.some((i) => i.node === node && i.implementation === 'carp') ? 'ucarp' : 'keepalived';
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
      return `${head}${e.instance}: ${e.from} → ${e.to}: ${describeOne(e.cause, namerOf(trace.nodes))}`;
    case 'priority':
      return `${head}${e.instance}: priority ${e.from} → ${e.to} = ${e.base}${e.terms.map((x) => ` ${x.delta < 0 ? '−' : '+'} ${Math.abs(x.delta)} (${x.source} ${x.status})`).join('')}`;
    case 'vip':
      return `${head}${e.node}: ${e.op === 'add' ? 'adds' : 'removes'} ${e.address} on ${e.interface}`;
    case 'failover':
      return `${head}FAILOVER ${e.router.startsWith('carp/') ? 'vhid' : 'VRID'} ${e.vrid}: ${e.from} → ${e.to}: ${explained?.get(e)?.text ?? describeCause(e, namerOf(trace.nodes))}${e.gapUs !== null ? ` [gap since ${e.from}'s last advert: ${s(e.gapUs)} s]` : ''}`;
    case 'arp-cache':
      return `${head}${e.node}: ARP ${e.address} → ${e.mac}${e.previous ? ` (was ${e.previous})` : ''}`;
    case 'script':
      return `${head}${e.node}: script ${e.script} ${e.status} (rc ${e.rc})`;
    case 'daemon':
      return `${head}${e.node}: ${daemonOf(trace, e.node)} ${e.status}`;
    case 'process':
      return `${head}${e.node}: ${e.process} ${e.running ? 'running' : 'not running'}`;
    case 'link':
      return `${head}${e.node}: ${e.interface} link ${e.up ? 'up' : 'down'}`;
    case 'advert-sent': {
      if (!all) return null;
      const p = trace.packets[e.packet];
      if (p.carp)
        return `${head}${e.node}: advert vhid ${p.carp.vhid} advbase ${p.carp.advbase} advskew ${p.carp.advskew} ${p.src} → ${p.dst}`;
      return `${head}${e.node}: advert VRID ${p.vrrp?.vrid} prio ${p.vrrp?.priority} ${p.src} → ${p.dst}`;
    }
    case 'log':
      return all
        ? `${head}${e.node}: ${daemonOf(trace, e.node) === 'ucarp' ? 'ucarp' : 'Keepalived_vrrp'}: ${e.text}`
        : null;
    default:
      return all ? `${head}${e.kind} ${'node' in e ? e.node : ''}` : null;
  }
}

function usageError(message: string): number {
  process.stderr.write(`vrrpscope simulate: ${message}\n`);
  return 2;
}

/** A one-line failure (unreadable input, unwritable output): exit 1. */
function failure(message: string): number {
  process.stderr.write(`vrrpscope simulate: ${message}\n`);
  return 1;
}

/** The scenario to run: a library entry, or a file checked by validateScenario (diagnostics on stderr). */
function loadScenario(parsed: SimulateArgs): Scenario | number {
  if (parsed.scenario !== undefined) {
    const entry = libraryEntry(parsed.scenario);
    if (!entry) return usageError(`unknown built-in scenario '${parsed.scenario}' (known: ${LIBRARY_IDS})`);
    return entry.build();
  }
  const file = parsed.file;
  if (!file) {
    process.stderr.write(`vrrpscope simulate: give a SCENARIO.json or --scenario NAME\n\n${help}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readTextFile(file);
  } catch (e) {
    if (e instanceof CliFileError) return failure(e.message);
    throw e;
  }
  if (file.endsWith('.truth.json')) {
    const replay = truthScenarioText(text);
    if (replay.error !== undefined) return failure(`${file}: ${replay.error}`);
    text = replay.text;
  }
  const checked = validateScenario(text);
  for (const d of checked.diagnostics) process.stderr.write(diagLine(file, d) + '\n');
  if (!checked.value || checked.diagnostics.some((d) => d.severity === 'error')) return 1;
  return checked.value;
}

export async function run(args: string[]): Promise<number> {
  quietOnClosedPipe();
  const parsed = parseSimulateArgs(args);
  if (typeof parsed === 'string') return usageError(parsed);
  if (parsed.help) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const scenario = loadScenario(parsed);
  if (typeof scenario === 'number') return scenario;
  try {
    if (parsed.exportScenario !== undefined) {
      writeOutputFile(parsed.exportScenario, JSON.stringify(scenario, null, 2) + '\n');
      return 0;
    }
    const untilS = parsed.untilS ?? Math.min(scenario.duration ?? 60, MAX_UNTIL_S);
    const badEpoch = epochRangeError(parsed, untilS);
    if (badEpoch) return usageError(badEpoch);
    if (parsed.runs !== undefined) return await simulateRuns(scenario, untilS, parsed.runs, parsed.json);
    const result = simulate(scenario, {
      untilUs: Math.round(untilS * US_PER_S),
      epochUs: Math.round(parsed.epochS * US_PER_S),
    });
    const trace = result.value;
    if (!parsed.json)
      for (const d of result.diagnostics) process.stderr.write(diagLine(scenario.name, d) + '\n');
    if (parsed.pcap)
      writeOutputFile(parsed.pcap, writePcap(trace.packets, { epochUs: trace.origin.epochUs }));
    if (parsed.pcapng)
      writeOutputFile(
        parsed.pcapng,
        writePcapng(packetsWithFaultComments(trace), {
          epochUs: trace.origin.epochUs,
          comments: [`vrrpscope simulation of ${scenario.name}, seed ${scenario.seed}`],
        }),
      );
    const explanations = explainFailovers(trace);
    if (parsed.json) {
      const out = simulateJson(trace, explanations, result.diagnostics);
      process.stdout.write(JSON.stringify(out) + '\n');
      return 0;
    }
    const explained = new Map<TraceEvent, FailoverExplanation>(explanations.map((x) => [x.failover, x]));
    const lines = [
      `${scenario.name}: ${plural(trace.packets.length, 'frame')}, ${plural(trace.events.length, 'event')} in ${untilS} s of virtual time`,
    ];
    for (const e of trace.events) {
      const l = timelineLine(trace, e, parsed.all, explained);
      if (l) lines.push(l);
    }
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (e) {
    if (e instanceof CliFileError) return failure(e.message);
    throw e;
  }
}
