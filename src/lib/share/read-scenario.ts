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
  ScenarioNode,
  ScenarioScript,
  ScenarioServer,
  ScenarioService,
} from '../scenario/types';
import type { JsonReader } from './read-json';
import { SHARE_LIMITS } from './state';

export const SCENARIO_ACTIONS: readonly ScenarioAction[] = [
  'start-keepalived',
  'stop-keepalived',
  'kill-keepalived',
  'pause-keepalived',
  'resume-keepalived',
  'start-process',
  'kill-process',
  'link-down',
  'link-up',
  'partition',
  'heal',
  'block-multicast',
  'set-loss',
  'set-latency',
  'set-priority',
  'force-script',
];

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
  r.unknownKeys(o, path, ['name', 'interfaces', 'mac', 'config', 'processes']);
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
    processes: stringList(r, o.processes, `${path}.processes`),
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

const EVENT_KEYS = ['at', 'action', 'node', 'process', 'interface', 'groups', 'from', 'to', 'percent', 'ms'];
const EVENT_KEYS_MORE = ['instance', 'priority', 'name', 'result', 'note'];

function readEvent(r: JsonReader, v: unknown, path: string): ScenarioEvent | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  r.unknownKeys(o, path, [...EVENT_KEYS, ...EVENT_KEYS_MORE]);
  const at = r.number(o.at, `${path}.at`, 0, MAX_SECONDS);
  const action = r.oneOf(o.action, `${path}.action`, SCENARIO_ACTIONS);
  if (at === undefined || action === undefined) {
    r.report('warning', 'share.bad-event', path, 'event needs a time `at` and a known `action`; dropped');
    return undefined;
  }
  const result = o.result === null ? null : r.boolean(o.result, `${path}.result`);
  return defined({
    at,
    action,
    node: r.string(o.node, `${path}.node`),
    process: r.string(o.process, `${path}.process`),
    interface: r.string(o.interface, `${path}.interface`),
    groups: r.array(o.groups, `${path}.groups`, SHARE_LIMITS.maxNodes, (x, p) => stringList(r, x, p)),
    from: r.string(o.from, `${path}.from`),
    to: r.string(o.to, `${path}.to`),
    percent: r.number(o.percent, `${path}.percent`, 0, 100),
    ms: r.number(o.ms, `${path}.ms`, 0, 600_000),
    instance: r.string(o.instance, `${path}.instance`),
    priority: r.number(o.priority, `${path}.priority`, 0, 255, true),
    name: r.string(o.name, `${path}.name`),
    result,
    note: r.string(o.note, `${path}.note`),
  });
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
  return defined({
    name: r.string(o.name, `${path}.name`) ?? 'shared scenario',
    description: r.string(o.description, `${path}.description`, SHARE_LIMITS.maxConfigChars),
    seed: r.number(o.seed, `${path}.seed`, 0, 2 ** 32 - 1, true) ?? 1,
    nodes,
    clients: hosts('clients', true) as ScenarioClient[] | undefined,
    servers: hosts('servers', false) as ScenarioServer[] | undefined,
    scripts: r.record(o.scripts, `${path}.scripts`, (x, p) => readScript(r, x, p)),
    services: r.array(o.services, `${path}.services`, SHARE_LIMITS.maxNodes, (x, p) => readService(r, x, p)),
    events: r.array(o.events, `${path}.events`, SHARE_LIMITS.maxEvents, (x, p) => readEvent(r, x, p)),
    duration: r.number(o.duration, `${path}.duration`, 0, MAX_SECONDS),
  });
}
