/**
 * Binary searches over time-sorted events and packets.
 */
import type { Micros, TraceEvent, TracePacket } from './types';

/** Number of items with `t <= time` (the insertion point after equal times). */
export function countAtOrBefore(items: readonly { t: Micros }[], time: Micros): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].t <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of items with `t < time` (the first item at or after it). */
export function countBefore(items: readonly { t: Micros }[], time: Micros): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].t < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function eventCountAt(events: readonly TraceEvent[], time: Micros): number {
  return countAtOrBefore(events, time);
}

/** Packets with from < t <= to, in order. */
export function packetsBetween(packets: readonly TracePacket[], from: Micros, to: Micros): TracePacket[] {
  return packets.slice(countAtOrBefore(packets, from), countAtOrBefore(packets, to));
}

/** The time of the first event strictly after t matching `pred`, or null. */
export function nextEventTime(
  events: readonly TraceEvent[],
  t: Micros,
  pred: (e: TraceEvent) => boolean = () => true,
): Micros | null {
  for (let k = countAtOrBefore(events, t); k < events.length; k++) if (pred(events[k])) return events[k].t;
  return null;
}

/** The time of the last event strictly before t matching `pred`, or null. */
export function previousEventTime(
  events: readonly TraceEvent[],
  t: Micros,
  pred: (e: TraceEvent) => boolean = () => true,
): Micros | null {
  for (let k = countAtOrBefore(events, t - 1) - 1; k >= 0; k--) if (pred(events[k])) return events[k].t;
  return null;
}
