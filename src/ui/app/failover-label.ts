/**
 * The words on a timeline failover marker. The trace's `gapUs` is only the time since the old master's
 * last advert (an old master that lost a priority contest keeps advertising
 * at its lower priority until it hears the higher one), so it is labelled "gap", never presented as the
 * failover's latency. When a scenario fault hit the old master's node shortly before, the time since
 * that fault is the number a reader actually wants ("4.92 s after kill haproxy").
 */
import type { Micros, Trace, TraceEvent } from '../../lib/trace/types';

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

const seconds = (us: number, digits: number) => `${(us / 1e6).toFixed(digits)} s`;

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

/** Actions that bring something back rather than break it: never the trigger of a failover away from
 * the node they act on. */
const RESTORING = new Set(['start-keepalived', 'resume-keepalived', 'start-process', 'link-up', 'heal']);

/** The latest breaking fault on `node` at or before `t`, no more than FAULT_LOOKBACK_US earlier. */
export function triggeringFault(trace: Trace, node: string | null, t: Micros): FaultEvent | null {
  if (node === null) return null;
  let found: FaultEvent | null = null;
  for (const e of trace.events) {
    if (e.t > t) break;
    if (e.kind !== 'fault' || e.node !== node || RESTORING.has(e.action)) continue;
    if (t - e.t <= FAULT_LOOKBACK_US) found = e;
  }
  return found;
}

/** Label and title for one failover marker; `trace` names the nodes and supplies the faults. */
export function failoverLabel(f: FailoverEvent, trace: Trace | null | undefined): FailoverLabel {
  const name = (id: string | null) =>
    id === null ? null : (trace?.nodes.find((n) => n.id === id)?.name ?? id);
  const to = name(f.to) ?? f.to;
  const from = name(f.from);
  const fault = trace ? triggeringFault(trace, f.from, f.t) : null;
  const parts = [`→ ${to}`];
  if (f.gapUs !== null) parts.push(`gap ${seconds(f.gapUs, 3)}`);
  if (fault) parts.push(`${seconds(f.t - fault.t, 2)} after ${shortFault(fault)}`);
  const title = [
    `VRID ${f.vrid}: ${from ?? 'no known master'} → ${to} at ${seconds(f.t, 3)}.`,
    f.gapUs !== null
      ? `Gap ${seconds(f.gapUs, 3)}: time since the old master's last advert (it may have kept advertising at a lower priority), not the failover's latency.`
      : 'No advert from an old master was seen.',
    fault ? `${seconds(f.t - fault.t, 3)} after the fault "${fault.label}" at ${seconds(fault.t, 3)}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { text: parts.join(' · '), title };
}
