/**
 * Timer values a capture shows: a `timing` event for a sender whenever its advertised interval or
 * priority changes. The interval is on the wire; the skew and Master_Down_Interval follow from it and
 * the advertised priority with keepalived's formulas (§2.2), for the RFC's 3 down-timer adverts (a
 * capture cannot show `down_timer_adverts`). A priority-0 advert is a resignation, not a timer value,
 * and changes nothing here.
 */
import type { TraceEvent, TraceInstance } from '../trace/types';
import { US_PER_CS } from '../vrrp/constants';
import { masterDownUs, skewUs } from '../vrrp/timers';
import * as P from './packet-index';

/** Same parameters as priorityEvents (trace-priority.ts). */
export function timingEvents(
  ix: P.PacketIndex,
  rowLimit: number,
  instanceOf: (row: number) => TraceInstance | undefined,
): TraceEvent[] {
  const events: TraceEvent[] = [];
  const last = new Map<string, string>();
  for (let row = 0; row < rowLimit; row++) {
    if (ix.kind[row] !== P.KIND_VRRP || ix.prio[row] === 0) continue;
    const inst = instanceOf(row);
    if (!inst) continue;
    const intervalUs = ix.intervalCs[row] * US_PER_CS;
    const prio = ix.prio[row];
    const key = `${intervalUs} ${prio}`;
    if (last.get(inst.id) === key) continue;
    last.set(inst.id, key);
    events.push({
      t: ix.tUs[row],
      kind: 'timing',
      node: inst.node,
      instance: inst.id,
      advertIntervalUs: intervalUs,
      masterAdvertIntervalUs: intervalUs,
      skewUs: skewUs(inst.version, prio, intervalUs),
      mdiUs: masterDownUs(inst.version, prio, intervalUs),
    });
  }
  return events;
}
