/**
 * Plain-text narration of trace events for the aria-live region and the tutorial's log, e.g.
 * "15.837 s — prod-haproxy-001 became MASTER of VRID 200: priority 99 > 98". Text only: callers render
 * it with Svelte text interpolation, never as HTML, so names from configs and captures stay inert.
 */
import type { Frame, FrameIndex } from '../../lib/trace/frame';
import { eventCountAt } from '../../lib/trace/search';
import type { Micros, Trace, TraceEvent, TraceInstance } from '../../lib/trace/types';

/** `15.837 s` (milliseconds, since the trace origin). */
export function formatSeconds(t: Micros): string {
  return `${(t / 1e6).toFixed(3)} s`;
}

function instanceOf(trace: Trace, id: string): TraceInstance | undefined {
  return trace.instances.find((i) => i.id === id);
}

/** The highest effective priority among the other running instances of the same virtual router. */
function rivalPriority(
  trace: Trace,
  frame: Frame,
  inst: TraceInstance,
): { node: string; priority: number } | null {
  let best: { node: string; priority: number } | null = null;
  for (const other of trace.instances) {
    if (other.router !== inst.router || other.id === inst.id) continue;
    const f = frame.instances[other.id];
    if (!f || f.state === 'STOPPED' || f.state === 'FAULT') continue;
    if (!best || f.priority > best.priority) best = { node: other.node, priority: f.priority };
  }
  return best;
}

function becameMaster(trace: Trace, frame: Frame, inst: TraceInstance, cause: string): string {
  const own = frame.instances[inst.id]?.priority ?? inst.basePriority;
  const rival = rivalPriority(trace, frame, inst);
  if (rival && own > rival.priority) return `priority ${own} > ${rival.priority}`;
  if (cause === 'priority-zero') return 'the master resigned (priority 0)';
  if (cause === 'master-down-timer') return `no advert heard for a Master_Down_Interval (priority ${own})`;
  return `priority ${own}`;
}

/** The scenario actions whose direct result is a process, daemon or link event on the same node. */
function causedBy(e: TraceEvent, fault: Extract<TraceEvent, { kind: 'fault' }>): boolean {
  if (e.kind === 'process')
    return (
      fault.node === e.node &&
      (fault.action === 'kill-process' || fault.action === 'start-process') &&
      fault.params?.process === e.process
    );
  if (e.kind === 'daemon') return fault.node === e.node && fault.action.endsWith('-keepalived');
  if (e.kind === 'link')
    return fault.node === e.node && (fault.action === 'link-up' || fault.action === 'link-down');
  return false;
}

/**
 * True when a fault at the same instant already announced this process, daemon or link change: one
 * fault is narrated once ("haproxy killed on prod-haproxy-000"), not again as its own consequence.
 */
function announcedByFault(e: TraceEvent, trace: Trace): boolean {
  const events = trace.events;
  for (let k = eventCountAt(events, e.t - 1); k < events.length && events[k].t === e.t; k++) {
    const f = events[k];
    if (f.kind === 'fault' && causedBy(e, f)) return true;
  }
  return false;
}

/** One line for an event worth announcing, or null for bookkeeping (adverts, timers, logs). */
export function narrate(e: TraceEvent, trace: Trace, index: FrameIndex): string | null {
  const at = formatSeconds(e.t);
  switch (e.kind) {
    case 'state': {
      const inst = instanceOf(trace, e.instance);
      if (!inst) return null;
      const head = `${at} — ${e.node} became ${e.to} of VRID ${inst.vrid}`;
      if (e.to !== 'MASTER') return `${head}${e.detail ? `: ${e.detail}` : ''}`;
      return `${head}: ${becameMaster(trace, index.frameAt(e.t), inst, e.cause)}`;
    }
    case 'priority': {
      if (e.from === e.to) return null;
      const terms = e.terms
        .map((x) => `${x.source} ${x.status} (${x.delta > 0 ? '+' : ''}${x.delta})`)
        .join(', ');
      const vrid = instanceOf(trace, e.instance)?.vrid;
      return `${at} — ${e.node} VRID ${vrid ?? '?'}: priority ${e.from} → ${e.to}${terms ? `: ${terms}` : ''}`;
    }
    case 'vip':
      return `${at} — ${e.node} ${e.op === 'add' ? 'added' : 'removed'} ${e.address} ${e.op === 'add' ? 'on' : 'from'} ${e.interface}`;
    case 'arp-cache':
      return `${at} — ${e.node} now reaches ${e.address} at ${e.mac}${e.previous ? ` (was ${e.previous})` : ''}`;
    case 'fault':
      return `${at} — ${e.label}`;
    case 'failover':
      return `${at} — VRID ${e.vrid} failed over from ${e.from ?? 'nobody'} to ${e.to}${e.gapUs !== null ? ` (${(e.gapUs / 1e6).toFixed(3)} s after the last advert)` : ''}`;
    case 'process':
      if (announcedByFault(e, trace)) return null;
      return `${at} — ${e.process} ${e.running ? 'started' : 'stopped'} on ${e.node}`;
    case 'daemon':
      if (announcedByFault(e, trace)) return null;
      return `${at} — keepalived on ${e.node} ${e.status}`;
    case 'link':
      if (announcedByFault(e, trace)) return null;
      return `${at} — ${e.node} ${e.interface} link ${e.up ? 'up' : 'down'}`;
    default:
      return null;
  }
}

/** The narration lines of all events with time in (from, to], oldest first, at most `limit` (latest kept). */
export function narrateBetween(
  trace: Trace,
  index: FrameIndex,
  from: Micros,
  to: Micros,
  limit = 50,
): string[] {
  const out: string[] = [];
  for (let k = eventCountAt(trace.events, from); k < trace.events.length; k++) {
    const e = trace.events[k];
    if (e.t > to) break;
    const line = narrate(e, trace, index);
    if (line) out.push(line);
  }
  return out.slice(-limit);
}
