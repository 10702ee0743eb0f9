/**
 * The words on a timeline failover marker. The trace's `gapUs` is only the time since the old master's
 * last advert (an old master that lost a priority contest keeps advertising
 * at its lower priority until it hears the higher one), so it is labelled "gap", never presented as the
 * failover's latency. When a scenario fault hit the old master's node shortly before, the time since
 * that fault is the number a reader actually wants ("4.92 s after kill haproxy").
 */
import { ACTION_SPECS } from '../../lib/scenario/actions/registry';
import type { ScenarioAction } from '../../lib/scenario/types';
import { describeCause, namerOf } from '../../lib/trace/cause';
import { failoverGap } from '../../lib/trace/explain-failover';
import type { Micros, Trace, TraceEvent } from '../../lib/trace/types';
import { secondsLabel } from '../../lib/trace/time';

export type FailoverEvent = Extract<TraceEvent, { kind: 'failover' }>;
type FaultEvent = Extract<TraceEvent, { kind: 'fault' }>;

/** How far back (µs) a fault on the old master's node is still taken as the failover's trigger. */
export const FAULT_LOOKBACK_US: Micros = 60_000_000;

export interface FailoverLabel {
  /** Short marker text: "→ prod-haproxy-001 · gap 0.613 s · 4.92 s after kill haproxy". */
  text: string;
  /** Full explanation for the marker's <title> (tooltip and accessible name). */
  title: string;
}

/** "kill haproxy", "stop keepalived", "link down eth2": the fault's action in a few words. */
export function shortFault(f: FaultEvent): string {
  const p = f.params ?? {};
  const [verb, ...rest] = f.action.split('-');
  const object = rest.join(' ');
  if (object === 'process' && typeof p.process === 'string') return `${verb} ${p.process}`;
  if ((verb === 'link' || object === 'down' || object === 'up') && typeof p.interface === 'string')
    return `${f.action.replace('-', ' ')} ${p.interface}`;
  return [verb, object].filter(Boolean).join(' ');
}

/** Actions that bring something back rather than break it (the registry's `restores`): never the
 * trigger of a failover away from the node they act on. */
const restores = (action: string) => ACTION_SPECS[action as ScenarioAction]?.restores === true;

/** Each trace's breaking faults, found once (the timeline asks again on every redraw). */
const faultsOf = new WeakMap<Trace, FaultEvent[]>();

/** The latest breaking fault on `node` at or before `t`, no more than FAULT_LOOKBACK_US earlier. */
export function triggeringFault(trace: Trace, node: string | null, t: Micros): FaultEvent | null {
  if (node === null) return null;
  let faults = faultsOf.get(trace);
  if (!faults) {
    faults = trace.events.filter(
      (e): e is FaultEvent => e.kind === 'fault' && e.node !== undefined && !restores(e.action),
    );
    faultsOf.set(trace, faults);
  }
  let found: FaultEvent | null = null;
  for (const e of faults) {
    if (e.t > t) break;
    if (e.node === node && t - e.t <= FAULT_LOOKBACK_US) found = e;
  }
  return found;
}

/** Where the marker is drawn, to fit its text before the next marker of its lane or the lane's end. */
export interface LabelFit {
  /** Time (µs) → x (px); its range's end is the lane's right edge. */
  x: { (t: number): number; range(): number[] };
  /** The failovers of the marker's lane. */
  lane: readonly FailoverEvent[];
}

/** A generous average advance of the marker's bold 0.8em sans text, px per character. */
const CHAR_PX = 6.6;
/** Padding of the text after the marker line and before the next one, px. */
const TEXT_PAD_PX = 12;

const labels = new WeakMap<
  FailoverEvent,
  { trace: Trace | null | undefined; parts: string[]; title: string }
>();
/**
 * Label and title for one failover marker; `trace` names the nodes and supplies the faults. With `fit`,
 * trailing parts of the label are dropped until it fits before the next marker (the title keeps all).
 */
export function failoverLabel(
  f: FailoverEvent,
  trace: Trace | null | undefined,
  fit?: LabelFit,
): FailoverLabel {
  let cached = labels.get(f);
  if (!cached || cached.trace !== trace) {
    cached = { trace, ...describeFailover(f, trace) };
    labels.set(f, cached);
  }
  const parts = [...cached.parts];
  if (fit) {
    const next = fit.lane.find((g) => g.t > f.t);
    const end = Math.min(next ? fit.x(next.t) : Infinity, fit.x.range()[1]);
    const room = end - fit.x(f.t) - TEXT_PAD_PX;
    while (parts.length > 1 && parts.join(' · ').length * CHAR_PX > room) parts.pop();
  }
  return { text: parts.join(' · '), title: cached.title };
}

function describeFailover(
  f: FailoverEvent,
  trace: Trace | null | undefined,
): { parts: string[]; title: string } {
  const name = (id: string | null) =>
    id === null ? null : (trace?.nodes.find((n) => n.id === id)?.name ?? id);
  const to = name(f.to) ?? f.to;
  const from = name(f.from);
  const fault = trace ? triggeringFault(trace, f.from, f.t) : null;
  const parts = [`→ ${to}`];
  if (f.gapUs !== null) parts.push(`gap ${secondsLabel(f.gapUs, 3)}`);
  if (fault) parts.push(`${secondsLabel(f.t - fault.t, 2)} after ${shortFault(fault)}`);
  const cause = trace ? describeCause(f, namerOf(trace.nodes)) : '';
  const gap = trace ? failoverGap(trace, f) : null;
  const title = [
    `VRID ${f.vrid}: ${from ?? 'no known master'} → ${to} at ${secondsLabel(f.t, 3)}${cause ? `: ${cause}` : '.'}`,
    gap
      ? `The ${gap}, not the failover's latency.`
      : f.gapUs !== null
        ? `Gap ${secondsLabel(f.gapUs, 3)} since the old master's last advert, not the failover's latency.`
        : 'No advert from an old master was seen.',
    fault
      ? `${secondsLabel(f.t - fault.t, 3)} after the fault "${fault.label}" at ${secondsLabel(fault.t, 3)}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { parts, title };
}
