/**
 * Truth file → scenario JSON: the same nodes, configs and fault times the real daemon saw, for the
 * simulator (src/lib/sim). Only faults are carried over; the daemon's state changes are what the
 * simulator must predict.
 */
import type { Scenario, ScenarioAction, ScenarioEvent } from '../../src/lib/scenario/types';
import { SCENARIO_ACTIONS } from '../../src/lib/share/read-scenario';
import type { Truth, TruthEvent } from './truth';

const ACTIONS: ReadonlySet<string> = new Set<string>(SCENARIO_ACTIONS);

function toEvent(e: TruthEvent): ScenarioEvent {
  if (!e.action || !ACTIONS.has(e.action))
    throw new Error(`truth fault at ${e.t} s has no scenario action: ${e.action}`);
  const ev: ScenarioEvent = { at: e.t, action: e.action as ScenarioAction };
  if (e.node !== undefined) ev.node = e.node;
  if (e.process !== undefined) ev.process = e.process;
  if (e.interface !== undefined) ev.interface = e.interface;
  if (e.groups !== undefined) ev.groups = e.groups.map((g) => [...g]);
  if (e.from !== undefined) ev.from = e.from;
  if (e.to !== undefined) ev.to = e.to;
  return ev;
}

const shellQuote = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** The scenario that replays `truth`'s faults at their recorded times (seconds since the first packet). */
export function truthToScenario(truth: Truth): Scenario {
  const faults = truth.events.filter((e) => e.kind === 'fault');
  return {
    name: truth.scenario,
    description: truth.description,
    seed: 1,
    nodes: truth.nodes.map((n) => ({
      name: n.name,
      interfaces: Object.fromEntries(Object.entries(n.interfaces).map(([k, v]) => [k, [...v]])),
      mac: { ...n.mac },
      // A ucarp node's config is its command line, each word quoted as a shell would need it.
      ...(n.implementation === 'ucarp'
        ? { implementation: 'ucarp' as const, config: (n.command ?? []).map(shellQuote).join(' ') }
        : { config: n.config }),
    })),
    events: faults.map(toEvent),
  };
}
