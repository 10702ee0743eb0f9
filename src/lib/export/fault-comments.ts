/**
 * Comments for a pcapng export: each fault of the run (haproxy killed, link down, partition…) is written
 * as an opt_comment on the first packet sent at or after it, so Wireshark shows why the traffic changed
 * (`frame.comment`). Pure: returns new packets and leaves the trace untouched.
 */
import type { Trace, TracePacket } from '../trace/types';
import { countAtOrBefore } from '../trace/search';
import { secondsLabel } from '../trace/time';

/** `20.300 s: haproxy killed on prod-haproxy-000` (virtual time since the trace origin). */
function faultText(t: number, label: string): string {
  return `${secondsLabel(t)}: ${label}`;
}

/**
 * The trace's packets with fault comments added. Several faults before one packet share its comment
 * (joined by "; "); an existing packet comment is kept first. A fault after the last packet (a run
 * cut just after it) goes on the last packet, marked "after this frame", so none is lost; with no
 * packet at all there is nothing to carry it (the caller may write it as a section comment).
 */
export function packetsWithFaultComments(trace: Trace): TracePacket[] {
  const notes = new Map<number, string[]>();
  const last = trace.packets.length - 1;
  for (const e of trace.events) {
    if (e.kind !== 'fault' || last < 0) continue;
    // First packet with t >= e.t: count of packets strictly before e.t.
    const k = countAtOrBefore(trace.packets, e.t - 1);
    const text = k > last ? `after this frame, ${faultText(e.t, e.label)}` : faultText(e.t, e.label);
    const at = Math.min(k, last);
    const list = notes.get(at) ?? [];
    list.push(text);
    notes.set(at, list);
  }
  return trace.packets.map((p, k) => {
    const list = notes.get(k);
    if (!list) return p;
    const comment = [p.comment, ...list].filter(Boolean).join('; ');
    return { ...p, comment };
  });
}
