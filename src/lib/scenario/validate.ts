/**
 * Checks scenario JSON (text or an already parsed value) against the scenario format (types.ts,
 * README "Simulator and scenario format"). Unknown fields and actions, wrong types and missing
 * fields are errors with the position of the offending key when the input is text. Never throws.
 */
import type { Diagnostic, Result, TextPosition } from '../trace/diagnostic';
import type { Scenario } from './types';
import { JsonSyntaxError, parseJsonWithPositions } from './json-positions';
import { parseCidr, parseMac } from '../net/address';
import { checkEvent, scenarioFacts } from './actions/check';
import { MAX_TIMING_US } from './timing';
import { parseUcarp } from '../config/ucarp';
import { IMPLEMENTATIONS } from './types';

type Kind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'array'
  | 'object'
  | 'strings'
  | 'string-map'
  | 'cidr-map'
  | 'groups'
  | 'boolean-or-null';

const NODE: Record<string, Kind> = {
  name: 'string',
  interfaces: 'cidr-map',
  mac: 'string-map',
  config: 'string',
  implementation: 'string',
  processes: 'strings',
  jitterUs: 'number',
};
const LAN: Record<string, Kind> = { latencyUs: 'number', jitterUs: 'number' };
const CLIENT: Record<string, Kind> = {
  name: 'string',
  interfaces: 'cidr-map',
  mac: 'string-map',
  hosts: 'string-map',
};
const SERVER: Record<string, Kind> = { name: 'string', interfaces: 'cidr-map', mac: 'string-map' };
const SERVICE: Record<string, Kind> = {
  name: 'string',
  address: 'string',
  port: 'number',
  process: 'string',
  backends: 'strings',
};
const SCRIPT: Record<string, Kind> = { process: 'string', result: 'boolean' };
const TOP: Record<string, Kind> = {
  name: 'string',
  description: 'string',
  seed: 'number',
  nodes: 'array',
  clients: 'array',
  servers: 'array',
  scripts: 'object',
  services: 'array',
  events: 'array',
  lan: 'object',
  duration: 'number',
};

function typeOk(kind: Kind, v: unknown): boolean {
  const isMap = (f: (x: unknown) => boolean) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(f);
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'boolean-or-null':
      return typeof v === 'boolean' || v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'string-map':
      return isMap((x) => typeof x === 'string');
    case 'cidr-map':
      return isMap((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'));
    case 'groups':
      return Array.isArray(v) && v.every((g) => Array.isArray(g) && g.every((x) => typeof x === 'string'));
  }
}

const KIND_TEXT: Record<Kind, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  'boolean-or-null': 'true, false or null',
  array: 'a list',
  object: 'an object',
  strings: 'a list of strings',
  'string-map': 'an object of strings',
  'cidr-map': 'an object of address lists',
  groups: 'a list of lists of node names',
};

/** Errors about what an event refers to or its value range: the scenario is still returned with them. */
const REFERENCE_CODES = new Set([
  'scenario.unknown-node',
  'scenario.unknown-instance',
  'scenario.unknown-interface',
  'scenario.unknown-process',
  'scenario.unknown-script',
  'scenario.bad-value',
  'scenario.no-effect',
  'scenario.duplicate-name',
  'scenario.wrong-implementation',
  'scenario.ucarp-command',
]);

/**
 * Validates a scenario. `value` is the Scenario unless its shape is wrong (bad JSON, unknown or
 * mistyped fields, unknown actions); with errors about names or value ranges only (unknown node,
 * instance, interface or process; priority outside 1..255; percent outside 0..100) the Scenario
 * is still returned, so callers that run it must check `diagnostics` for errors.
 */
export function validateScenario(json: string | unknown): Result<Scenario | null> {
  const diagnostics: Diagnostic[] = [];
  let value: unknown = json;
  let keys = new Map<string, TextPosition>();
  if (typeof json === 'string') {
    try {
      const parsed = parseJsonWithPositions(json);
      value = parsed.value;
      keys = parsed.keys;
    } catch (e) {
      const at = e instanceof JsonSyntaxError ? e.at : undefined;
      return {
        value: null,
        diagnostics: [
          {
            code: 'scenario.json-syntax',
            severity: 'error',
            message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
            at,
          },
        ],
      };
    }
  }
  const err = (
    path: string,
    message: string,
    code = 'scenario.invalid',
    severity: Diagnostic['severity'] = 'error',
  ) => diagnostics.push({ code, severity, message: `${path || 'scenario'}: ${message}`, at: keys.get(path) });

  const checkObject = (
    v: unknown,
    path: string,
    shape: Record<string, Kind>,
    required: string[],
  ): v is Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      err(path, 'must be an object');
      return false;
    }
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      const p = path ? `${path}/${k}` : k;
      if (!(k in shape))
        err(p, `unknown field "${k}" (allowed: ${Object.keys(shape).join(', ')})`, 'scenario.unknown-field');
      else if (!typeOk(shape[k], x)) err(p, `"${k}" must be ${KIND_TEXT[shape[k]]}`, 'scenario.bad-type');
    }
    for (const k of required) if (!(k in o)) err(path, `missing "${k}"`, 'scenario.missing-field');
    return true;
  };
  const checkList = (v: unknown, path: string, shape: Record<string, Kind>, required: string[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => checkObject(x, `${path}/${i}`, shape, required));
  };

  if (!checkObject(value, '', TOP, ['name', 'nodes'])) return { value: null, diagnostics };
  const top = value as Record<string, unknown>;
  checkList(top.nodes, 'nodes', NODE, ['name', 'interfaces', 'config']);
  checkList(top.clients, 'clients', CLIENT, ['name', 'interfaces']);
  checkList(top.servers, 'servers', SERVER, ['name', 'interfaces']);
  checkList(top.services, 'services', SERVICE, ['name', 'address', 'backends']);
  if (top.scripts && typeof top.scripts === 'object')
    for (const [k, s] of Object.entries(top.scripts)) checkObject(s, `scripts/${k}`, SCRIPT, []);
  // Addresses and MACs, where a typo would otherwise only show up as a silent node.
  for (const list of ['nodes', 'clients', 'servers'] as const) {
    if (!Array.isArray(top[list])) continue;
    (top[list] as Record<string, unknown>[]).forEach((n, i) => {
      if (!n || typeof n !== 'object') return;
      for (const [ifname, cidrs] of Object.entries((n.interfaces as Record<string, unknown>) ?? {}))
        if (Array.isArray(cidrs))
          cidrs.forEach((c, k) => {
            if (typeof c === 'string' && !parseCidr(c))
              err(
                `${list}/${i}/interfaces/${ifname}/${k}`,
                `"${c}" is not an address/prefix`,
                'scenario.bad-address',
              );
          });
      for (const [ifname, mac] of Object.entries((n.mac as Record<string, unknown>) ?? {}))
        if (typeof mac === 'string' && !parseMac(mac))
          err(`${list}/${i}/mac/${ifname}`, `"${mac}" is not a MAC address`, 'scenario.bad-mac');
    });
  }
  // Timing fields (sim/timing.ts): whole µs within 0..1 s.
  const checkTiming = (v: unknown, path: string) => {
    if (typeof v === 'number' && Number.isFinite(v) && !(Number.isInteger(v) && v >= 0 && v <= MAX_TIMING_US))
      err(path, `must be a whole number of µs within 0..${MAX_TIMING_US}`, 'scenario.bad-value');
  };
  // (a lan that is not an object already has its bad-type error)
  if (typeOk('object', top.lan) && checkObject(top.lan, 'lan', LAN, []))
    for (const k of Object.keys(LAN)) checkTiming((top.lan as Record<string, unknown>)[k], `lan/${k}`);
  if (Array.isArray(top.nodes))
    top.nodes.forEach((n, i) => {
      if (n && typeof n === 'object')
        checkTiming((n as Record<string, unknown>).jitterUs, `nodes/${i}/jitterUs`);
    });
  // "implementation": keepalived (the default) or ucarp, whose "config" is its command line.
  if (Array.isArray(top.nodes))
    top.nodes.forEach((n, i) => {
      const node = (n ?? {}) as Record<string, unknown>;
      const impl = node.implementation;
      if (typeof impl === 'string' && !(IMPLEMENTATIONS as readonly string[]).includes(impl))
        err(
          `nodes/${i}/implementation`,
          `unknown implementation "${impl}" (known: ${IMPLEMENTATIONS.join(', ')})`,
          'scenario.bad-value',
        );
      if (impl === 'ucarp' && typeof node.config === 'string')
        for (const d of parseUcarp(node.config, { file: String(node.name ?? `nodes/${i}`) }).diagnostics)
          if (d.severity === 'error')
            err(`nodes/${i}/config`, `ucarp command line: ${d.message}`, 'scenario.ucarp-command');
    });
  // Names must be unique: a second node of the same name would silently replace the first.
  const seen = new Map<string, string>();
  for (const list of ['nodes', 'clients', 'servers'] as const)
    if (Array.isArray(top[list]))
      (top[list] as unknown[]).forEach((n, i) => {
        const name = (n as { name?: unknown })?.name;
        if (typeof name !== 'string') return;
        const first = seen.get(name);
        if (first)
          err(
            `${list}/${i}/name`,
            `the name "${name}" is already used by ${first}`,
            'scenario.duplicate-name',
          );
        else seen.set(name, `${list}/${i}`);
      });
  if (typeof top.duration === 'number' && !(top.duration > 0))
    err('duration', `"duration" must be more than 0 seconds (got ${top.duration})`, 'scenario.bad-value');
  if (Array.isArray(top.events)) {
    // The one event validator (actions/check.ts), shared with share links and the app.
    const facts = scenarioFacts(top);
    top.events.forEach((e, i) => checkEvent(e, `events/${i}`, facts, err));
  }
  // A scenario whose shape is right but whose events name something that does not exist (or a value
  // out of range) is still returned, so an editor can show it with the errors; runners must refuse it.
  const ok = !diagnostics.some((d) => d.severity === 'error' && !REFERENCE_CODES.has(d.code));
  const scenario = ok ? ({ seed: 1, ...top } as unknown as Scenario) : null;
  return { value: scenario, diagnostics };
}
