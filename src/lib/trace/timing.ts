/**
 * The timer values of an instance at any moment, read from the trace's `timing` events (recorded by
 * the simulator, and by analysis from the adverts a capture shows) instead of recomputed by readers.
 */
import { countAtOrBefore } from './search';
import type { Micros, Trace, TraceEvent } from './types';

export type TimingEvent = Extract<TraceEvent, { kind: 'timing' }>;

/** Each instance's timing events in time order (built once per trace). */
const byTrace = new WeakMap<Trace, Map<string, TimingEvent[]>>();

function timingsOf(trace: Trace): Map<string, TimingEvent[]> {
  let map = byTrace.get(trace);
  if (!map) {
    map = new Map();
    for (const e of trace.events) {
      if (e.kind !== 'timing') continue;
      const list = map.get(e.instance);
      if (list) list.push(e);
      else map.set(e.instance, [e]);
    }
    byTrace.set(trace, map);
  }
  return map;
}

/** The timer values `instance` had at `t` (the last timing event at or before t), or null when none was recorded. */
export function timingAt(trace: Trace, instance: string, t: Micros): TimingEvent | null {
  const list = timingsOf(trace).get(instance);
  if (!list) return null;
  const n = countAtOrBefore(list, t);
  return n > 0 ? list[n - 1] : null;
}
