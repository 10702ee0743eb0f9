/**
 * Comments for a pcapng export: each fault of the run (haproxy killed, link down, partition…) is written
 * as an opt_comment on the first packet sent at or after it, so Wireshark shows why the traffic changed
 * (`frame.comment`). Pure: returns new packets and leaves the trace untouched.
 */
import type { Trace, TracePacket } from '../trace/types';
import { countAtOrBefore } from '../trace/search';

/** `20.300 s: haproxy killed on prod-haproxy-000` (virtual time since the trace origin). */
function faultText(t: number, label: string): string {
  return `${(t / 1e6).toFixed(3)} s: ${label}`;
}

/**
 * The trace's packets with fault comments added. Several faults before one packet share its comment
 * (joined by "; "); an existing packet comment is kept first. Faults after the last packet are dropped.
 */
export function packetsWithFaultComments(trace: Trace): TracePacket[] {
  const notes = new Map<number, string[]>();
  for (const e of trace.events) {
    if (e.kind !== 'fault') continue;
    // First packet with t >= e.t: count of packets strictly before e.t.
    const k = countAtOrBefore(trace.packets, e.t - 1);
    if (k >= trace.packets.length) continue;
    const list = notes.get(k) ?? [];
    list.push(faultText(e.t, e.label));
    notes.set(k, list);
  }
  return trace.packets.map((p, k) => {
    const list = notes.get(k);
    if (!list) return p;
    const comment = [p.comment, ...list].filter(Boolean).join('; ');
    return { ...p, comment };
  });
}
