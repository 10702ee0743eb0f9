/**
 * The timeline's read-only view of a Trace: per virtual router, who was MASTER when (the simulator's
 * `masters()` summary, which reads only `state` events, so captures work too), its packet ticks, the
 * changes of master with the dual-master periods (master-changes.ts), and the periods during which a
 * fault was in force.
 * Simulations and captures produce the same events, so the same lanes serve both.
 */
import { ACTION_SPECS } from '../../lib/scenario/actions/registry';
import type { ActionSpec } from '../../lib/scenario/actions/types';
import type { ScenarioAction } from '../../lib/scenario/types';
import type { Micros, Trace, TraceEvent } from '../../lib/trace/types';
import { masterRuns as masters } from '../../lib/trace/masters';
import { masterView, type DualMasterPeriod, type MasterChange } from '../state/master-changes';
import { yieldToEventLoop } from '../state/yield';

export interface MasterRun {
  node: string;
  instance: string;
  from: Micros;
  to: Micros;
}

export interface Lane {
  router: string;
  vrid: number;
  label: string;
  runs: MasterRun[];
  /** Advert times of this router, µs, ascending (a typed array: 50 000 of them cost the GC nothing). */
  ticks: Float64Array;
  /** The changes of master of this router (takeovers and dual-master starts): the failover markers. */
  changes: MasterChange[];
  /** The periods during which two or more nodes are MASTER of it. */
  dualMasters: DualMasterPeriod[];
}

export interface FaultPeriod {
  label: string;
  action: string;
  node?: string;
  from: Micros;
  /** Until the matching repair, or the trace end. */
  to: Micros;
}

/** Packets or events read between two pauses of `prepareLanes` (well under 2 ms of work). */
const STEP_ITEMS = 2048;

/**
 * Builds the lanes, pausing (yielding) after every STEP_ITEMS packets or events: the synchronous and the
 * chunked builders below share this one pass.
 */
function* laneSteps(trace: Trace): Generator<void, Lane[]> {
  const routerOf = new Map(trace.instances.map((i) => [i.id, i.router]));
  const lanes = new Map<string, Lane & { times: number[] }>();
  for (const r of trace.routers) {
    lanes.set(r.key, {
      router: r.key,
      vrid: r.vrid,
      label:
        r.protocol === 'carp' ? `CARP vhid ${r.vrid}` : `VRID ${r.vrid}${r.family === 'ipv6' ? ' v6' : ''}`,
      runs: [],
      ticks: new Float64Array(0),
      times: [],
      changes: [],
      dualMasters: [],
    });
  }
  // masters() reads only `state` events: handing it just those keeps its pass over 50 000 events here.
  const stateEvents: TraceEvent[] = [];
  const events = trace.events;
  for (let k = 0; k < events.length; k++) {
    const e = events[k];
    if (e.kind === 'state') stateEvents.push(e);
    if (k % STEP_ITEMS === STEP_ITEMS - 1) yield;
  }
  const view = masterView(trace);
  for (const c of view.changes) lanes.get(c.router)?.changes.push(c);
  for (const d of view.dualMasters) lanes.get(d.router)?.dualMasters.push(d);
  for (const r of masters({ ...trace, events: stateEvents })) {
    lanes
      .get(r.router)
      ?.runs.push({ node: r.node, instance: r.instance, from: r.fromUs, to: r.toUs ?? trace.endUs });
  }
  const packets = trace.packets;
  let last: (Lane & { times: number[] }) | undefined;
  let lastKey = '';
  for (let k = 0; k < packets.length; k++) {
    const p = packets[k];
    if (p.type === 'vrrp' && p.vrrp) {
      const key = (p.instance && routerOf.get(p.instance)) ?? `${p.vrrp.family}/${p.vrrp.vrid}`;
      if (key !== lastKey) {
        last = lanes.get(key);
        lastKey = key;
      }
      last?.times.push(p.t);
    }
    if (k % STEP_ITEMS === STEP_ITEMS - 1) yield;
  }
  const out: Lane[] = [];
  for (const { times, ...lane } of lanes.values()) out.push({ ...lane, ticks: Float64Array.from(times) });
  return out.sort((a, b) => a.vrid - b.vrid || a.router.localeCompare(b.router));
}

/** The lanes of a trace, in one go (small traces, tests). */
export function buildLanes(trace: Trace): Lane[] {
  const steps = laneSteps(trace);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

const built = new WeakMap<Trace, Lane[]>();

/** The lanes of `trace`, built once per trace and kept (by `prepareLanes` beforehand, or here). */
export function lanesOf(trace: Trace): Lane[] {
  let lanes = built.get(trace);
  if (!lanes) built.set(trace, (lanes = buildLanes(trace)));
  return lanes;
}

/**
 * Builds the lanes of a large trace (a capture) in short steps that give the event loop a turn between
 * them, so that no task holds the page for long; `lanesOf` then finds them ready.
 */
export async function prepareLanes(trace: Trace, signal?: AbortSignal): Promise<void> {
  if (built.has(trace)) return;
  const steps = laneSteps(trace);
  for (;;) {
    const r = steps.next();
    if (r.done) {
      built.set(trace, r.value);
      return;
    }
    await yieldToEventLoop();
    if (signal?.aborted) return;
  }
}

/** Index of the first of the ascending `times` that is ≥ `t`, searching [lo, hi). */
function lowerBound(times: Float64Array, t: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The pixel columns (integer x, ascending) that hold at least one of the ascending `times` within
 * [from, to], for a monotonic increasing scale `x` (µs → px) and its inverse. One binary search per
 * column drawn: at most one tick per pixel, whatever the number of packets.
 */
export function tickColumns(
  times: Float64Array,
  from: Micros,
  to: Micros,
  x: (t: number) => number,
  invert: (px: number) => number,
): number[] {
  const columns: number[] = [];
  const end = lowerBound(times, to + 1, 0, times.length);
  let k = lowerBound(times, from, 0, end);
  while (k < end) {
    const px = Math.floor(x(times[k]));
    columns.push(px);
    k = Math.max(k + 1, lowerBound(times, invert(px + 1), k + 1, end));
  }
  return columns;
}

function sameTarget(a: FaultPeriodSource, b: FaultPeriodSource): boolean {
  if (b.action === 'heal') return true;
  if (a.node !== b.node) return false;
  const pa = a.params ?? {};
  const pb = b.params ?? {};
  return ['process', 'interface', 'name'].every(
    (k) => pa[k] === undefined || pb[k] === undefined || pa[k] === pb[k],
  );
}

type FaultPeriodSource = Extract<TraceEvent, { kind: 'fault' }>;

const specOf = (action: string) => ACTION_SPECS[action as ScenarioAction] as ActionSpec | undefined;
const undoneBy = (action: string): string[] => specOf(action)?.undoneBy ?? [];

/** Whether a fault event starts a shaded period (an action something undoes, not a repair-only use of it). */
function startsFault(e: FaultPeriodSource): boolean {
  const spec = specOf(e.action);
  if (!spec?.undoneBy.length) return false;
  return spec.startsFault?.({ at: 0, action: e.action as ScenarioAction, ...e.params }) ?? true;
}

export function buildFaultPeriods(trace: Trace): FaultPeriod[] {
  const periods: FaultPeriod[] = [];
  const open: { e: FaultPeriodSource; period: FaultPeriod }[] = [];
  for (const e of trace.events) {
    if (e.kind !== 'fault') continue;
    for (let k = open.length - 1; k >= 0; k--) {
      const o = open[k];
      if (undoneBy(o.e.action).includes(e.action) && sameTarget(o.e, e)) {
        o.period.to = e.t;
        open.splice(k, 1);
      }
    }
    // A fault is shaded until an action that undoes it (the registry's undoneBy); a set-loss of 0 % or
    // a forced script cleared with null is a repair only.
    if (!startsFault(e)) continue;
    const period = { label: e.label, action: e.action, node: e.node, from: e.t, to: trace.endUs };
    periods.push(period);
    open.push({ e, period });
  }
  return periods;
}
