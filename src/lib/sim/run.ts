/**
 * `simulate()`: a scenario (JSON model, docs in the README "Simulator and scenario format") run as
 * keepalived 2.2.7 would run it, into the shared Trace.
 */
import { parseConfig } from '../config';
import { parseUcarp } from '../config/ucarp';
import type { KeepalivedConfig } from '../config/model';
import type { Diagnostic, Result } from '../trace/diagnostic';
import type { Micros, Trace, TraceService } from '../trace/types';
import type { Scenario, ScenarioClient } from '../scenario/types';
import { canonicalIP, formatMac, linkLocalFromMac, parseCidr, parseMac } from '../net/address';
import type { RouterSpec, SimInterface, SimOptions } from './types';
import { World, type HostSpec } from './world';
import { scenarioTiming } from './timing';

export interface SimulateOptions extends SimOptions {
  /** Simulate until this virtual time, µs. */
  untilUs: Micros;
  /** Absolute time of t = 0, µs since the Unix epoch (default 0). */
  epochUs?: Micros;
}

/** A stable locally administered MAC for a node that has none in the scenario. */
export function derivedMac(node: string, iface: string): string {
  let h = 2166136261;
  for (const ch of `${node}/${iface}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const b = [0x02, 0x00, (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

function interfaces(
  owner: string,
  ifs: Record<string, string[]>,
  macs: Record<string, string> | undefined,
  diags: Diagnostic[],
): SimInterface[] {
  return Object.entries(ifs).map(([name, cidrs]) => {
    const given = macs?.[name];
    const mac = given && parseMac(given) ? formatMac(parseMac(given)!) : derivedMac(owner, name);
    if (given && !parseMac(given))
      diags.push({
        code: 'scenario.bad-mac',
        severity: 'error',
        message: `${owner} ${name}: "${given}" is not a MAC; using ${mac}`,
      });
    const addresses = cidrs.flatMap((c) => {
      const p = parseCidr(c);
      if (!p)
        diags.push({
          code: 'scenario.bad-address',
          severity: 'error',
          message: `${owner} ${name}: "${c}" is not an address/prefix; ignored`,
        });
      return p ? [p] : [];
    });
    return { name, mac, addresses, linkLocal: linkLocalFromMac(mac) };
  });
}

/** Parses a node's config; a parser failure becomes a diagnostic and an empty config, never a throw. */
function parseSafely(parse: typeof parseConfig, text: string, file: string, diags: Diagnostic[]) {
  try {
    return parse(typeof text === 'string' ? text : '', { file });
  } catch (e) {
    diags.push({
      code: 'internal.config-parser',
      severity: 'error',
      message: `${file}: the config could not be read (${String(e)})`,
    });
    return parse('', { file });
  }
}

/** The parsed configs and the world for a scenario (exposed for tests and the UI's fork). */
export function buildWorld(
  scenario: Scenario,
  opts: SimOptions = {},
  parse = parseConfig,
): { world: World; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const routers: RouterSpec[] = scenario.nodes.map((n) => {
    if (n.implementation === 'ucarp') {
      const ucarp = parseUcarp(typeof n.config === 'string' ? n.config : '', { file: n.name });
      diagnostics.push(...ucarp.diagnostics);
      return {
        name: n.name,
        interfaces: interfaces(n.name, n.interfaces, n.mac, diagnostics),
        config: parse('', { file: n.name }).value as KeepalivedConfig,
        processes: n.processes ?? [],
        ucarp: ucarp.value,
      };
    }
    const parsed = parseSafely(parse, n.config, n.name, diagnostics);
    diagnostics.push(...parsed.diagnostics);
    return {
      name: n.name,
      interfaces: interfaces(n.name, n.interfaces, n.mac, diagnostics),
      config: parsed.value as KeepalivedConfig,
      processes: n.processes ?? [],
    };
  });
  const host = (c: ScenarioClient, role: 'client' | 'server'): HostSpec => ({
    name: c.name,
    role,
    interfaces: interfaces(c.name, c.interfaces, c.mac, diagnostics),
    ...(c.hosts ? { hosts: c.hosts } : {}),
  });
  const hosts = [
    ...(scenario.clients ?? []).map((c) => host(c, 'client')),
    ...(scenario.servers ?? []).map((s) => host(s, 'server')),
  ];
  const world = new World(routers, hosts, scenario.seed, scenario.scripts ?? {}, {
    ...opts,
    timing: opts.timing ?? scenarioTiming(scenario),
  });
  const events = [...(scenario.events ?? [])].sort((a, b) => a.at - b.at);
  const indexOf = new Map((scenario.events ?? []).map((e, k) => [e, k]));
  const names = new Set(scenario.nodes.map((n) => n.name));
  for (const e of events) {
    if (e.node && !names.has(e.node)) {
      diagnostics.push({
        code: 'scenario.unknown-node',
        severity: 'warning',
        message: `event at ${e.at} s names unknown node "${e.node}"; ignored`,
      });
      continue;
    }
  }
  // A node with no start event starts its daemon (keepalived or ucarp) at 0.
  for (const n of scenario.nodes) {
    const start = n.implementation === 'ucarp' ? 'start-ucarp' : 'start-keepalived';
    if (!events.some((e) => e.action === start && e.node === n.name))
      world.schedule({ at: 0, action: start, node: n.name });
  }
  for (const e of events) if (!e.node || names.has(e.node)) world.schedule(e, indexOf.get(e));
  return { world, diagnostics };
}

/** The services of a scenario: as given, or one per /etc/hosts name of the clients. */
export function scenarioServices(scenario: Scenario): TraceService[] {
  if (scenario.services?.length) return scenario.services.map((s) => ({ ...s, backends: [...s.backends] }));
  const out = new Map<string, TraceService>();
  for (const c of scenario.clients ?? [])
    for (const [name, address] of Object.entries(c.hosts ?? {}))
      if (!out.has(name))
        out.set(name, {
          name,
          address: canonicalIP(address) ?? address,
          backends: (scenario.servers ?? []).map((s) => s.name),
        });
  return [...out.values()];
}

/**
 * Runs `scenario` from t = 0 to `opts.untilUs` (µs of virtual time). Deterministic: the same scenario
 * and seed give the same trace, byte for byte. Never throws for bad configs: they become diagnostics
 * and the nodes run what keepalived would have run.
 */
export function simulate(scenario: Scenario, opts: SimulateOptions): Result<Trace> {
  const steps = simulateInSteps(scenario, opts, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * simulate() in slices of `stepUs` of virtual time, yielding the time reached after each slice, so that
 * a caller (the app's simulation worker) can report progress and stop between slices. The clock only
 * runs timers due within a slice, so the trace is the one simulate() gives, byte for byte.
 */
export function* simulateInSteps(
  scenario: Scenario,
  opts: SimulateOptions,
  stepUs: Micros,
): Generator<Micros, Result<Trace>, void> {
  const { world, diagnostics } = buildWorld(scenario, opts);
  const untilUs = Number.isFinite(opts.untilUs) && opts.untilUs > 0 ? Math.round(opts.untilUs) : 0;
  if (untilUs !== opts.untilUs)
    diagnostics.push({
      code: 'sim.bad-until',
      severity: 'warning',
      message: `untilUs ${opts.untilUs} is not a whole µs ≥ 0; using ${untilUs}`,
    });
  const step = stepUs > 0 ? stepUs : Infinity;
  for (let reached = 0; ;) {
    reached = Math.min(untilUs, reached + step);
    world.run(reached);
    if (reached >= untilUs) break;
    yield reached;
  }
  const trace = world.trace(scenario.name, untilUs, opts.epochUs ?? 0);
  trace.services = scenarioServices(scenario);
  trace.diagnostics = [...diagnostics, ...trace.diagnostics];
  return { value: trace, diagnostics: trace.diagnostics };
}
