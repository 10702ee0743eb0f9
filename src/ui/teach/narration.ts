/**
 * Plain-text narration of trace events for the aria-live region and the tutorial's log, e.g.
 * "15.837 s — prod-haproxy-001 became MASTER of VRID 200: prod-haproxy-001's master-down timer (3.613 s) expired …". Text only: callers render
 * it with Svelte text interpolation, never as HTML, so names from configs and captures stay inert.
 */
import type { FrameIndex } from '../../lib/trace/frame';
import { describeOne, namerOf } from '../../lib/trace/cause';
import { failoverSentence } from '../../lib/trace/explain-failover';
import { eventCountAt } from '../../lib/trace/search';
import { secondsLabel } from '../../lib/trace/time';
import type { Micros, Trace, TraceEvent, TraceInstance } from '../../lib/trace/types';

function instanceOf(trace: Trace, id: string): TraceInstance | undefined {
  return trace.instances.find((i) => i.id === id);
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
export function narrate(e: TraceEvent, trace: Trace, _index: FrameIndex): string | null {
  const at = secondsLabel(e.t);
  switch (e.kind) {
    case 'state': {
      const inst = instanceOf(trace, e.instance);
      if (!inst) return null;
      const name = namerOf(trace.nodes);
      return `${at} — ${name(e.node)} became ${e.to} of VRID ${inst.vrid}: ${describeOne(e.cause, name)}`;
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
      return `${at} — ${failoverSentence(trace, e)}`;
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
