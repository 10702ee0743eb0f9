/**
 * Runs hand-built nodes in the simulator and answers questions about the trace.
 */
import type { ScenarioEvent } from '../../../src/lib/scenario/types';
import type { Trace, TraceEvent } from '../../../src/lib/trace/types';
import { World, type HostSpec } from '../../../src/lib/sim/world';
import type { RouterSpec, SimOptions } from '../../../src/lib/sim/types';

export function runWorld(
  routers: RouterSpec[],
  events: ScenarioEvent[],
  untilS: number,
  hosts: HostSpec[] = [],
  seed = 1,
  opts: SimOptions = {},
): Trace {
  const w = new World(routers, hosts, seed, {}, opts);
  for (const r of routers)
    if (!events.some((e) => e.action === 'start-keepalived' && e.node === r.name))
      w.schedule({ at: 0, action: 'start-keepalived', node: r.name });
  for (const e of events) w.schedule(e);
  w.run(Math.round(untilS * 1e6));
  return w.trace('test', Math.round(untilS * 1e6));
}

type Of<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

export function kinds<K extends TraceEvent['kind']>(trace: Trace, kind: K): Of<K>[] {
  return trace.events.filter((e): e is Of<K> => e.kind === kind);
}

/** Adverts sent by node (and VRID), with time and priority. */
export function adverts(
  trace: Trace,
  node?: string,
  vrid?: number,
): { t: number; priority: number; index: number; ipId: number; src: string; dst: string }[] {
  return kinds(trace, 'advert-sent')
    .map((e) => trace.packets[e.packet])
    .filter((p) => (!node || p.node === node) && (vrid === undefined || p.vrrp!.vrid === vrid))
    .map((p) => ({
      t: p.t,
      priority: p.vrrp!.priority,
      index: p.index,
      ipId: (p.bytes![18] << 8) | p.bytes![19],
      src: p.src,
      dst: p.dst,
    }));
}

export function garps(
  trace: Trace,
  node?: string,
  address?: string,
): { t: number; address: string; mac: string }[] {
  return trace.packets
    .filter((p) => p.announce && (!node || p.node === node) && (!address || p.announce.address === address))
    .map((p) => ({ t: p.t, address: p.announce!.address, mac: p.announce!.mac }));
}

/** State changes of one instance id (`node/name`). */
export function states(
  trace: Trace,
  instance: string,
): { t: number; from: string; to: string; cause: string }[] {
  return kinds(trace, 'state')
    .filter((e) => e.instance === instance)
    .map((e) => ({ t: e.t, from: e.from, to: e.to, cause: e.cause.code }));
}

/** The first time `instance` entered `state` at or after `after` µs. */
export function entered(trace: Trace, instance: string, state: string, after = 0): number | undefined {
  return states(trace, instance).find((s) => s.to === state && s.t >= after)?.t;
}
