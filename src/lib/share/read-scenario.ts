/**
 * Reads an untrusted value (from a share URL or an imported JSON file) into a `Scenario`, keeping every
 * part that has the right shape and reporting the rest. Only known fields are copied, so nothing from
 * the input reaches the app that the scenario format (src/lib/scenario/types.ts) does not describe.
 */
import type {
  Scenario,
  ScenarioAction,
  ScenarioClient,
  ScenarioEvent,
  ScenarioLan,
  ScenarioNode,
  ScenarioScript,
  ScenarioServer,
  ScenarioService,
} from '../scenario/types';
import { checkEvent, scenarioFacts, type ScenarioFacts } from '../scenario/actions/check';
import { ACTION_NAMES, ACTION_SPECS } from '../scenario/actions/registry';
import type { JsonReader } from './read-json';
import { SHARE_LIMITS } from './state';
import { MAX_TIMING_US } from '../scenario/timing';
import { IMPLEMENTATIONS } from '../scenario/types';

/** The action names, as the share codec's tests draw them. */
export const SCENARIO_ACTIONS: readonly ScenarioAction[] = ACTION_NAMES;

const MAX_SECONDS = SHARE_LIMITS.maxTimeUs / 1e6;

function stringList(r: JsonReader, v: unknown, path: string): string[] | undefined {
  return r.array(v, path, SHARE_LIMITS.maxNodes, (x, p) => r.string(x, p));
}

function interfaces(r: JsonReader, v: unknown, path: string): Record<string, string[]> {
  return r.record(v, path, (x, p) => stringList(r, x, p)) ?? {};
}

function macs(r: JsonReader, v: unknown, path: string): Record<string, string> | undefined {
  return r.record(v, path, (x, p) => r.string(x, p));
}

/** Assigns only defined values, so optional fields stay absent (round trips compare equal). */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function readNode(r: JsonReader, v: unknown, path: string): ScenarioNode | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  r.unknownKeys(o, path, ['name', 'interfaces', 'mac', 'config', 'implementation', 'processes', 'jitterUs']);
  const name = r.string(o.name, `${path}.name`);
  if (!name) {
    r.report('warning', 'share.missing-field', path, 'node without a name; dropped');
    return undefined;
  }
  return defined({
    name,
    interfaces: interfaces(r, o.interfaces, `${path}.interfaces`),
    mac: macs(r, o.mac, `${path}.mac`),
    config: r.string(o.config, `${path}.config`, SHARE_LIMITS.maxConfigChars) ?? '',
    implementation:
      o.implementation === undefined
        ? undefined
        : r.oneOf(o.implementation, `${path}.implementation`, IMPLEMENTATIONS),
    processes: stringList(r, o.processes, `${path}.processes`),
    jitterUs: r.number(o.jitterUs, `${path}.jitterUs`, 0, MAX_TIMING_US, true),
  });
}

/** The LAN's timing (scenario/timing.ts): a bad field is dropped, so the default applies. */
function readLan(r: JsonReader, v: unknown, path: string): ScenarioLan | undefined {
  if (v === undefined) return undefined;
  const o = r.object(v, path);
  if (!o) return undefined;
  r.unknownKeys(o, path, ['latencyUs', 'jitterUs']);
  return defined({
    latencyUs: r.number(o.latencyUs, `${path}.latencyUs`, 0, MAX_TIMING_US, true),
    jitterUs: r.number(o.jitterUs, `${path}.jitterUs`, 0, MAX_TIMING_US, true),
  });
}

function readHost(
  r: JsonReader,
  v: unknown,
  path: string,
  hosts: boolean,
): ScenarioClient | ScenarioServer | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  r.unknownKeys(o, path, hosts ? ['name', 'interfaces', 'mac', 'hosts'] : ['name', 'interfaces', 'mac']);
  const name = r.string(o.name, `${path}.name`);
  if (!name) {
    r.report('warning', 'share.missing-field', path, 'entry without a name; dropped');
    return undefined;
  }
  const base = {
    name,
    interfaces: interfaces(r, o.interfaces, `${path}.interfaces`),
    mac: macs(r, o.mac, `${path}.mac`),
  };
  return defined(
    hosts ? { ...base, hosts: r.record(o.hosts, `${path}.hosts`, (x, p) => r.string(x, p)) } : base,
  );
}

function readScript(r: JsonReader, v: unknown, path: string): ScenarioScript | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  r.unknownKeys(o, path, ['process', 'result']);
  return defined({
    process: r.string(o.process, `${path}.process`),
    result: r.boolean(o.result, `${path}.result`),
  });
}

function readService(r: JsonReader, v: unknown, path: string): ScenarioService | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  r.unknownKeys(o, path, ['name', 'address', 'port', 'process', 'backends']);
  const name = r.string(o.name, `${path}.name`);
  const address = r.string(o.address, `${path}.address`);
  if (!name || !address) {
    r.report('warning', 'share.missing-field', path, 'service needs a name and an address; dropped');
    return undefined;
  }
  return defined({
    name,
    address,
    port: r.number(o.port, `${path}.port`, 0, 65535, true),
    process: r.string(o.process, `${path}.process`),
    backends: stringList(r, o.backends, `${path}.backends`) ?? [],
  });
}

/**
 * Reads one event: only the fields its action declares (scenario/actions/registry.ts), through the
 * reader's size limits, then the one event validator (actions/check.ts) decides; an event it
 * refuses is dropped with its message.
 */
function readEvent(r: JsonReader, v: unknown, path: string, facts: ScenarioFacts): ScenarioEvent | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  const refused: string[] = [];
  const action = checkEvent(o, path, facts, (p, message, code, severity = 'error') => {
    if (severity === 'error') refused.push(message);
    else r.report('warning', code.replace(/^scenario\./, 'share.'), p, message);
  });
  const at = r.number(o.at, `${path}.at`, 0, MAX_SECONDS);
  if (!action || at === undefined || refused.length) {
    const why = refused.length ? refused.join('; ') : 'event needs a time `at` and a known `action`';
    r.report('warning', 'share.bad-event', path, `${why}; dropped`);
    return undefined;
  }
  const e: ScenarioEvent = { at, action };
  const fields = e as unknown as Record<string, unknown>;
  for (const [k, spec] of Object.entries(ACTION_SPECS[action].params)) {
    const p = `${path}.${k}`;
    if (o[k] === undefined) continue;
    if (spec.kind === 'string') fields[k] = r.string(o[k], p);
    else if (spec.kind === 'number')
      fields[k] = r.number(o[k], p, spec.min ?? -Infinity, spec.max ?? Infinity, spec.integer);
    else if (spec.kind === 'result') fields[k] = o[k] === null ? null : r.boolean(o[k], p);
    else fields[k] = r.array(o[k], p, SHARE_LIMITS.maxNodes, (x, q) => stringList(r, x, q));
  }
  if (o.note !== undefined) e.note = r.string(o.note, `${path}.note`);
  return defined(e);
}

const SCENARIO_KEYS = [
  'name',
  'description',
  'seed',
  'nodes',
  'clients',
  'servers',
  'scripts',
  'services',
  'events',
  'duration',
  'lan',
];

/**
 * Reads a scenario. Returns undefined (with an error diagnostic) only when the value is not a scenario
 * at all; bad nodes, events and fields are dropped one by one with warnings.
 */
export function readScenario(r: JsonReader, v: unknown, path = 'scenario'): Scenario | undefined {
  const o = r.object(v, path, 'error');
  if (!o) {
    r.report('error', 'share.no-scenario', path, 'no scenario in the data');
    return undefined;
  }
  r.unknownKeys(o, path, SCENARIO_KEYS);
  const nodes = r.array(o.nodes, `${path}.nodes`, SHARE_LIMITS.maxNodes, (x, p) => readNode(r, x, p));
  if (!nodes) {
    r.report('error', 'share.no-scenario', `${path}.nodes`, 'a scenario needs a list of nodes');
    return undefined;
  }
  const hosts = (key: 'clients' | 'servers', withHosts: boolean) =>
    r.array(o[key], `${path}.${key}`, SHARE_LIMITS.maxNodes, (x, p) => readHost(r, x, p, withHosts));
  const read = {
    nodes,
    clients: hosts('clients', true) as ScenarioClient[] | undefined,
    servers: hosts('servers', false) as ScenarioServer[] | undefined,
    scripts: r.record(o.scripts, `${path}.scripts`, (x, p) => readScript(r, x, p)),
    services: r.array(o.services, `${path}.services`, SHARE_LIMITS.maxNodes, (x, p) => readService(r, x, p)),
  };
  // Events are checked against the parts as read (what was dropped cannot be named).
  const facts = scenarioFacts(read);
  return defined({
    name: r.string(o.name, `${path}.name`) ?? 'shared scenario',
    description: r.string(o.description, `${path}.description`, SHARE_LIMITS.maxConfigChars),
    seed: r.number(o.seed, `${path}.seed`, 0, 2 ** 32 - 1, true) ?? 1,
    ...read,
    events: r.array(o.events, `${path}.events`, SHARE_LIMITS.maxEvents, (x, p) => readEvent(r, x, p, facts)),
    duration: r.number(o.duration, `${path}.duration`, 0, MAX_SECONDS),
    lan: readLan(r, o.lan, `${path}.lan`),
  });
}
